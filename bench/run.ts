/**
 * `npm run bench [-- --quick] [-- --skip=timing,memory,startup] [-- --no-build]`: starts the loopback server in its
 * own process, runs every scenario with the three clients alternating, prints a Markdown table of medians and
 * ratios (and the issue's targets), and writes `bench/results.json` (`results-quick.json` for `--quick`).
 */
import { Array as Arr, Schema } from "effect"
import { spawn, spawnSync } from "node:child_process"
import { existsSync } from "node:fs"
import * as Fs from "node:fs/promises"
import * as Os from "node:os"
import * as Path from "node:path"
import { clientNames } from "./clients/client.js"
import {
  benchDir,
  bundleChild,
  Measurement,
  measurement,
  rootDir,
  rotate,
  runChild,
  startServer,
  tsxArgs
} from "./harness.js"
import { bundleEntries, bundleSize, coldImport } from "./startup.js"
import type { TimingConfig } from "./timing.js"

const flags = process.argv.slice(2)
const quick = flags.includes("--quick")
const skipped = new Set(flags.flatMap((flag) => flag.startsWith("--skip=") ? flag.slice(7).split(",") : []))

const config = quick
  ? {
    rounds: 2,
    pages: 100,
    callers: 16,
    callerPages: 10,
    heavyRows: 10_000,
    heavyColumns: 20,
    heavyFetches: 1,
    decodePages: 100,
    memoryPages: [30, 300],
    memoryRounds: 1,
    coldRounds: 3,
    startupRounds: 1
  }
  : {
    rounds: 5,
    pages: 1_000,
    callers: 64,
    callerPages: 50,
    heavyRows: 10_000,
    heavyColumns: 20,
    heavyFetches: 3,
    decodePages: 1_000,
    memoryPages: [1_000, 10_000, 20_000],
    memoryRounds: 2,
    coldRounds: 5,
    startupRounds: 5
  }

const coldPagination = `cold: pagination ${config.pages}×100`
const coldConcurrency = `cold: concurrency ${config.callers}×${config.callerPages} pages`
const items = (pages: number) => (pages * 100).toLocaleString("en")
const memoryScenario = (pages: number) => `memory, ${items(pages)} items`
const memoryGrowth = (from: number, to: number) => `memory growth, ${items(from)} → ${items(to)} items`

const measurements: Array<Measurement> = []
const problems: Array<string> = []
const log = (line: string) => process.stderr.write(`${line}\n`)
const started = performance.now()

const run = (command: string, args: ReadonlyArray<string>) =>
  new Promise<number>((resolve) => {
    const child = spawn(command, [...args], { cwd: rootDir, stdio: ["ignore", "inherit", "inherit"] })
    child.once("error", () => resolve(-1))
    child.once("close", (code) => resolve(code ?? -1))
  })

/** Bundles a one-client child and notes where it took effect-samsara from when that is not where it should. */
const bundledChild = async (kind: "memory" | "cold", client: string) => {
  const { fromSrc, outfile } = await bundleChild(kind, client)
  if (client === "effect" && fromSrc !== (kind === "memory")) {
    problems.push(`the ${kind} child ${fromSrc ? "bundled effect-samsara from src/" : "did not bundle src/"}`)
  }
  return outfile
}

// The cold mode and the start-up scenario load effect-samsara from dist/. A quick run reuses an existing dist/
// (possibly stale); a full run always builds it.
const needsDist = !skipped.has("cold") || !skipped.has("startup")
const reuseDist = flags.includes("--no-build") || (quick && existsSync(Path.join(rootDir, "dist", "index.js")))
let distReady = !needsDist || reuseDist
if (needsDist) {
  log(reuseDist ? "Using the existing dist/" : "Building dist/")
  if (!reuseDist) distReady = (await run("npm", ["run", "--silent", "build"])) === 0
  if (!distReady) problems.push("npm run build failed: the cold mode, start-up and size not measured")
}

const server = await startServer([`--heavy-rows=${config.heavyRows}`, `--heavy-columns=${config.heavyColumns}`])
try {
  if (!skipped.has("timing")) {
    log("Scenarios 1-3: pagination, concurrency, heavy page")
    const timingConfig: TimingConfig = { serverUrl: server.url, ...config }
    measurements.push(
      ...await runChild(
        [...tsxArgs, "--expose-gc", Path.join(benchDir, "timing.ts"), JSON.stringify(timingConfig)],
        Schema.Array(Measurement)
      )
    )
  }

  if (!skipped.has("cold") && distReady) {
    log("Cold mode: each walk in a fresh process, one client per process, effect-samsara from dist/")
    const Cold = Schema.Struct({
      items: Schema.Number,
      millis: Schema.Number,
      cpuMillis: Schema.Number,
      sinceStart: Schema.Number,
      peakRss: Schema.Number
    })
    const children = new Map(
      await Promise.all(clientNames.map(async (name) => [name, await bundledChild("cold", name)] as const))
    )
    const walks = [
      { scenario: coldPagination, pages: config.pages, callers: 1 },
      { scenario: coldConcurrency, pages: config.callerPages, callers: config.callers }
    ]
    const samples = new Map(
      walks.flatMap((walk) => clientNames.map((name) => [`${walk.scenario}|${name}`, new Array<typeof Cold.Type>()]))
    )
    // Round by round, each walk by each client in rotating order, so drifting load falls on all of them.
    for (let round = 0; round < config.coldRounds; round++) {
      for (const walk of walks) {
        for (const name of rotate(clientNames, round)) {
          const args = [children.get(name) ?? "", server.url, String(walk.pages), String(walk.callers)]
          const cold = await runChild(args, Cold)
          if (cold.items !== walk.pages * walk.callers * 100) {
            problems.push(`${walk.scenario} ${name}: saw ${cold.items} items`)
          }
          log(
            `  ${walk.scenario} ${name}: ${cold.millis.toFixed(0)} ms (CPU ${cold.cpuMillis.toFixed(0)} ms), ` +
              `${cold.sinceStart.toFixed(0)} ms from start, peak RSS ${cold.peakRss.toFixed(0)} MB`
          )
          samples.get(`${walk.scenario}|${name}`)?.push(cold)
        }
      }
    }
    for (const walk of walks) {
      for (const client of clientNames) {
        const list = samples.get(`${walk.scenario}|${client}`) ?? []
        const of = (metric: string, unit: string, pick: (cold: typeof Cold.Type) => number) =>
          measurements.push(measurement({ scenario: walk.scenario, client, metric, unit }, list.map(pick)))
        of("time", "ms", (cold) => cold.millis)
        of("CPU time", "ms", (cold) => cold.cpuMillis)
        of("from process start", "ms", (cold) => cold.sinceStart)
        of("peak RSS", "MB", (cold) => cold.peakRss)
      }
    }
  }

  if (!skipped.has("memory")) {
    log("Scenario 4: memory, one client per process")
    const Usage = Schema.Struct({
      items: Schema.Number,
      millis: Schema.Number,
      baseRss: Schema.Number,
      baseHeap: Schema.Number,
      peakRss: Schema.Number,
      peakHeap: Schema.Number
    })
    for (const pages of config.memoryPages) {
      const scenario = memoryScenario(pages)
      const children = new Map(
        await Promise.all(clientNames.map(async (name) => [name, await bundledChild("memory", name)] as const))
      )
      const usages = new Map(clientNames.map((name) => [name, new Array<typeof Usage.Type>()]))
      for (let round = 0; round < config.memoryRounds; round++) {
        for (const name of rotate(clientNames, round)) {
          const usage = await runChild([children.get(name) ?? "", server.url, String(pages)], Usage)
          if (usage.items !== pages * 100) problems.push(`${scenario} ${name}: saw ${usage.items} items`)
          log(
            `  ${scenario} ${name}: peak RSS ${usage.peakRss.toFixed(0)} MB, ` +
              `heap ${usage.peakHeap.toFixed(0)} MB, ${usage.millis.toFixed(0)} ms`
          )
          usages.get(name)?.push(usage)
        }
      }
      for (const [client, list] of usages) {
        const of = (metric: string, unit: string, pick: (usage: typeof Usage.Type) => number) =>
          measurements.push(measurement({ scenario, client, metric, unit }, list.map(pick)))
        of("peak RSS", "MB", (usage) => usage.peakRss)
        of("peak heap", "MB", (usage) => usage.peakHeap)
        of("RSS after loading", "MB", (usage) => usage.baseRss)
        of("time", "ms", (usage) => usage.millis)
      }
    }
    // The issue compares 100,000 with 1,000,000 items; the step to 2,000,000 shows whether growth has levelled off.
    for (const [from, to] of Arr.zip(config.memoryPages, config.memoryPages.slice(1))) {
      for (const client of clientNames) {
        for (const metric of ["peak RSS", "peak heap", "time"]) {
          const find = (pages: number) =>
            measurements.find((m) => m.scenario === memoryScenario(pages) && m.client === client && m.metric === metric)
              ?.median ?? Number.NaN
          measurements.push(
            measurement({ scenario: memoryGrowth(from, to), client, metric, unit: "×" }, [find(to) / find(from)])
          )
        }
      }
    }
  }
} finally {
  server.stop()
}

if (!skipped.has("startup") && distReady) {
  log("Scenario 5: start-up and bundle size")
  const loads = new Map(clientNames.map((name) => [name, new Array<{ millis: number; rss: number }>()]))
  for (let round = 0; round < config.startupRounds; round++) {
    for (const name of rotate(clientNames, round)) loads.get(name)?.push(await coldImport(name))
  }
  for (const [client, list] of loads) {
    const scenario = "start-up: cold import"
    measurements.push(
      measurement({ scenario, client, metric: "time", unit: "ms" }, list.map((load) => load.millis)),
      measurement({ scenario, client, metric: "RSS after import", unit: "MB" }, list.map((load) => load.rss))
    )
  }
  for (const entry of bundleEntries) {
    const size = await bundleSize(entry.code)
    if (entry.client === "effect" && !size.fromDist) problems.push(`bundle ${entry.variant}: not built from dist/`)
    const scenario = `bundle, one operation: ${entry.variant}`
    measurements.push(
      measurement({ scenario, client: entry.client, metric: "min+gzip", unit: "KB" }, [size.gzipped / 1024]),
      measurement({ scenario, client: entry.client, metric: "min", unit: "KB" }, [size.minified / 1024])
    )
  }
}

// The table: each row's ratio to raw and to the SDK in the same scenario and metric (bundles: the first of each).
const base = (client: string, row: Measurement) => {
  const sameScenario = measurements.filter((m) =>
    m.client === client && m.unit === row.unit &&
    (m.scenario === row.scenario || (row.scenario.startsWith("bundle") && m.scenario.startsWith("bundle")))
  )
  // The decode-only scenarios compare the schema's metric with raw's only one, JSON.parse.
  const same = sameScenario.find((m) => m.metric === row.metric) ??
    (sameScenario.length === 1 ? sameScenario[0] : undefined)
  return same?.median
}
const ratio = (value: number, to: number | undefined) =>
  to === undefined || to === 0 || !Number.isFinite(value / to) ? "" : `${(value / to).toFixed(2)}×`
const format = (value: number, unit: string) =>
  unit === "×" ? `${value.toFixed(2)}×` : `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ${unit}`

const table = (title: string, rows: ReadonlyArray<Measurement>) =>
  rows.length === 0 ? [] : [
    "",
    title,
    "",
    "| Scenario | Client | Metric | Median | × raw | × SDK |",
    "|---|---|---|---:|---:|---:|",
    ...rows.map((row) =>
      `| ${row.scenario} | ${row.client} | ${row.metric} | ${format(row.median, row.unit)} | ` +
      `${row.unit === "×" ? "" : ratio(row.median, base("raw", row))} | ` +
      `${row.unit === "×" ? "" : ratio(row.median, base("sdk", row))} |`
    )
  ]
const shown = measurements.filter((row) => row.metric !== "min")
const isCold = (row: Measurement) => row.scenario.startsWith("cold:")
const lines = [
  ...table(`Cold: a fresh process per walk (medians of ${config.coldRounds})`, shown.filter(isCold)),
  ...table(
    `Warm: one long-lived process (medians of ${config.rounds}), then memory, start-up and size`,
    shown.filter((row) => !isCold(row))
  )
]

// The targets, judged from this run: issue 12's four in each mode, then the earlier ones.
const find = (scenario: string, client: string, metric: string) =>
  measurements.find((m) => m.scenario.startsWith(scenario) && m.client === client && m.metric === metric)?.median ??
    Number.NaN
const largeMemory = memoryScenario(config.memoryPages[1] ?? 0)
const toSdk = (scenario: string, metric: string) => find(scenario, "effect", metric) / find(scenario, "sdk", metric)
const targets = [
  { target: "one walker ≤ 0.8× SDK", mode: "cold", value: toSdk(coldPagination, "time"), limit: 0.8 },
  { target: "one walker ≤ 0.8× SDK", mode: "warm", value: toSdk("pagination", "time"), limit: 0.8 },
  {
    target: `${config.callers} walkers ≤ 0.8× SDK`,
    mode: "cold",
    value: toSdk(coldConcurrency, "time"),
    limit: 0.8
  },
  { target: `${config.callers} walkers ≤ 0.8× SDK`, mode: "warm", value: toSdk("concurrency", "time"), limit: 0.8 },
  { target: "peak RSS ≤ SDK's", mode: "cold", value: toSdk(coldPagination, "peak RSS"), limit: 1 },
  { target: "peak RSS ≤ SDK's", mode: "warm", value: toSdk(largeMemory, "peak RSS"), limit: 1 },
  // An import is cold by definition: the one measure stands for both modes.
  { target: "cold import ≤ SDK's", mode: "both", value: toSdk("start-up: cold import", "time"), limit: 1 },
  {
    target: "pagination ≤ 1.5× raw",
    mode: "warm",
    value: find("pagination", "effect", "time") / find("pagination", "raw", "time"),
    limit: 1.5
  },
  {
    target: "concurrency ≤ 1.5× raw",
    mode: "warm",
    value: find("concurrency", "effect", "time") / find("concurrency", "raw", "time"),
    limit: 1.5
  },
  {
    target: "heavy page decode ≤ 3× JSON.parse",
    mode: "in process",
    value: find("heavy page", "effect", "JSON.parse + schema") / find("heavy page", "raw", "JSON.parse"),
    limit: 3
  },
  {
    target: "peak RSS flat in item count (≤ 1.1×)",
    mode: "warm",
    value: find(memoryGrowth(config.memoryPages[0] ?? 0, config.memoryPages[1] ?? 0), "effect", "peak RSS"),
    limit: 1.1
  },
  {
    target: "one-operation bundle < SDK's (min+gzip)",
    mode: "size",
    value: find("bundle, one operation: TrainingCourses.layer + NodeHttpClient", "effect", "min+gzip") /
      find("bundle, one operation: SamsaraClient", "sdk", "min+gzip"),
    limit: 1
  }
].map((target) => ({ ...target, met: target.value <= target.limit }))

lines.push(
  "",
  "| Target | Mode | Measured | Met |",
  "|---|---|---:|:---:|",
  ...targets.map((target) =>
    `| ${target.target} | ${target.mode} | ${Number.isNaN(target.value) ? "n/a" : `${target.value.toFixed(2)}×`} | ` +
    `${Number.isNaN(target.value) ? "" : target.met ? "met" : "missed"} |`
  )
)
if (problems.length > 0) lines.push("", ...problems.map((problem) => `- ${problem}`))
process.stdout.write(`\n${lines.join("\n")}\n`)

/** The commit measured, marked when src/ has uncommitted changes. */
const source = () => {
  const git = (...args: Array<string>) => spawnSync("git", args, { cwd: rootDir, encoding: "utf8" })
  const head = git("rev-parse", "--short", "HEAD")
  if (head.status !== 0) return process.env.BENCH_SOURCE ?? "unknown"
  return `${head.stdout.trim()}${git("status", "--porcelain", "src").stdout.trim() === "" ? "" : " + uncommitted src/"}`
}

const results = {
  date: new Date().toISOString(),
  source: source(),
  quick,
  node: process.version,
  machine: { cpus: Os.cpus().length, model: Os.cpus()[0]?.model ?? "", loadavg: Os.loadavg() },
  config,
  seconds: Math.round((performance.now() - started) / 1000),
  measurements,
  targets,
  problems
}
await Fs.writeFile(
  Path.join(benchDir, quick ? "results-quick.json" : "results.json"),
  `${JSON.stringify(results, null, 2)}\n`
)
log(`Done in ${results.seconds} s; wrote bench/${quick ? "results-quick.json" : "results.json"}`)
