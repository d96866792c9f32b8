/**
 * Plumbing shared by the bench scripts: the loopback server process, child processes that answer with one line of
 * JSON, medians and measurements.
 */
import { Schema } from "effect"
import * as esbuild from "esbuild"
import { type ChildProcess, fork, spawn } from "node:child_process"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"

export const benchDir = Path.dirname(fileURLToPath(import.meta.url))
export const rootDir = Path.dirname(benchDir)

/** Node flags that run a TypeScript bench script with `effect-samsara` mapped to the sources. */
export const tsxArgs: ReadonlyArray<string> = ["--import", "tsx"]

export interface Server {
  readonly url: string
  readonly stop: () => void
}

const Ready = Schema.Struct({ port: Schema.Number })

/** Starts `bench/server.ts` in its own process and waits until it listens. */
export const startServer = (args: ReadonlyArray<string> = []): Promise<Server> =>
  new Promise((resolve, reject) => {
    const child: ChildProcess = fork(Path.join(benchDir, "server.ts"), [...args], {
      cwd: rootDir,
      execArgv: [...tsxArgs],
      stdio: ["ignore", "inherit", "inherit", "ipc"]
    })
    child.once("error", reject)
    child.once("exit", (code) => reject(new Error(`bench server exited with ${code}`)))
    child.once("message", (message) => {
      const ready = Schema.decodeUnknownSync(Ready)(message)
      resolve({ url: `http://127.0.0.1:${ready.port}`, stop: () => child.kill() })
    })
  })

/**
 * Runs `node <args>` in `rootDir` and decodes the last line it prints as JSON of `schema`. Its stderr passes
 * through.
 */
export const runChild = <A, I>(
  args: ReadonlyArray<string>,
  schema: Schema.Schema<A, I>
): Promise<A> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...args], { cwd: rootDir, stdio: ["ignore", "pipe", "inherit"] })
    let output = ""
    child.stdout.setEncoding("utf8")
    child.stdout.on("data", (chunk: string) => {
      output += chunk
    })
    child.once("error", reject)
    child.once("close", (code) => {
      const last = output.trim().split("\n").at(-1) ?? ""
      if (code !== 0) return reject(new Error(`node ${args.join(" ")} exited with ${code}: ${output.slice(-2000)}`))
      try {
        resolve(Schema.decodeUnknownSync(Schema.parseJson(schema))(last))
      } catch (error) {
        reject(error)
      }
    })
  })

export const median = (values: ReadonlyArray<number>): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  const upper = sorted[middle] ?? Number.NaN
  const lower = sorted[middle - 1] ?? upper
  return sorted.length % 2 === 1 ? upper : (lower + upper) / 2
}

/** Times `run` after a full GC (when exposed); fails when it does not produce the expected count. */
export const timed = async (run: () => Promise<number>, expected: number): Promise<number> => {
  globalThis.gc?.()
  const start = performance.now()
  const count = await run()
  const millis = performance.now() - start
  if (count !== expected) throw new Error(`expected ${expected} items, got ${count}`)
  return millis
}

/** `items` rotated left by `by`: round r runs the clients as ABC, BCA, CAB, ... */
export const rotate = <A>(items: ReadonlyArray<A>, by: number): ReadonlyArray<A> => {
  const shift = items.length === 0 ? 0 : by % items.length
  return [...items.slice(shift), ...items.slice(0, shift)]
}

/** One measured quantity of one client in one scenario, every round's value kept. */
export const Measurement = Schema.Struct({
  scenario: Schema.String,
  client: Schema.String,
  metric: Schema.String,
  unit: Schema.String,
  samples: Schema.Array(Schema.Number),
  median: Schema.Number
})
export type Measurement = typeof Measurement.Type

export const measurement = (
  fields: Omit<Measurement, "median" | "samples">,
  samples: ReadonlyArray<number>
): Measurement => ({ ...fields, samples, median: median(samples) })

/**
 * Bundles a one-client child (`memory.ts` or `cold.ts`) into `bench/.cache/<kind>-<client>.mjs`, run by plain
 * `node`. Packages stay external; `effect-samsara` comes from the sources for memory and stays external for the
 * cold mode, so node loads it from `dist/` through the package's self-reference, as an application would.
 */
export const bundleChild = async (kind: "memory" | "cold", client: string) => {
  const outfile = Path.join(benchDir, ".cache", `${kind}-${client}.mjs`)
  const measure = kind === "memory" ? "measureMemory" : "measureCold"
  const result = await esbuild.build({
    stdin: {
      contents: `import { make } from "./clients/${client}.ts"\n` +
        `import { ${measure} } from "./${kind}.ts"\nawait ${measure}(make)\n`,
      resolveDir: benchDir,
      loader: "ts",
      sourcefile: `${kind}-${client}.ts`
    },
    bundle: true,
    platform: "node",
    format: "esm",
    outfile,
    metafile: true,
    logLevel: "error",
    external: ["effect", "@effect/*", "undici", "@samsarahq/samsara", ...(kind === "cold" ? ["effect-samsara"] : [])]
  })
  return { outfile, fromSrc: Object.keys(result.metafile.inputs).some((input) => input.startsWith("src/")) }
}
