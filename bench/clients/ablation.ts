/**
 * Ablations, not competitors: the cursor loop written by hand, each rung adding one layer between raw undici and
 * effect-samsara, so one run shows what each layer costs.
 * - `effect-promise`: `undici.request` inside `Effect.tryPromise` (the Effect runtime alone);
 * - `effect-http`: `@effect/platform`'s `HttpClient` over `NodeHttpClient.layerUndici`, `JSON.parse` only;
 * - `effect-http+schema`: also decoding each page with effect-samsara's `GetTrainingCoursesResponse`;
 * - `effect-http+schema+timeout`: also an `Effect.timeout` around each request, as effect-samsara's per-attempt
 *   timeout;
 * - `effect-http+schema+timeout+telemetry`: also a span per page and the two metric updates effect-samsara makes
 *   per request (a counter and a latency histogram).
 * What is left between the last rung and effect-samsara is its own pipeline: parameter validation, the retry
 * schedule, rate-limit and in-flight hooks, the body-size cap, error mapping and the `Stream`.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { Effect, ManagedRuntime, Metric, Schema } from "effect"
import { GetTrainingCoursesResponse } from "effect-samsara"
import { request } from "undici"
import { type AblationName, type Client, concurrentlyEffect, type Urls } from "./client.js"

interface Page {
  readonly count: number
  readonly endCursor: string
  readonly hasNextPage: boolean
}

const decodePage = Schema.decodeUnknown(GetTrainingCoursesResponse)

const checkedPage = (json: unknown): Effect.Effect<Page> =>
  Effect.orDie(Effect.map(decodePage(json), (page) => ({ ...page.pagination, count: page.data.length })))

const uncheckedPage = (json: unknown): Effect.Effect<Page> => {
  if (typeof json === "object" && json !== null && "data" in json && Array.isArray(json.data)) {
    const pagination: unknown = "pagination" in json ? json.pagination : undefined
    if (typeof pagination === "object" && pagination !== null && "endCursor" in pagination) {
      const endCursor = typeof pagination.endCursor === "string" ? pagination.endCursor : ""
      const hasNextPage = "hasNextPage" in pagination && pagination.hasNextPage === true
      return Effect.succeed({ count: json.data.length, endCursor, hasNextPage })
    }
  }
  return Effect.dieMessage("not a course page")
}

const headers = { authorization: "Bearer bench", accept: "application/json" }

/** Follows the cursor with `fetchPage`, which gets one page's text for a cursor (`""` for the first page). */
const walkWith = <R>(fetchPage: (after: string) => Effect.Effect<string, unknown, R>, schema: boolean) =>
  Effect.gen(function*() {
    let count = 0
    let after = ""
    for (;;) {
      const json: unknown = JSON.parse(yield* fetchPage(after))
      const page = yield* (schema ? checkedPage(json) : uncheckedPage(json))
      count += page.count
      if (!page.hasNextPage || page.endCursor === "") return count
      after = page.endCursor
    }
  }).pipe(Effect.orDie)

const query = (after: string) => after === "" ? "" : `?after=${encodeURIComponent(after)}`

const viaPromise = (urls: Urls) =>
  walkWith(
    (after) =>
      Effect.tryPromise(async (signal) => {
        const response = await request(`${urls.coursesUrl}/preview/training-courses${query(after)}`, {
          headers,
          signal
        })
        return response.body.text()
      }),
    false
  )

const requests = Metric.counter("bench_requests_total")
const latency = Metric.timerWithBoundaries("bench_request_duration", Array.from({ length: 14 }, (_, i) => 5 * 2 ** i))

/** What each rung past `effect-http+schema` adds around a page's request. */
type Wrapping = "none" | "timeout" | "timeout+telemetry"

const viaHttpClient = (urls: Urls, schema: boolean, wrapping: Wrapping) =>
  Effect.flatMap(HttpClient.HttpClient, (client) => {
    const http = client.pipe(
      HttpClient.mapRequest(HttpClientRequest.prependUrl(urls.coursesUrl)),
      HttpClient.mapRequest(HttpClientRequest.bearerToken("bench")),
      // As effect-samsara does: its own span replaces the platform's.
      HttpClient.withTracerDisabledWhen(() => true)
    )
    return walkWith((after) => {
      const text = Effect.flatMap(http.get(`/preview/training-courses${query(after)}`), (response) => response.text)
      if (wrapping === "none") return text
      const limited = Effect.timeout(text, "30 seconds")
      if (wrapping === "timeout") return limited
      return limited.pipe(
        Effect.tap(() => Metric.increment(requests)),
        Metric.trackDuration(latency),
        Effect.withSpan("bench.page", { kind: "client", captureStackTrace: false })
      )
    }, schema)
  })

/** The walk of one rung over the courses at `urls.coursesUrl`, on the `HttpClient` in context. */
export const walkOf = (urls: Urls, name: Exclude<AblationName, "effect-get-loop">) =>
  name === "effect-promise"
    ? viaPromise(urls)
    : viaHttpClient(
      urls,
      name !== "effect-http",
      name === "effect-http+schema+timeout"
        ? "timeout"
        : name === "effect-http+schema+timeout+telemetry"
        ? "timeout+telemetry"
        : "none"
    )

export const make = (urls: Urls, name: Exclude<AblationName, "effect-get-loop">): Client => {
  const runtime = ManagedRuntime.make(NodeHttpClient.layerUndici)
  const walk = walkOf(urls, name)
  return {
    courses: () => runtime.runPromise(walk),
    coursesConcurrently: (callers) => runtime.runPromise(concurrentlyEffect(walk, callers)),
    runData: () => Promise.reject(new Error("the ablations only walk courses")),
    close: () => runtime.dispose()
  }
}
