import { fileURLToPath } from "node:url"
import { defineConfig } from "vitest/config"

const source = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url))

export default defineConfig({
  resolve: {
    // Examples import the package by name, as users do; in this repository that name means the sources.
    alias: [
      { find: /^effect-samsara$/, replacement: source("index.ts") },
      { find: /^effect-samsara\/(.*)$/, replacement: source("$1.ts") }
    ]
  },
  test: {
    include: ["test/**/*.test.ts", "examples/**/*.test.ts"]
  }
})
