/**
 * Scenario 5: cold `import` time and RSS of each client's entry points in a fresh plain `node` (effect-samsara from
 * the built `dist/` through the package's self-reference), and the min+gzip size of an esbuild bundle of a file
 * that makes one `getTrainingCourses` call.
 */
import { Schema } from "effect"
import * as esbuild from "esbuild"
import { promisify } from "node:util"
import * as Zlib from "node:zlib"
import { type ClientName, clientNames } from "./clients/client.js"
import { rootDir, runChild } from "./harness.js"

/** What each client's user imports before making a call. */
const entryPoints: { readonly [C in ClientName]: ReadonlyArray<string> } = {
  raw: ["undici"],
  sdk: ["@samsarahq/samsara"],
  effect: ["effect", "effect-samsara", "effect-samsara/node"]
}

const Loaded = Schema.Struct({ millis: Schema.Number, rss: Schema.Number })

/** Imports `client`'s entry points in a new process; the time from the first import to the last and the RSS after. */
export const coldImport = (client: ClientName) => {
  const imports = entryPoints[client].map((specifier) => `await import(${JSON.stringify(specifier)})`).join("; ")
  const code = `const start = performance.now(); ${imports}; ` +
    `console.log(JSON.stringify({ millis: performance.now() - start, rss: process.memoryUsage().rss / 1048576 }))`
  return runChild(["--input-type=module", "-e", code], Loaded)
}

/** A file that makes one `getTrainingCourses` call, per client; effect-samsara in three ways of composing it. */
export const bundleEntries: ReadonlyArray<
  { readonly client: ClientName; readonly variant: string; readonly code: string }
> = [
  {
    client: "raw",
    variant: "undici.request",
    code: `import { request } from "undici"
const response = await request("https://api.samsara.com/preview/training-courses", {
  headers: { authorization: "Bearer " + process.env.SAMSARA_API_TOKEN }
})
console.log(JSON.parse(await response.body.text()))`
  },
  {
    client: "sdk",
    variant: "SamsaraClient",
    code: `import { SamsaraClient } from "@samsarahq/samsara"
const client = new SamsaraClient({ token: process.env.SAMSARA_API_TOKEN })
console.log(await client.trainingCourses.getTrainingCourses())`
  },
  {
    client: "effect",
    variant: "TrainingCourses.layer + NodeHttpClient.layerUndici",
    code: `import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { Effect, Layer, Redacted } from "effect"
import { SamsaraClient, TrainingCourses } from "effect-samsara"
const layer = TrainingCourses.layer.pipe(
  Layer.provide(SamsaraClient.layer({ token: Redacted.make(process.env.SAMSARA_API_TOKEN ?? "") })),
  Layer.provide(NodeHttpClient.layerUndici)
)
Effect.flatMap(TrainingCourses, (courses) => courses.getTrainingCourses()).pipe(
  Effect.provide(layer), Effect.runPromise
).then(console.log)`
  },
  {
    client: "effect",
    variant: "effect-samsara/node layer",
    code: `import { Effect, Redacted } from "effect"
import { TrainingCourses } from "effect-samsara"
import * as NodeSamsara from "effect-samsara/node"
Effect.flatMap(TrainingCourses, (courses) => courses.getTrainingCourses()).pipe(
  Effect.provide(NodeSamsara.layer({ token: Redacted.make(process.env.SAMSARA_API_TOKEN ?? "") })),
  Effect.runPromise
).then(console.log)`
  },
  {
    client: "effect",
    variant: "TrainingCourses.layer + FetchHttpClient.layer",
    code: `import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { Effect, Layer, Redacted } from "effect"
import { SamsaraClient, TrainingCourses } from "effect-samsara"
const layer = TrainingCourses.layer.pipe(
  Layer.provide(SamsaraClient.layer({ token: Redacted.make(process.env.SAMSARA_API_TOKEN ?? "") })),
  Layer.provide(FetchHttpClient.layer)
)
Effect.flatMap(TrainingCourses, (courses) => courses.getTrainingCourses()).pipe(
  Effect.provide(layer), Effect.runPromise
).then(console.log)`
  }
]

/**
 * Bundles `code` as an application would (platform node, ESM, minified; `effect-samsara` resolved through the
 * package's exports to `dist/`, not to the sources), and gzips it.
 */
export const bundleSize = async (code: string) => {
  const result = await esbuild.build({
    stdin: { contents: code, resolveDir: rootDir, loader: "js", sourcefile: "entry.js" },
    bundle: true,
    platform: "node",
    format: "esm",
    minify: true,
    write: false,
    metafile: true,
    logLevel: "error",
    // Without this esbuild would apply tsconfig.json's `paths`, which point the package name at the sources.
    tsconfigRaw: "{}"
  })
  const output = result.outputFiles[0]?.contents ?? new Uint8Array()
  const gzipped = await promisify(Zlib.gzip)(output, { level: 9 })
  const inputs = Object.keys(result.metafile.inputs)
  return {
    minified: output.byteLength,
    gzipped: gzipped.byteLength,
    fromDist: inputs.some((input) => input.startsWith("dist/")),
    fromSrc: inputs.some((input) => input.startsWith("src/"))
  }
}

export { clientNames }
