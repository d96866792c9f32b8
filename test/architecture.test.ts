/**
 * Rules about the source text itself, so that a later change cannot quietly undo them: each operation's path is
 * declared once (in its resource module), the stand-in takes paths and budgets from the registry instead of
 * declaring its own, and no two modules of src/ import each other at run time, directly or around a loop.
 */
import { assert, describe, it } from "@effect/vitest"
import { readdirSync, readFileSync } from "node:fs"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"
import { gaOperations, operations } from "../src/internal/registry.js"

const root = fileURLToPath(new URL("..", import.meta.url))

/** Every TypeScript file under src/, as a path from the repository root, with its text. */
const sources = readdirSync(Path.join(root, "src"), { recursive: true, encoding: "utf8" })
  .filter((file) => file.endsWith(".ts"))
  .sort()
  .map((file) => {
    const path = Path.posix.join("src", file.split(Path.sep).join("/"))
    return { path, text: readFileSync(Path.join(root, path), "utf8") }
  })

/** The stand-in: the testing entry, its modules and the bin that serves it. */
const standIn = sources.filter(({ path }) =>
  path === "src/testing.ts" || path.startsWith("src/testing/") || path.startsWith("src/bin/")
)

/** Each line of `files` that matches `pattern`, as `path:line: text`. */
const linesMatching = (files: ReadonlyArray<{ readonly path: string; readonly text: string }>, pattern: RegExp) =>
  files.flatMap(({ path, text }) =>
    text.split("\n").flatMap((line, index) => pattern.test(line) ? [`${path}:${index + 1}: ${line.trim()}`] : [])
  )

/** How often `text` occurs as a whole string literal: quoted, as a declaration writes it. */
const literalCount = (source: string, text: string) =>
  source.split(new RegExp(`["'\`]${text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}["'\`]`)).length - 1

/**
 * The modules of src/ a module imports at run time: `import ... from`, `import "..."` and `export ... from` with a
 * relative specifier, but not `import type` or `export type`, which leave no import in the emitted JavaScript.
 */
const runtimeImports = (path: string, text: string): ReadonlyArray<string> =>
  [
    ...text.matchAll(/^import\s+(?!type\s)[^"']*?\sfrom\s+["'](\.{1,2}\/[^"']+)["']/gm),
    ...text.matchAll(/^import\s+["'](\.{1,2}\/[^"']+)["']/gm),
    ...text.matchAll(/^export\s+(?!type\s)[^"']*?\sfrom\s+["'](\.{1,2}\/[^"']+)["']/gm)
  ].map((match) => Path.posix.join(Path.posix.dirname(path), (match[1] ?? "").replace(/\.js$/, ".ts")))

const graph = new Map(sources.map(({ path, text }) => [path, runtimeImports(path, text)]))

/** Every loop of imports, each as the modules around it with the first repeated at the end. */
const cycles = (): ReadonlyArray<ReadonlyArray<string>> => {
  const found: Array<ReadonlyArray<string>> = []
  const finished = new Set<string>()
  const visit = (module: string, path: ReadonlyArray<string>) => {
    const loop = path.indexOf(module)
    if (loop !== -1) return void found.push([...path.slice(loop), module])
    if (finished.has(module)) return
    for (const imported of graph.get(module) ?? []) visit(imported, [...path, module])
    finished.add(module)
  }
  for (const module of graph.keys()) visit(module, [])
  return found
}

describe("architecture", () => {
  it("each operation's path is declared once in src/: one string literal per operation on it", () => {
    const declarations = [...operations, ...gaOperations]
    const paths = [...new Set(declarations.map((operation) => operation.path))]
    const declared = Object.fromEntries(
      paths.map((path) => [path, sources.reduce((count, { text }) => count + literalCount(text, path), 0)])
    )
    const expected = Object.fromEntries(
      paths.map((path) => [path, declarations.filter((operation) => operation.path === path).length])
    )
    assert.deepStrictEqual(declared, expected)
  })

  it("the stand-in declares no path of its own: it routes by the registry's templates", () => {
    assert.deepStrictEqual(linesMatching(standIn, /["'`]\/[A-Za-z]/), [])
  })

  it("the stand-in declares no budget of its own: it counts the registry's", () => {
    assert.deepStrictEqual(
      linesMatching(standIn, /\b(perSecond|perMinute|perDay)\b|\blimit\s*:\s*\d|internal\/rateLimit\.js/),
      []
    )
  })

  it("the stand-in checks times itself, with none of the client's request schemas", () => {
    assert.deepStrictEqual(linesMatching(standIn, /requestFields\.js|parseRfc3339/), [])
  })

  it("no import cycle among the modules of src/, counting run-time imports only", () => {
    // The parser sees a run-time import and skips a type-only one (both in the stand-in's own modules).
    assert.include(graph.get("src/testing/internal/app.ts") ?? [], "src/internal/registry.ts")
    assert.notInclude(graph.get("src/testing/StandIn.ts") ?? [], "src/OperationId.ts")
    assert.deepStrictEqual(cycles(), [])
  })
})
