/**
 * An A/B of two builds of effect-samsara, to re-measure the hand-rolled twins of Effect combinators
 * (`src/internal/twins.ts`, results in `bench/TWINS.md`): A is one `dist/` folder, B another where one twin is
 * replaced by the combinator, measured on the rows the twin claims to help.
 *
 * ```sh
 * npx tsc -p tsconfig.build.json                                  # A: dist/
 * git worktree add --detach /tmp/twin HEAD && ln -s "$PWD/node_modules" /tmp/twin/node_modules
 * # replace the twin in /tmp/twin/src, then build B:
 * (cd /tmp/twin && npx tsc -p tsconfig.build.json)
 * npx tsx bench/twins.ts --b=/tmp/twin/dist --rows=walk,callers --transport=memory --rounds=5
 * git worktree remove --force /tmp/twin
 * ```
 *
 * Flags: `--a=<dist>` (default `dist`), `--b=<dist>`, `--rows=` a comma-separated list of walk, callers, run-data,
 * decode-courses, decode-run-data, paced (default walk,callers), `--modes=cold,warm` (the default), `--rounds=5`,
 * `--transport=loopback|node|memory` (default loopback: `bench/server.ts` in its own process, reached over
 * `NodeHttpClient.layerUndici`; node: the same server over the build's own `effect-samsara/node` transport,
 * `layerHttpClient`; memory answers in the measuring process, so no server competes for a core), `--transport-b=`
 * (B's transport, by default the same: `--a=dist --b=dist --transport=loopback --transport-b=node` is an A/B of the
 * transports on one build), `--label=` (names B in the output).
 *
 * Cold runs each measurement in a fresh process, as a job or a CLI runs; warm keeps one process per build,
 * measured after one warm-up. A and B alternate, AB then BA. Prints a Markdown table of B/A (above 1: the twin
 * pays) of the medians, the median of the rounds' B/A and their range, of wall time and of the measuring
 * process's CPU time, which other work on a shared machine disturbs less; each round's milliseconds go to stderr.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { Effect, Layer, ManagedRuntime, Redacted, Schedule, Schema, Stream } from "effect"
import type * as EffectSamsara from "effect-samsara"
import type * as EffectSamsaraNode from "effect-samsara/node"
import { type ChildProcess, fork } from "node:child_process"
import { existsSync } from "node:fs"
import * as Fs from "node:fs/promises"
import * as Path from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { concurrentlyEffect } from "./clients/client.js"
import { benchDir, median, rootDir, startServer, tsxArgs } from "./harness.js"

const rowNames = ["walk", "callers", "run-data", "decode-courses", "decode-run-data", "paced"] as const
type Row = typeof rowNames[number]
const RowName = Schema.Literal(...rowNames)

/** What each row measures. */
const rows: Record<Row, string> = {
  walk: "pagination: one walk over 1,000 pages × 100 courses, `streamTrainingCourses`",
  callers: "concurrency: 64 callers × 50 pages at once",
  "run-data": "heavy page: `getCustomReportRunData` of one 10,000 × 20 page, the mean of 3 fetches",
  "decode-courses": "JSON.parse + `GetTrainingCoursesResponse` of 1,000 course pages, in process",
  "decode-run-data": "JSON.parse + `GetCustomReportRunDataResponse` of the 10,000 × 20 page, in process",
  paced: "a walk over 200 pages with pacing on (budget overridden to 1,000/s; the 150/s token ceiling applies): " +
    "it waits most of its time, so only its CPU time says what pacing costs"
}

/** The distinct course pages' `data` arrays and the heavy run-data page, as JSON text. */
const Bodies = Schema.Struct({ courseData: Schema.Array(Schema.String), runData: Schema.String })
type Bodies = typeof Bodies.Type
const Transport = Schema.Literal("loopback", "node", "memory")
type Transport = typeof Transport.Type
const Ready = Schema.Struct({ ready: Schema.Literal(true) })
const Request = Schema.Struct({ row: RowName })
/** One measurement, in milliseconds: wall time, and the CPU time of the measuring process (all its threads). */
const Sample = Schema.Struct({ wall: Schema.Number, cpu: Schema.Number })
type Sample = typeof Sample.Type

const bodiesFile = Path.join(benchDir, ".cache", "twins-bodies.json")
const self = fileURLToPath(import.meta.url)

const flag = (name: string): string | undefined =>
  process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3)

/** Times `run` after a full GC; fails when it does not produce the expected count. */
const sample = async (run: () => Promise<number>, expected: number): Promise<Sample> => {
  globalThis.gc?.()
  const cpuBefore = process.cpuUsage()
  const start = performance.now()
  const count = await run()
  const wall = performance.now() - start
  const cpu = process.cpuUsage(cpuBefore)
  if (count !== expected) throw new Error(`expected ${expected} items, got ${count}`)
  return { wall, cpu: (cpu.user + cpu.system) / 1_000 }
}

/**
 * Course page `index` of `total`, as `bench/server.ts` serves it (the same text as `fixtures.ts`'s
 * `coursePageBody`, which a child cannot import: it would load effect-samsara's sources into the measured process).
 */
const coursePage = (bodies: Bodies, index: number, total: number) => {
  const more = index + 1 < total
  const items = bodies.courseData[index % bodies.courseData.length] ?? "[]"
  return `{"data":${items},"pagination":{"endCursor":"${more ? `c${index + 1}` : ""}","hasNextPage":${more}}}`
}

const coursesPath = /^\/n\/(\d+)\/preview\/training-courses$/

/**
 * An in-memory `HttpClient` answering as `bench/server.ts` does, one event-loop turn after the request, as
 * `allocation.ts`'s: the measured process then does all the work, and no server competes for the CPU.
 */
const inMemory = (bodies: Bodies) =>
  HttpClient.make((request, url) =>
    Effect.async<HttpClientResponse.HttpClientResponse>((resume) => {
      const total = coursesPath.exec(url.pathname)?.[1]
      const after = url.searchParams.get("after")
      const body = total === undefined
        ? bodies.runData
        : coursePage(bodies, after === null ? 0 : Number(after.slice(1)), Number(total))
      const headers = { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) }
      const timer = setImmediate(() =>
        resume(Effect.succeed(HttpClientResponse.fromWeb(request, new Response(body, { status: 200, headers }))))
      )
      return Effect.sync(() => clearImmediate(timer))
    })
  )

const nodeEntry = async (dist: string): Promise<typeof EffectSamsaraNode> =>
  import(pathToFileURL(Path.join(dist, "node.js")).href)

/**
 * A child: loads one build (and nothing else of effect-samsara, so a cold process warms no shared code before it
 * is timed), says it is ready, then measures each row it is asked for, once per request.
 */
const child = async (dist: string, serverUrl: string, transport: Transport) => {
  const lib: typeof EffectSamsara = await import(pathToFileURL(Path.join(dist, "index.js")).href)
  const { CustomReports, SamsaraClient, TrainingCourses } = lib
  const bodies = existsSync(bodiesFile)
    ? Schema.decodeUnknownSync(Schema.parseJson(Bodies))(await Fs.readFile(bodiesFile, "utf8"))
    : { courseData: [], runData: "" }
  const http = transport === "memory"
    ? Layer.succeed(HttpClient.HttpClient, inMemory(bodies))
    : transport === "node"
    ? (await nodeEntry(dist)).layerHttpClient
    : NodeHttpClient.layerUndici
  type RateLimit = EffectSamsara.SamsaraClient.Options["rateLimit"]
  const runtimeFor = (baseUrl: string, rateLimit: RateLimit) =>
    ManagedRuntime.make(
      Layer.mergeAll(TrainingCourses.layer, CustomReports.layer).pipe(
        Layer.provide(
          SamsaraClient.layer({ token: Redacted.make("bench"), baseUrl, retry: Schedule.recurs(0), rateLimit })
        ),
        Layer.provide(http)
      )
    )
  const runtimes = new Map<string, ReturnType<typeof runtimeFor>>()
  /** One runtime per server path and pacing, built before anything is timed and kept for the process's life. */
  const runtime = async (path: string, rateLimit: RateLimit = false) => {
    const key = `${path} ${rateLimit === false ? "" : "paced"}`
    const existing = runtimes.get(key)
    if (existing !== undefined) return existing
    const made = runtimeFor(`${serverUrl}${path}`, rateLimit)
    await made.runtime()
    runtimes.set(key, made)
    return made
  }
  const walk = Effect.flatMap(TrainingCourses, (service) => Stream.runCount(service.streamTrainingCourses()))
  const fetchRunData = Effect.flatMap(
    CustomReports,
    (service) => Effect.map(service.getCustomReportRunData({ id: "bench-run" }), (page) => page.data.rows.length)
  )
  const decodeAll = (texts: ReadonlyArray<string>, decode: (json: unknown) => unknown) => () => {
    for (const text of texts) decode(JSON.parse(text))
    return Promise.resolve(texts.length)
  }
  const coursePages = Array.from({ length: 1_000 }, (_, index) => coursePage(bodies, index, 1_000))
  const decodeCourses = Schema.decodeUnknownSync(lib.GetTrainingCoursesResponse)
  const decodeRunData = Schema.decodeUnknownSync(lib.GetCustomReportRunDataResponse)
  const measure = async (row: Row): Promise<Sample> => {
    switch (row) {
      case "walk": {
        const courses = await runtime("/n/1000")
        return sample(() => courses.runPromise(walk), 100_000)
      }
      case "callers": {
        const courses = await runtime("/n/50")
        return sample(() => courses.runPromise(concurrentlyEffect(walk, 64)), 64 * 50 * 100)
      }
      case "run-data": {
        const heavy = await runtime("/heavy")
        const fetches: Array<Sample> = []
        for (let fetch = 0; fetch < 3; fetch++) fetches.push(await sample(() => heavy.runPromise(fetchRunData), 10_000))
        const mean = (values: ReadonlyArray<number>) => values.reduce((sum, value) => sum + value, 0) / values.length
        return { wall: mean(fetches.map((one) => one.wall)), cpu: mean(fetches.map((one) => one.cpu)) }
      }
      case "decode-courses":
        return sample(decodeAll(coursePages, decodeCourses), 1_000)
      case "decode-run-data":
        return sample(decodeAll([bodies.runData], decodeRunData), 1)
      case "paced": {
        const paced = await runtime("/n/200", { budgets: { getTrainingCourses: { limit: 1_000, window: "1 second" } } })
        return sample(() => paced.runPromise(walk), 20_000)
      }
    }
  }
  process.on("message", (message) => {
    const { row } = Schema.decodeUnknownSync(Request)(message)
    void measure(row).then((measured) => process.send?.(measured), (error: unknown) => {
      process.stderr.write(`${String(error)}\n`)
      process.exit(1)
    })
  })
  process.on("disconnect", () => process.exit(0))
  process.send?.({ ready: true })
}

interface Runner {
  readonly measure: (row: Row) => Promise<Sample>
  readonly stop: () => void
}

/** A child process measuring the build in `dist`, once it has loaded it. */
const spawnChild = (dist: string, serverUrl: string, transport: Transport) =>
  new Promise<Runner>((resolve, reject) => {
    const worker: ChildProcess = fork(self, [
      "--child",
      `--dist=${dist}`,
      `--server=${serverUrl}`,
      `--transport=${transport}`
    ], {
      cwd: rootDir,
      execArgv: [...tsxArgs, "--expose-gc"],
      stdio: ["ignore", "inherit", "inherit", "ipc"]
    })
    let pending: { readonly done: (measured: Sample) => void; readonly failed: (error: Error) => void } | undefined
    worker.once("error", reject)
    worker.once("exit", (code) => {
      if (code === 0 || code === null) return
      const error = new Error(`the child measuring ${dist} exited with ${code}`)
      reject(error)
      pending?.failed(error)
    })
    worker.on("message", (message) => {
      if (Schema.is(Ready)(message)) {
        return resolve({
          measure: (row) =>
            new Promise((done, failed) => {
              pending = { done, failed }
              worker.send({ row })
            }),
          stop: () => worker.kill()
        })
      }
      pending?.done(Schema.decodeUnknownSync(Sample)(message))
    })
  })

interface Samples {
  readonly a: Array<Sample>
  readonly b: Array<Sample>
}

/** `rounds` rounds of A and B, AB then BA and so on; cold forks a process per measurement. */
const compare = async (
  mode: "cold" | "warm",
  row: Row,
  rounds: number,
  dists: { readonly a: string; readonly b: string },
  serverUrl: string,
  transports: { readonly a: Transport; readonly b: Transport }
): Promise<Samples> => {
  const samples: Samples = { a: [], b: [] }
  const warm = mode === "warm"
    ? {
      a: await spawnChild(dists.a, serverUrl, transports.a),
      b: await spawnChild(dists.b, serverUrl, transports.b)
    }
    : undefined
  if (warm !== undefined) {
    await warm.a.measure(row)
    await warm.b.measure(row)
  }
  for (let round = 0; round < rounds; round++) {
    for (const side of round % 2 === 0 ? (["a", "b"] as const) : (["b", "a"] as const)) {
      const runner = warm?.[side] ?? await spawnChild(dists[side], serverUrl, transports[side])
      samples[side].push(await runner.measure(row))
      if (warm === undefined) runner.stop()
    }
  }
  warm?.a.stop()
  warm?.b.stop()
  return samples
}

/** Writes what the decode rows and the in-memory transport serve, so a child never loads the stand-in. */
const writeBodies = async () => {
  const { courseData, runDataBody } = await import("./fixtures.js")
  const bodies: Bodies = { courseData: await courseData(), runData: runDataBody(10_000, 20) }
  await Fs.mkdir(Path.dirname(bodiesFile), { recursive: true })
  await Fs.writeFile(bodiesFile, JSON.stringify(bodies))
}

/**
 * B/A of one measure: of the medians; the median of the rounds' B/A (A and B of a round ran one after the other, so
 * a change in the machine's load between rounds cancels out); and the range of the rounds' B/A.
 */
const ratios = ({ a, b }: Samples, of: keyof Sample) => {
  const inRound = a.map((one, index) => (b[index]?.[of] ?? Number.NaN) / one[of])
  const medianRatio = median(b.map((one) => one[of])) / median(a.map((one) => one[of]))
  return `${medianRatio.toFixed(3)} | ${median(inRound).toFixed(3)} | ` +
    `${Math.min(...inRound).toFixed(2)}–${Math.max(...inRound).toFixed(2)}`
}

const main = async () => {
  const dists = { a: Path.resolve(rootDir, flag("a") ?? "dist"), b: Path.resolve(rootDir, flag("b") ?? "") }
  for (const dist of [dists.a, dists.b]) {
    if (!existsSync(Path.join(dist, "index.js"))) throw new Error(`${dist} has no index.js: pass --a/--b dist folders`)
  }
  const chosen = Schema.decodeUnknownSync(Schema.Array(RowName))((flag("rows") ?? "walk,callers").split(","))
  const modes = Schema.decodeUnknownSync(Schema.Array(Schema.Literal("cold", "warm")))(
    (flag("modes") ?? "cold,warm").split(",")
  )
  const rounds = Number(flag("rounds") ?? 5)
  const transport = Schema.decodeUnknownSync(Transport)(flag("transport") ?? "loopback")
  const transports = { a: transport, b: Schema.decodeUnknownSync(Transport)(flag("transport-b") ?? transport) }
  const noServer = transports.a === "memory" && transports.b === "memory"
  if (transports.a === "memory" || transports.b === "memory" || chosen.some((row) => row.startsWith("decode-"))) {
    await writeBodies()
  }
  const server = noServer ? { url: "http://127.0.0.1", stop: () => {} } : await startServer()
  const lines: Array<string> = []
  try {
    for (const row of chosen) {
      for (const mode of modes) {
        const samples = await compare(mode, row, rounds, dists, server.url, transports)
        for (const measured of ["wall", "cpu"] as const) {
          const shown = (side: ReadonlyArray<Sample>) => side.map((one) => one[measured].toFixed(0)).join(" ")
          process.stderr.write(`  ${row} ${mode}, ${measured} ms: A ${shown(samples.a)} | B ${shown(samples.b)}\n`)
        }
        lines.push(`| ${row} | ${mode} | ${ratios(samples, "wall")} | ${ratios(samples, "cpu")} |`)
      }
    }
  } finally {
    server.stop()
  }
  process.stdout.write(
    [
      `${flag("label") ?? "B"}: B = ${dists.b} (${transports.b}), A = ${dists.a} (${transports.a}), ${rounds} rounds`,
      "",
      "| Row | Mode | Wall B/A | Median round | Range | CPU B/A | Median round | Range |",
      "|---|---|---:|---:|---:|---:|---:|---:|",
      ...lines,
      "",
      ...chosen.map((row) => `- ${row}: ${rows[row]}`),
      ""
    ].join("\n")
  )
}

if (process.argv.includes("--child")) {
  await child(flag("dist") ?? "", flag("server") ?? "", Schema.decodeUnknownSync(Transport)(flag("transport")))
} else await main()
