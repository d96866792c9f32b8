/**
 * Production behaviour: pacing to Samsara's budgets (on `TestClock` and on real timestamps), the daily budget's
 * fail-fast, per-client overrides and shared stores, the cap on requests in flight, total deadlines, response
 * size caps, header injection, and what spans and metrics report.
 */
import * as RateLimiter from "@effect/experimental/RateLimiter"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Metric from "effect/Metric"
import * as MetricState from "effect/MetricState"
import * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import * as TestClock from "effect/TestClock"
import { CustomReports } from "../src/CustomReports.js"
import * as Metrics from "../src/internal/metrics.js"
import { SamsaraClient } from "../src/SamsaraClient.js"
import type { SamsaraError } from "../src/SamsaraError.js"
import { TrainingCourses } from "../src/TrainingCourses.js"
import * as Fixtures from "./support/fixtures.js"
import { recording } from "./support/recording.js"
import { clientLayer, json, type Reply, scripted } from "./support/scriptedHttp.js"

const coursesPage = json({ data: [Fixtures.trainingCourse("c-1")], pagination: Fixtures.page("", false) })

const services = (http: { readonly layer: Layer.Layer<SamsaraClient> }) =>
  Layer.mergeAll(TrainingCourses.layer, CustomReports.layer).pipe(Layer.provide(http.layer))

const getCourses = (options?: SamsaraClient.CallOptions) =>
  Effect.flatMap(TrainingCourses, (courses) => courses.getTrainingCourses({}, options))

/** The most requests that started within any span of `windowMillis`. */
const busiestWindow = (times: ReadonlyArray<number>, windowMillis: number) =>
  Math.max(0, ...times.map((start) => times.filter((at) => at >= start && at < start + windowMillis).length))

const failureOf = <A>(exit: Exit.Exit<A, SamsaraError>) =>
  Exit.isFailure(exit) && exit.cause._tag === "Fail" ? exit.cause.error : undefined

describe("pacing", () => {
  it.effect("spaces a burst of calls a fifth of a second apart, plus a 5% margin, for a 5/s operation", () =>
    Effect.gen(function*() {
      const http = clientLayer(() => coursesPage, { rateLimit: {} })
      const fiber = yield* Effect.fork(
        Effect.all(Array.from({ length: 6 }, () => getCourses()), { concurrency: "unbounded" }).pipe(
          Effect.provide(services(http))
        )
      )
      yield* TestClock.adjust("1049 millis")
      assert.strictEqual(http.sent.length, 5)
      yield* TestClock.adjust("1 millis")
      yield* Fiber.join(fiber)
      assert.deepStrictEqual(http.sent.map((request) => request.at), [0, 210, 420, 630, 840, 1050])
    }))

  it.live("never starts more than five requests in any second, on real timestamps", () =>
    Effect.gen(function*() {
      const http = clientLayer(() => coursesPage, { rateLimit: {} })
      yield* Effect.all(Array.from({ length: 12 }, () => getCourses()), { concurrency: "unbounded" }).pipe(
        Effect.provide(services(http))
      )
      const times = http.sent.map((request) => request.at)
      assert.strictEqual(times.length, 12)
      assert.isAtMost(busiestWindow(times, 1000), 5)
      const spread = Math.max(...times) - Math.min(...times)
      assert.isAtLeast(spread, 11 * 200)
      assert.isAtMost(spread, 11 * 210 * 1.25)
    }))

  it.effect("a budget override replaces the documented one", () =>
    Effect.gen(function*() {
      const http = clientLayer(() => coursesPage, {
        rateLimit: { budgets: { getTrainingCourses: { limit: 1, window: "1 second" } } }
      })
      const fiber = yield* Effect.fork(Effect.all([getCourses(), getCourses()]).pipe(Effect.provide(services(http))))
      yield* TestClock.adjust("2 seconds")
      yield* Fiber.join(fiber)
      assert.deepStrictEqual(http.sent.map((request) => request.at), [0, 1050])
    }))

  it.effect("clients sharing a store and a token share the budget; another token has its own", () =>
    Effect.gen(function*() {
      const store = yield* Layer.build(RateLimiter.layerStoreMemory)
      const client = (secret: string, http: ReturnType<typeof scripted>) =>
        TrainingCourses.layer.pipe(
          Layer.provide(SamsaraClient.layerWithRateLimiterStore({ token: Redacted.make(secret) })),
          Layer.provide(http.layer),
          Layer.provide(Layer.succeedContext(store)),
          Layer.orDie
        )
      const first = scripted(() => coursesPage)
      const second = scripted(() => coursesPage)
      const other = scripted(() => coursesPage)
      const fiber = yield* Effect.fork(Effect.all([
        Effect.provide(Effect.all([getCourses(), getCourses()]), client("shared", first)),
        Effect.provide(Effect.all([getCourses(), getCourses()]), client("shared", second)),
        Effect.provide(Effect.all([getCourses(), getCourses()]), client("other", other))
      ], { concurrency: "unbounded" }))
      yield* TestClock.adjust("1 second")
      yield* Fiber.join(fiber)
      const shared = [...first.sent, ...second.sent].map((request) => request.at).sort((a, b) => a - b)
      assert.deepStrictEqual(shared, [0, 210, 420, 630])
      assert.deepStrictEqual(other.sent.map((request) => request.at), [0, 210])
    }).pipe(Effect.scoped))
})

describe("limits", () => {
  it.effect("maxInFlight caps the requests in flight", () =>
    Effect.gen(function*() {
      const http = clientLayer(() => "hang", { maxInFlight: 2, retry: Schedule.recurs(0) })
      const fiber = yield* Effect.fork(
        Effect.all(Array.from({ length: 4 }, () => getCourses()), { concurrency: "unbounded" }).pipe(
          Effect.provide(services(http))
        )
      )
      yield* TestClock.adjust("1 second")
      assert.strictEqual(http.sent.length, 2)
      yield* Fiber.interrupt(fiber)
    }))

  it.effect("a total deadline ends retries and waits, and says it was the deadline", () =>
    Effect.gen(function*() {
      const http = clientLayer(() => "hang", { timeout: "1 second", deadline: "2500 millis" })
      const fiber = yield* Effect.fork(Effect.provide(getCourses(), services(http)))
      yield* TestClock.adjust("2499 millis")
      assert.isNull(fiber.unsafePoll())
      yield* TestClock.adjust("1 millis")
      const error = failureOf(yield* Fiber.await(fiber))
      assert(error?._tag === "TransportError")
      assert.strictEqual(error.reason, "Deadline")
      assert.strictEqual(error.message, "getTrainingCourses: no result within the 2s 500ms deadline")
      assert.isAtLeast(http.sent.length, 2)
    }))

  it.effect("a Retry-After that would outlast the deadline returns the 429 at once; a shorter one is waited", () =>
    Effect.gen(function*() {
      const throttled = (seconds: string): Reply =>
        json({ message: "slow down", requestId: "r" }, 429, { "retry-after": seconds })
      const long = clientLayer((_, index) => index === 0 ? throttled("5") : coursesPage, { deadline: "2 seconds" })
      const refused = failureOf(yield* Effect.exit(Effect.provide(getCourses(), services(long))))
      assert.strictEqual(refused?._tag, "TooManyRequests")
      assert.strictEqual(long.sent.length, 1)
      const short = clientLayer((_, index) => index === 0 ? throttled("1") : coursesPage, { deadline: "2 seconds" })
      const fiber = yield* Effect.fork(Effect.provide(getCourses(), services(short)))
      yield* TestClock.adjust("1 second")
      assert.strictEqual((yield* Fiber.await(fiber))._tag, "Success")
      assert.deepStrictEqual(short.sent.map((request) => request.at), [0, 1000])
    }))

  it.effect("a per-call deadline replaces the client's", () =>
    Effect.gen(function*() {
      const http = clientLayer(() => "hang", { timeout: "1 second", deadline: "1 minute" })
      const fiber = yield* Effect.fork(Effect.provide(getCourses({ deadline: "1500 millis" }), services(http)))
      yield* TestClock.adjust("1500 millis")
      const error = failureOf(yield* Fiber.await(fiber))
      assert(error?._tag === "TransportError")
      assert.strictEqual(error.reason, "Deadline")
    }))

  const oversized = (reply: Reply) =>
    Effect.flip(Effect.provide(getCourses(), services(clientLayer(() => reply, { maxResponseBytes: 64 }))))

  it.effect("a 2xx body larger than maxResponseBytes fails cleanly, with or without a Content-Length", () =>
    Effect.gen(function*() {
      const body = JSON.stringify({ data: [], pagination: Fixtures.page("", false), padding: "x".repeat(500) })
      const declared = yield* oversized({ status: 200, body, headers: { "content-length": String(body.length) } })
      const streamed = yield* oversized({ status: 200, body })
      for (const error of [declared, streamed]) {
        assert.strictEqual(error._tag, "DecodeError")
        assert.include(error.message, "larger than maxResponseBytes (64)")
      }
    }))

  it.effect("an oversized error body is kept up to the cap", () =>
    Effect.gen(function*() {
      const error = yield* oversized({ status: 400, body: "e".repeat(1000) })
      assert(error._tag === "BadRequest")
      assert.strictEqual(error.body, "e".repeat(64))
    }))

  it.effect("a token with a line break is refused when the layer is built", () =>
    Effect.gen(function*() {
      const result = yield* Effect.either(Layer.build(
        SamsaraClient.layer({ token: Redacted.make("abc\r\nX-Injected: 1") }).pipe(
          Layer.provide(scripted(() => coursesPage).layer)
        )
      ))
      assert(result._tag === "Left")
      assert.deepInclude(result.left, { _tag: "SamsaraConfigError", setting: "token" })
      assert.notInclude(result.left.message, "abc")
    }).pipe(Effect.scoped))
})

describe("observability", () => {
  it.effect("the operation's span carries attempts, status, request id and throttle wait, with events", () =>
    Effect.gen(function*() {
      const recorded = recording()
      const replies: ReadonlyArray<Reply> = [json({ message: "busy", requestId: "req-9" }, 503), coursesPage]
      const http = clientLayer((_, index) => replies[index] ?? coursesPage, {
        rateLimit: {},
        retry: Schedule.spaced("10 millis")
      })
      const fiber = yield* Effect.fork(
        Effect.all([getCourses(), getCourses()]).pipe(
          Effect.provide(services(http)),
          Effect.withTracer(recorded.tracer)
        )
      )
      yield* TestClock.adjust("2 seconds")
      yield* Fiber.join(fiber)
      const [first, second] = recorded.spans.filter((span) => span.name === "Samsara.getTrainingCourses")
      assert(first !== undefined && second !== undefined)
      assert.deepInclude(Object.fromEntries(first.attributes), {
        "samsara.operation": "getTrainingCourses",
        "http.request.method": "GET",
        "url.path": "/preview/training-courses",
        "http.response.status_code": 200,
        "samsara.request_id": "req-9",
        "samsara.attempts": 2,
        // the retry, 10 ms after the first start, waits for the slot at 210 ms
        "samsara.throttle_wait_ms": 200
      })
      assert.deepInclude(Object.fromEntries(second.attributes), {
        "samsara.attempts": 1,
        "samsara.throttle_wait_ms": 210
      })
      assert.deepStrictEqual(first.events, [
        {
          eventName: "samsara.attempt_failed",
          attributes: { "error.type": "ServiceUnavailable", "samsara.retryable": true }
        },
        { eventName: "samsara.throttled", attributes: { "samsara.wait_ms": 200 } }
      ])
    }))

  it.effect("a call's span ends once with the call's outcome, but without its result, so it holds no page", () =>
    Effect.gen(function*() {
      const recorded = recording()
      const replies: ReadonlyArray<Reply> = [coursesPage, json({ message: "no such course", requestId: "req-4" }, 404)]
      const http = clientLayer((_, index) => replies[index] ?? coursesPage, {})
      const call = getCourses().pipe(Effect.provide(services(http)), Effect.withTracer(recorded.tracer))
      const page = yield* call
      const failure = yield* Effect.flip(call)
      const [succeeded, failed] = recorded.spans.filter((span) => span.name === "Samsara.getTrainingCourses")
      assert(succeeded !== undefined && failed !== undefined)
      assert.strictEqual(page.data.length, 1)
      assert.deepStrictEqual(succeeded.ends, [Exit.void])
      assert.deepStrictEqual(failed.ends, [Exit.fail(failure)])
      assert.strictEqual(failure._tag, "NotFound")
    }))

  it.effect("metrics count responses by status, retries and throttled time", () =>
    Effect.gen(function*() {
      const value = (metric: Metric.Metric.Counter<number>) => Effect.map(Metric.value(metric), (state) => state.count)
      const tagged = <A extends Metric.Metric.Counter<number>>(metric: A, status?: string) => {
        const byOperation = Metric.tagged(metric, "operation", "getTrainingCourses")
        return status === undefined ? byOperation : Metric.tagged(byOperation, "status", status)
      }
      const before = {
        ok: yield* value(tagged(Metrics.requests, "200")),
        unavailable: yield* value(tagged(Metrics.requests, "503")),
        retries: yield* value(tagged(Metrics.retries)),
        throttled: yield* value(tagged(Metrics.throttledMillis))
      }
      const replies: ReadonlyArray<Reply> = [json({ message: "busy", requestId: "r" }, 503), coursesPage]
      const http = clientLayer((_, index) => replies[index] ?? coursesPage, {
        rateLimit: {},
        retry: Schedule.spaced("10 millis")
      })
      const fiber = yield* Effect.fork(Effect.all([getCourses(), getCourses()]).pipe(Effect.provide(services(http))))
      yield* TestClock.adjust("2 seconds")
      yield* Fiber.join(fiber)
      assert.strictEqual((yield* value(tagged(Metrics.requests, "200"))) - before.ok, 2)
      assert.strictEqual((yield* value(tagged(Metrics.requests, "503"))) - before.unavailable, 1)
      assert.strictEqual((yield* value(tagged(Metrics.retries))) - before.retries, 1)
      assert.strictEqual((yield* value(tagged(Metrics.throttledMillis))) - before.throttled, 200 + 210)
      const latency = yield* Metric.value(Metric.tagged(Metrics.latency, "operation", "getTrainingCourses"))
      assert(MetricState.isHistogramState(latency))
      assert.isAtLeast(latency.count, 3)
    }))
})
