/**
 * CPU profile of one client's pagination path, summarised by self time.
 * - `npx tsx bench/profile.ts [--client=effect|raw|sdk|effect-promise|effect-http|effect-http+schema|effect-http+schema+timeout] [--pages=1000] [--walks=3] [--callers=1]` starts the
 *   loopback server, profiles the walks (each by `callers` concurrent callers) in a child process and writes
 *   `bench/.cache/<client>.cpuprofile`;
 * - `--cold` profiles instead one walk in a fresh process, as the cold mode runs it (`node --cpu-prof` on the bundled
 *   `cold.ts` child, effect-samsara from `dist/`: build it first), loading the modules included; `--client` is then
 *   raw, sdk or effect;
 * - `npx tsx bench/profile.ts some.cpuprofile` summarises an existing profile (e.g. from `node --cpu-prof`);
 * - `--against=other.cpuprofile` shows instead where self time differs from a profile of the same work.
 * Prints self time by area, by file and by function (with its url), and the time with an area anywhere on the stack.
 */
import { Schema } from "effect"
import * as Fs from "node:fs/promises"
import * as Path from "node:path"
import { benchDir, bundleChild, runChild, startServer, tsxArgs } from "./harness.js"

const CallFrame = Schema.Struct({
  functionName: Schema.String,
  url: Schema.String,
  lineNumber: Schema.Number
})
const CpuProfile = Schema.Struct({
  nodes: Schema.Array(Schema.Struct({
    id: Schema.Number,
    callFrame: CallFrame,
    children: Schema.optional(Schema.Array(Schema.Number))
  })),
  samples: Schema.Array(Schema.Number),
  timeDeltas: Schema.Array(Schema.Number)
})

const option = (name: string, fallback: string) =>
  process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback

/** Where a frame's code lives, coarsely: the groups the hot-spot summary talks about. */
const areaOf = (frame: typeof CallFrame.Type): string => {
  const { functionName, url } = frame
  if (url === "") {
    if (functionName.startsWith("(")) return functionName
    return "V8 builtins (JSON.parse, ...)"
  }
  if (url.startsWith("node:")) return "node internals"
  if (/\/effect\/dist\/(?:esm|cjs)\/(?:internal\/schema\/|ParseResult|Schema)/.test(url)) {
    return "effect Schema/ParseResult"
  }
  if (/\/effect\/dist\/(?:esm|cjs)\/(?:internal\/)?(?:stream|channel|Stream|Channel|Sink|sink)/.test(url)) {
    return "effect Stream/Channel"
  }
  if (url.includes("/node_modules/effect/")) return "effect core (fiber runtime, Effect, Layer, ...)"
  if (url.includes("/node_modules/@effect/platform-node/")) return "@effect/platform-node"
  if (url.includes("/node_modules/@effect/platform/")) return "@effect/platform (HttpClient, ...)"
  if (url.includes("/node_modules/undici/")) return "undici"
  if (url.includes("/node_modules/@samsarahq/")) return "@samsarahq/samsara"
  if (url.includes("/node_modules/tsx/")) return "tsx"
  if (!url.includes("/node_modules/") && /\/(src|dist)\//.test(url)) return "effect-samsara src/ or dist/"
  if (url.includes("/bench/")) return "bench harness"
  return "other"
}

/**
 * Named hot spots. A "stack" probe counts a sample when a matching frame is anywhere on its stack (right for
 * synchronous work such as decoding); a "self" probe counts only samples in a matching frame (right for code that
 * calls back into the fiber runtime, which would otherwise claim everything).
 */
const probes: ReadonlyArray<{
  readonly name: string
  readonly mode: "stack" | "self"
  readonly matches: (frame: typeof CallFrame.Type) => boolean
}> = [
  {
    name: "Schema decoding (ParseResult.js / Schema.js on the stack)",
    mode: "stack",
    matches: (frame) => areaOf(frame) === "effect Schema/ParseResult"
  },
  {
    name: "Schema.Class construction (klass, lazilyMergeDefaults, Data Structural)",
    mode: "stack",
    matches: (frame) =>
      /\/effect\/dist\/esm\/(Schema|internal\/data)\.js$/.test(frame.url) &&
      ["klass", "lazilyMergeDefaults", "Structural"].includes(frame.functionName)
  },
  {
    name: "Tracing spans (internal/tracer.js, unsafeMakeSpan, span helpers)",
    mode: "self",
    matches: (frame) => frame.url.endsWith("/internal/tracer.js") || /Span/.test(frame.functionName)
  },
  { name: "Timers (node:internal/timers)", mode: "self", matches: (frame) => frame.url === "node:internal/timers" },
  {
    name: "AbortController / AbortSignal / EventTarget",
    mode: "self",
    matches: (frame) => /abort_controller|event_target/.test(frame.url)
  },
  {
    name: "@effect/platform HttpClient (incl. platform-node)",
    mode: "self",
    matches: (frame) => areaOf(frame).startsWith("@effect/platform")
  },
  { name: "undici", mode: "self", matches: (frame) => areaOf(frame) === "undici" },
  {
    name: "Socket writes (writeLatin1String, ...)",
    mode: "self",
    matches: (frame) => /^write(Latin1|Utf8)String|^writev/.test(frame.functionName)
  },
  { name: "Garbage collector", mode: "self", matches: (frame) => frame.functionName === "(garbage collector)" }
]

const shortUrl = (url: string) =>
  url.replace(/^file:\/\/.*?\/node_modules\//, "").replace(/^file:\/\/.*?\/(src|dist|bench)\//, "$1/")

const aggregate = (profile: typeof CpuProfile.Type) => {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const parent = new Map<number, number>()
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id)
  const self = new Map<number, number>()
  profile.samples.forEach((id, index) => {
    // timeDeltas[i + 1] is the time from sample i to the next: the time sample i stands for.
    const delta = profile.timeDeltas[index + 1] ?? 0
    self.set(id, (self.get(id) ?? 0) + delta)
  })
  const total = [...self.values()].reduce((sum, value) => sum + value, 0)
  const idle = [...self].reduce(
    (sum, [id, value]) => byId.get(id)?.callFrame.functionName === "(idle)" ? sum + value : sum,
    0
  )
  const busy = total - idle

  const add = (map: Map<string, number>, key: string, value: number) => map.set(key, (map.get(key) ?? 0) + value)
  const areas = new Map<string, number>()
  const files = new Map<string, number>()
  const functions = new Map<string, number>()
  const onStack = new Map<string, number>()
  const probed = new Map<string, number>()
  for (const [id, value] of self) {
    const node = byId.get(id)
    if (node === undefined) continue
    const frame = node.callFrame
    add(areas, areaOf(frame), value)
    add(files, frame.url === "" ? `(${areaOf(frame)})` : shortUrl(frame.url), value)
    add(
      functions,
      `${frame.functionName || "(anonymous)"}  ${
        frame.url === "" ? "" : `${shortUrl(frame.url)}:${frame.lineNumber + 1}`
      }`,
      value
    )
    // Inclusive by area: the sample counts once for every area anywhere on its stack.
    const seen = new Set<string>()
    const hits = new Set<string>()
    for (let current: number | undefined = id; current !== undefined; current = parent.get(current)) {
      const frameAt = byId.get(current)?.callFrame
      if (frameAt === undefined) continue
      if (frameAt.url !== "") seen.add(areaOf(frameAt))
      for (const probe of probes) {
        if ((probe.mode === "stack" || current === id) && probe.matches(frameAt)) hits.add(probe.name)
      }
    }
    for (const probe of hits) add(probed, probe, value)
    for (const area of seen) add(onStack, area, value)
  }
  return { total, busy, areas, files, functions, onStack, probed }
}

const summarise = (profile: typeof CpuProfile.Type) => {
  const { areas, busy, files, functions, onStack, probed, total } = aggregate(profile)
  const percent = (value: number) => `${(100 * value / busy).toFixed(1)}%`
  const top = (map: Map<string, number>, count: number, skipIdle = true) =>
    [...map].filter(([key]) => !skipIdle || key !== "(idle)").sort((a, b) => b[1] - a[1]).slice(0, count)
  const table = (title: string, rows: ReadonlyArray<readonly [string, number]>, column = "self ms") =>
    [
      `| ${title} | ${column} | % of busy |`,
      "|---|---:|---:|",
      ...rows.map(([key, value]) =>
        `| ${key.replace(/\|/g, "\\|")} | ${(value / 1000).toFixed(0)} | ${percent(value)} |`
      )
    ].join("\n")
  return [
    `Sampled ${(total / 1000).toFixed(0)} ms, of which busy (not idle) ${(busy / 1000).toFixed(0)} ms.`,
    "",
    table("Area", top(areas, 20)),
    "",
    table("Area anywhere on the stack (inclusive)", top(onStack, 20), "ms"),
    "",
    table(
      "Probe",
      probes.map((probe) => [`${probe.name} [${probe.mode}]`, probed.get(probe.name) ?? 0] as const),
      "ms"
    ),
    "",
    table("File", top(files, 25)),
    "",
    table("Function", top(functions, 40))
  ].join("\n")
}

const given = process.argv.slice(2).find((arg) => !arg.startsWith("--"))
let file = given
if (file === undefined) {
  const client = option("client", "effect")
  const callers = option("callers", "1")
  const cold = process.argv.includes("--cold")
  const name = `${client}${callers === "1" ? "" : `-x${callers}`}${cold ? "-cold" : ""}.cpuprofile`
  file = Path.join(benchDir, ".cache", name)
  await Fs.mkdir(Path.dirname(file), { recursive: true })
  const server = await startServer()
  try {
    if (cold) {
      const { outfile } = await bundleChild("cold", client)
      const { millis } = await runChild(
        [
          "--cpu-prof",
          "--cpu-prof-interval=100",
          `--cpu-prof-dir=${Path.dirname(file)}`,
          `--cpu-prof-name=${name}`,
          outfile,
          server.url,
          option("pages", "1000"),
          callers
        ],
        Schema.Struct({ millis: Schema.Number })
      )
      process.stdout.write(`${client}, cold: one walk in ${millis.toFixed(0)} ms; profile in ${name}\n\n`)
    } else {
      const { millis } = await runChild(
        [
          ...tsxArgs,
          "--enable-source-maps",
          Path.join(benchDir, "profile-child.ts"),
          client,
          server.url,
          option("pages", "1000"),
          option("walks", "3"),
          file,
          callers
        ],
        Schema.Struct({ millis: Schema.Number })
      )
      process.stdout.write(
        `${client}: ${option("walks", "3")} walks of ${option("pages", "1000")} pages in ` +
          `${millis.toFixed(0)} ms; profile in ${Path.relative(process.cwd(), file)}\n\n`
      )
    }
  } finally {
    server.stop()
  }
}
const read = async (path: string) =>
  Schema.decodeUnknownSync(Schema.parseJson(CpuProfile))(await Fs.readFile(path, "utf8"))

/** Where `profile` spends more (or less) self time than `other`, which did the same work another way. */
const difference = (profile: typeof CpuProfile.Type, other: typeof CpuProfile.Type) => {
  const mine = aggregate(profile)
  const theirs = aggregate(other)
  const rows = (a: Map<string, number>, b: Map<string, number>, count: number) =>
    [...new Set([...a.keys(), ...b.keys()])]
      .filter((key) => key !== "(idle)")
      .map((key) => [key, (a.get(key) ?? 0) - (b.get(key) ?? 0)] as const)
      .sort((x, y) => Math.abs(y[1]) - Math.abs(x[1]))
      .slice(0, count)
      .map(([key, value]) => `| ${key.replace(/\|/g, "\\|")} | ${value > 0 ? "+" : ""}${(value / 1000).toFixed(0)} |`)
  return [
    `Busy ${(mine.busy / 1000).toFixed(0)} ms against ${(theirs.busy / 1000).toFixed(0)} ms.`,
    "",
    "| Area | Δ self ms |",
    "|---|---:|",
    ...rows(mine.areas, theirs.areas, 15),
    "",
    "| Function | Δ self ms |",
    "|---|---:|",
    ...rows(mine.functions, theirs.functions, 30)
  ].join("\n")
}

const profile = await read(file)
const against = option("against", "")
process.stdout.write(`${against === "" ? summarise(profile) : difference(profile, await read(against))}\n`)
