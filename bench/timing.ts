/**
 * The timed scenarios, in one child process (run with `--expose-gc`): pagination, concurrency and the heavy page
 * over loopback, the three clients alternating round by round, then the in-process decode measures. Prints its
 * measurements as one line of JSON.
 */
import { Schema } from "effect"
import { GetCustomReportRunDataResponse, GetTrainingCoursesResponse } from "effect-samsara"
import { type AblationName, ablationNames, type Client, type ClientName, clientNames, load } from "./clients/client.js"
import { courseData, coursePageBody, runDataBody } from "./fixtures.js"
import { type Measurement, measurement, rotate, timed } from "./harness.js"

export const TimingConfig = Schema.Struct({
  serverUrl: Schema.String,
  rounds: Schema.Number,
  pages: Schema.Number,
  callers: Schema.Number,
  callerPages: Schema.Number,
  heavyRows: Schema.Number,
  heavyColumns: Schema.Number,
  heavyFetches: Schema.Number,
  decodePages: Schema.Number
})
export type TimingConfig = typeof TimingConfig.Type

const config = Schema.decodeUnknownSync(Schema.parseJson(TimingConfig))(process.argv[2] ?? "")
const results: Array<Measurement> = []
const log = (line: string) => process.stderr.write(`  ${line}\n`)

/** Runs `run` for each client once to warm up, then `config.rounds` rounds in rotating order. */
const alternate = async (
  scenario: string,
  clients: ReadonlyMap<ClientName | AblationName, Client>,
  run: (client: Client) => Promise<number>
) => {
  const names = [...clients.keys()]
  const samples = new Map<ClientName | AblationName, Array<number>>(names.map((name) => [name, []]))
  for (let round = -1; round < config.rounds; round++) {
    for (const name of rotate(names, round + 1)) {
      const client = clients.get(name)
      if (client === undefined) continue
      const millis = await run(client)
      if (round >= 0) samples.get(name)?.push(millis)
    }
  }
  for (const [name, values] of samples) {
    const result = measurement({ scenario, client: name, metric: "time", unit: "ms" }, values)
    log(`${scenario} ${name}: ${result.median.toFixed(1)} ms (${values.map((v) => v.toFixed(0)).join(", ")})`)
    results.push(result)
  }
}

const clientsFor = async (coursesPages: number, names: ReadonlyArray<ClientName | AblationName> = clientNames) => {
  const urls = { coursesUrl: `${config.serverUrl}/n/${coursesPages}`, heavyUrl: `${config.serverUrl}/heavy` }
  const entries = await Promise.all(names.map(async (name) => [name, await load(name, urls)] as const))
  return new Map(entries)
}

const closeAll = (clients: ReadonlyMap<ClientName | AblationName, Client>) =>
  Promise.all([...clients.values()].map((client) => client.close()))

// 1. Pagination: one walk over every page, with the ablations.
const paging = await clientsFor(config.pages, [...clientNames, ...ablationNames])
await alternate(`pagination ${config.pages}×100`, paging, (client) => timed(client.courses, config.pages * 100))
await closeAll(paging)

// 2. Concurrency: `callers` walks of `callerPages` pages at once, the ablations too.
const concurrent = await clientsFor(config.callerPages, [...clientNames, ...ablationNames])
await alternate(
  `concurrency ${config.callers}×${config.callerPages} pages`,
  concurrent,
  (client) => timed(() => client.coursesConcurrently(config.callers), config.callers * config.callerPages * 100)
)

// 3. The heavy page over loopback, per fetch (the ablations only walk courses).
const heavy = new Map([...concurrent].filter(([name]) => !ablationNames.some((ablation) => ablation === name)))
await alternate(`heavy page ${config.heavyRows}×${config.heavyColumns} (loopback)`, heavy, async (client) => {
  let total = 0
  for (let attempt = 0; attempt < config.heavyFetches; attempt++) total += await timed(client.runData, config.heavyRows)
  return total / config.heavyFetches
})
await closeAll(concurrent)

// 3b and 3c. Decoding in-process, no network: JSON.parse alone against JSON.parse and the schema.
const inProcess = async (scenario: string, texts: ReadonlyArray<string>, decode: (json: unknown) => unknown) => {
  const parse = () => {
    for (const text of texts) JSON.parse(text)
    return Promise.resolve(texts.length)
  }
  const parseAndDecode = () => {
    for (const text of texts) decode(JSON.parse(text))
    return Promise.resolve(texts.length)
  }
  const parsed: Array<number> = []
  const decoded: Array<number> = []
  for (let round = -1; round < config.rounds * 2; round++) {
    const parseMillis = await timed(parse, texts.length)
    const decodeMillis = await timed(parseAndDecode, texts.length)
    if (round >= 0) {
      parsed.push(parseMillis)
      decoded.push(decodeMillis)
    }
  }
  const raw = measurement({ scenario, client: "raw", metric: "JSON.parse", unit: "ms" }, parsed)
  const effect = measurement({ scenario, client: "effect", metric: "JSON.parse + schema", unit: "ms" }, decoded)
  log(`${scenario}: JSON.parse ${raw.median.toFixed(1)} ms, + schema ${effect.median.toFixed(1)} ms`)
  results.push(raw, effect)
}

await inProcess(
  `heavy page ${config.heavyRows}×${config.heavyColumns} (decode only)`,
  [runDataBody(config.heavyRows, config.heavyColumns)],
  Schema.decodeUnknownSync(GetCustomReportRunDataResponse)
)
const data = await courseData()
await inProcess(
  `${config.decodePages}×100 courses (decode only)`,
  Array.from({ length: config.decodePages }, (_, index) => coursePageBody(data, index, config.decodePages)),
  Schema.decodeUnknownSync(GetTrainingCoursesResponse)
)

process.stdout.write(`${JSON.stringify(results)}\n`)
