/**
 * `npx tsx --expose-gc bench/allocation.ts [--callers=64]`: where allocation and garbage collection go, in one
 * process and without a network. An in-memory `HttpClient` answers each request with a real course page on the
 * next turn of the event loop; every walk fetches the same pages, `callers` walks at once, and `v8.GCProfiler`
 * reports the bytes allocated and the time spent collecting. Prints medians per page, and ratios to the
 * `+ timeout` rung measured in the same run.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { Effect, Layer, ManagedRuntime, Option, Redacted, Schedule, Stream } from "effect"
import { SamsaraClient, TrainingCourses } from "effect-samsara"
import * as v8 from "node:v8"
import { walkOf } from "./clients/ablation.js"
import { concurrentlyEffect } from "./clients/client.js"
import { walkWith } from "./clients/effect.js"
import { courseData, coursePageBody } from "./fixtures.js"
import { median } from "./harness.js"

const callers = Number(process.argv.find((arg) => arg.startsWith("--callers="))?.slice(10) ?? 1)
const pages = callers === 1 ? 1_000 : 50
const rounds = 7
const baseUrl = "http://127.0.0.1"

const data = await courseData()
const bodies = Array.from({ length: pages }, (_, index) => coursePageBody(data, index, pages))

/** Serves page `n + 1` for `after=c<n>`, as `bench/server.ts` does, one event-loop turn after the request. */
const inMemory = HttpClient.make((request, url) =>
  Effect.async<HttpClientResponse.HttpClientResponse>((resume) => {
    const after = url.searchParams.get("after")
    const body = bodies[after === null ? 0 : Number(after.slice(1))] ?? "{}"
    const headers = { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) }
    const timer = setImmediate(() =>
      resume(Effect.succeed(HttpClientResponse.fromWeb(request, new Response(body, { status: 200, headers }))))
    )
    return Effect.sync(() => clearImmediate(timer))
  })
)
const http = Layer.succeed(HttpClient.HttpClient, inMemory)
const runtime = ManagedRuntime.make(
  Layer.merge(
    TrainingCourses.layer.pipe(
      Layer.provide(
        SamsaraClient.layer({ token: Redacted.make("bench"), baseUrl, retry: Schedule.recurs(0), rateLimit: false })
      ),
      Layer.provide(http)
    ),
    http
  )
)

/** The same `Stream` as `streamTrainingCourses`, emitting each page's item count instead of its items. */
const countsOnly = Effect.flatMap(TrainingCourses, (service) =>
  Stream.runSum(
    Stream.paginateEffect(undefined as string | undefined, (after) =>
      Effect.map(service.getTrainingCourses(after === undefined ? {} : { after }), (page) =>
        [
          page.data.length,
          page.pagination.hasNextPage ? Option.some(page.pagination.endCursor) : Option.none()
        ] as const))
  ))

const urls = { coursesUrl: baseUrl, heavyUrl: baseUrl }
const walks = {
  "HttpClient + schema": walkOf(urls, "effect-http+schema"),
  "+ timeout": walkOf(urls, "effect-http+schema+timeout"),
  "+ span and metrics": walkOf(urls, "effect-http+schema+timeout+telemetry"),
  "effect-samsara, get in a loop": walkWith("loop"),
  "effect-samsara, Stream of counts": countsOnly,
  "effect-samsara, Stream of items": walkWith("stream")
}

interface Sample {
  readonly allocated: number
  readonly collecting: number
}

/** Bytes allocated (the heap's growth between collections, plus what each collection freed) and collection time. */
const sample = async (walk: Effect.Effect<number, unknown, HttpClient.HttpClient | TrainingCourses>) => {
  const profiler = new v8.GCProfiler()
  const before = v8.getHeapStatistics().used_heap_size
  profiler.start()
  await runtime.runPromise(callers === 1 ? walk : concurrentlyEffect(walk, callers))
  const after = v8.getHeapStatistics().used_heap_size
  const events = profiler.stop()?.statistics ?? []
  let allocated = 0
  let used = before
  let collecting = 0
  for (const event of events) {
    allocated += event.beforeGC.heapStatistics.usedHeapSize - used
    used = event.afterGC.heapStatistics.usedHeapSize
    collecting += event.cost / 1000
  }
  return { allocated: allocated + after - used, collecting }
}

const samples = new Map(Object.keys(walks).map((name) => [name, new Array<Sample>()]))
for (let round = 0; round < rounds; round++) {
  for (const [name, walk] of Object.entries(walks)) {
    globalThis.gc?.()
    const result = await sample(walk)
    // The first two rounds warm the JIT.
    if (round >= 2) samples.get(name)?.push(result)
  }
}
await runtime.dispose()

const perPage = callers * pages
const summary = [...samples].map(([name, list]) => ({
  name,
  allocated: median(list.map((one) => one.allocated)) / perPage / 1024,
  collecting: median(list.map((one) => one.collecting)) * 1000 / perPage
}))
const base = summary.find((row) => row.name === "+ timeout")
process.stdout.write(
  [
    `${callers} caller(s) × ${pages} pages, medians of ${rounds - 2} rounds, per page`,
    "",
    "| Walk | Allocated | × + timeout | Collecting | × + timeout |",
    "|---|---:|---:|---:|---:|",
    ...summary.map((row) =>
      `| ${row.name} | ${row.allocated.toFixed(1)} KB | ${(row.allocated / (base?.allocated ?? 1)).toFixed(2)}× | ` +
      `${row.collecting.toFixed(0)} µs | ${(row.collecting / (base?.collecting ?? 1)).toFixed(2)}× |`
    ),
    ""
  ].join("\n")
)
