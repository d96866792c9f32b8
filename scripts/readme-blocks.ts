/**
 * `npm run check:readme`: type-checks every ```ts block of README.md as a user's project would see it, so the docs
 * cannot drift from the API. Each block becomes its own module under `.readme-blocks/` (git-ignored) and must compile
 * on its own, imports included; errors are reported at their README line.
 */
import * as Schema from "effect/Schema"
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import ts from "typescript"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const readmePath = path.join(root, "README.md")
const outDir = path.join(root, ".readme-blocks")

interface Block {
  /** The README line of the block's first line of code (1-based). */
  readonly line: number
  readonly code: string
}

/** The ```ts (or ```typescript) fences of a Markdown text; other languages are not TypeScript and are left out. */
const typeScriptBlocks = (markdown: string): ReadonlyArray<Block> => {
  const blocks: Array<Block> = []
  let open: { readonly line: number; readonly lines: Array<string>; readonly typeScript: boolean } | undefined
  markdown.split("\n").forEach((text, index) => {
    const fence = /^```\s*(\S*)/.exec(text)
    if (open === undefined) {
      if (fence !== null) open = { line: index + 2, lines: [], typeScript: /^(ts|typescript)$/.test(fence[1] ?? "") }
    } else if (fence !== null && fence[1] === "") {
      if (open.typeScript) blocks.push({ line: open.line, code: open.lines.join("\n") + "\n" })
      open = undefined
    } else {
      open.lines.push(text)
    }
  })
  if (open !== undefined) throw new Error(`README.md:${open.line - 1}: code fence never closed`)
  return blocks
}

const Manifest = Schema.parseJson(Schema.Struct({
  name: Schema.String,
  exports: Schema.Record({
    key: Schema.String,
    value: Schema.Union(Schema.String, Schema.Struct({ types: Schema.optional(Schema.String) }))
  })
}))

/**
 * `paths` for exactly the package's public entry points, read from package.json `exports` and pointed at the sources
 * the published `.d.ts` are built from: a block resolves `effect-samsara`, `effect-samsara/node` and
 * `effect-samsara/testing` as an installed package does, without a build, and a deep import that `exports` blocks
 * fails here too.
 */
const entryPointPaths = (): Record<string, Array<string>> => {
  const manifest = Schema.decodeUnknownSync(Manifest)(fs.readFileSync(path.join(root, "package.json"), "utf8"))
  const paths: Record<string, Array<string>> = {}
  for (const [subpath, target] of Object.entries(manifest.exports)) {
    const types = typeof target === "string" ? undefined : target.types
    const source = types === undefined ? undefined : /^\.\/dist\/(.+)\.d\.ts$/.exec(types)?.[1]
    if (source !== undefined) paths[manifest.name + subpath.slice(1)] = [`../src/${source}.ts`]
  }
  return paths
}

const blockFile = (block: Block) => path.join(outDir, `line-${String(block.line).padStart(4, "0")}.ts`)

const blocks = typeScriptBlocks(fs.readFileSync(readmePath, "utf8"))
fs.rmSync(outDir, { recursive: true, force: true })
fs.mkdirSync(outDir)
fs.writeFileSync(path.join(outDir, ".gitignore"), "*\n")
// The repository's strict settings; only unused locals are allowed, since a block defines values for the reader.
const tsconfig = {
  extends: "../tsconfig.base.json",
  compilerOptions: { noEmit: true, noUnusedLocals: false, moduleDetection: "force", paths: entryPointPaths() },
  include: ["*.ts"]
}
fs.writeFileSync(path.join(outDir, "tsconfig.json"), JSON.stringify(tsconfig, null, 2) + "\n")
const byFile = new Map(blocks.map((block) => [blockFile(block), block]))
for (const [file, block] of byFile) fs.writeFileSync(file, block.code)

const config = ts.getParsedCommandLineOfConfigFile(path.join(outDir, "tsconfig.json"), {}, {
  ...ts.sys,
  onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
    throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"))
  }
})
if (config === undefined) throw new Error("could not read .readme-blocks/tsconfig.json")
const program = ts.createProgram({ rootNames: config.fileNames, options: config.options })
const diagnostics = ts.getPreEmitDiagnostics(program)

/** A diagnostic at its README line when it is in a block (the generated file is named too, to open it). */
const describe = (diagnostic: ts.Diagnostic): string => {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n  ")
  const { file, start } = diagnostic
  if (file === undefined || start === undefined) return `error TS${diagnostic.code}: ${message}`
  const position = file.getLineAndCharacterOfPosition(start)
  const block = byFile.get(path.normalize(file.fileName))
  const where = block === undefined
    ? `${path.relative(root, file.fileName)}:${position.line + 1}:${position.character + 1}`
    : `README.md:${block.line + position.line}:${position.character + 1} (${path.relative(root, file.fileName)})`
  const source = file.text.split("\n")[position.line] ?? ""
  return `${where} error TS${diagnostic.code}: ${message}\n  | ${source}`
}

for (const diagnostic of diagnostics) console.error(describe(diagnostic))
if (diagnostics.length > 0) {
  console.error(`README.md: ${diagnostics.length} type error(s) in ${blocks.length} ts blocks`)
  process.exitCode = 1
} else {
  console.log(`README.md: all ${blocks.length} ts blocks type-check`)
}
