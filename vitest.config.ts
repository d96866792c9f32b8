import { fileURLToPath } from "node:url"
import { defineConfig } from "vitest/config"

const source = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url))

/** Suites that judge real timestamps; they run after the rest, one file at a time, so no other suite steals the CPU. */
const timing = ["test/load.test.ts", "test/redis.test.ts", "test/production.test.ts"]

export default defineConfig({
  resolve: {
    // Examples import the package by name, as users do; in this repository that name means the sources.
    alias: [
      { find: /^effect-samsara$/, replacement: source("index.ts") },
      { find: /^effect-samsara\/(.*)$/, replacement: source("$1.ts") }
    ]
  },
  test: {
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["test/**/*.test.ts", "examples/**/*.test.ts"], exclude: timing }
      },
      {
        extends: true,
        test: {
          name: "timing",
          include: timing,
          poolOptions: { forks: { singleFork: true } },
          sequence: { groupOrder: 1 }
        }
      }
    ]
  }
})
