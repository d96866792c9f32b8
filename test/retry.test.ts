/**
 * Retries, timeouts and interruption, on `TestClock`: which failures are retried, how long the waits are
 * (including `Retry-After`), and that the non-idempotent POST is only retried on explicit opt-in.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import * as TestClock from "effect/TestClock"
import { CustomReports } from "../src/CustomReports.js"
import { defaultRetry, type SamsaraClient } from "../src/SamsaraClient.js"
import { InternalServerError, type SamsaraError } from "../src/SamsaraError.js"
import { TrainingCourses } from "../src/TrainingCourses.js"
import * as Fixtures from "./support/fixtures.js"
import { clientLayer, json, type Reply, type SentRequest } from "./support/scriptedHttp.js"

const coursesPage = json({ data: [Fixtures.trainingCourse("c-1")], pagination: Fixtures.page("", false) })
const queuedRun = json({ data: { id: "run-1", customReportId: "cr-1", createdAtTime: "2024-06-02T01:00:00Z" } })
const failure = (status: number, headers?: Record<string, string>): Reply =>
  json({ message: "try later", requestId: "req-1" }, status, headers)

/** Starts `effect` in a fiber against a scripted client, so a test can move the clock and watch what is sent. */
const start = <A>(
  effect: Effect.Effect<A, SamsaraError, TrainingCourses | CustomReports>,
  answer: (request: SentRequest, index: number) => Reply,
  options?: Omit<SamsaraClient.Options, "token">
) => {
  const http = clientLayer(answer, options)
  const services = Layer.mergeAll(TrainingCourses.layer, CustomReports.layer).pipe(Layer.provide(http.layer))
  return Effect.map(Effect.fork(Effect.provide(effect, services)), (fiber) => ({ fiber, ...http }))
}

const getCourses = Effect.flatMap(TrainingCourses, (courses) => courses.getTrainingCourses())

const postRun = (options?: Parameters<CustomReports.Service["postCustomReportRun"]>[1]) =>
  Effect.flatMap(CustomReports, (reports) =>
    reports.postCustomReportRun({
      customReportId: "cr-1",
      startTime: "2024-06-01T00:00:00Z",
      endTime: "2024-06-02T00:00:00Z"
    }, options))

/** The failure's tag, or "success". */
const outcome = <A>(exit: Exit.Exit<A, SamsaraError>) =>
  Exit.match(exit, { onFailure: (cause) => cause.toString(), onSuccess: () => "success" })

const failedWith = <A>(exit: Exit.Exit<A, SamsaraError>) =>
  Exit.isFailure(exit) && exit.cause._tag === "Fail" ? exit.cause.error._tag : outcome(exit)

describe("retries", () => {
  it.effect("waits for a 429's Retry-After before trying again", () =>
    Effect.gen(function*() {
      const run = yield* start(
        getCourses,
        (_, index) => index === 0 ? failure(429, { "retry-after": "5" }) : coursesPage
      )
      yield* TestClock.adjust("4999 millis")
      assert.strictEqual(run.sent.length, 1)
      yield* TestClock.adjust("1 millis")
      const exit = yield* Fiber.await(run.fiber)
      assert.strictEqual(outcome(exit), "success")
      assert.strictEqual(run.sent.length, 2)
    }))

  it.effect("reads Retry-After as an HTTP date", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(Date.parse("2024-06-01T10:00:00Z"))
      const retryAfter = { "retry-after": "Sat, 01 Jun 2024 10:00:30 GMT" }
      const run = yield* start(getCourses, (_, index) => index === 0 ? failure(503, retryAfter) : coursesPage)
      yield* TestClock.adjust("29 seconds")
      assert.strictEqual(run.sent.length, 1)
      yield* TestClock.adjust("1 second")
      assert.strictEqual(outcome(yield* Fiber.await(run.fiber)), "success")
    }))

  it.effect("reads Retry-After in decimal seconds, as Samsara sends it", () =>
    Effect.gen(function*() {
      const run = yield* start(
        getCourses,
        (_, index) => index === 0 ? failure(429, { "retry-after": "0.40235" }) : coursesPage,
        { retry: Schedule.recurs(1) }
      )
      yield* TestClock.adjust("402 millis")
      assert.strictEqual(run.sent.length, 1)
      yield* TestClock.adjust("1 millis")
      assert.strictEqual(outcome(yield* Fiber.await(run.fiber)), "success")
      assert.deepStrictEqual(run.sent.map((request) => request.at), [0, 402.35])
    }))

  it.effect("a 429's retryAfter is the wait Retry-After names, in any of its forms", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(Date.parse("1994-11-06T08:49:00Z"))
      // In milliseconds, or undefined for none: chai's deep equality does not tell Option.none() from Option.some(x).
      const forms: ReadonlyArray<readonly [string, number | undefined]> = [
        ["0.40235", 402.35],
        ["2.5", 2500],
        [" 7 ", 7000],
        ["Sun, 06 Nov 1994 08:49:37 GMT", 37_000],
        ["Sunday, 06-Nov-94 08:49:37 GMT", 37_000],
        ["Sun Nov  6 08:49:37 1994", 37_000],
        ["Sun, 06 Nov 1994 08:48:00 GMT", 0],
        ["-1", undefined],
        ["1e3", undefined],
        [".5", undefined],
        ["2024-06-01T10:00:00Z", undefined],
        ["soon", undefined],
        ["", undefined]
      ]
      for (const [header, expected] of forms) {
        const run = yield* start(getCourses, () => failure(429, { "retry-after": header }), {
          retry: Schedule.recurs(0)
        })
        const error = yield* Effect.flip(Fiber.join(run.fiber))
        assert.strictEqual(error._tag, "TooManyRequests")
        const retryAfter = error._tag === "TooManyRequests" ? error.retryAfter : Option.none()
        assert.strictEqual(Option.getOrUndefined(Option.map(retryAfter, Duration.toMillis)), expected, header)
      }
    }))

  it.effect("gives up at once when Retry-After is longer than maxRetryAfter", () =>
    Effect.gen(function*() {
      const run = yield* start(
        getCourses,
        (_, index) => index === 0 ? failure(429, { "retry-after": "3600" }) : coursesPage,
        { maxRetryAfter: "2 seconds" }
      )
      yield* TestClock.adjust("1 millis")
      assert.strictEqual(failedWith(yield* Fiber.await(run.fiber)), "TooManyRequests")
      assert.strictEqual(run.sent.length, 1)
    }))

  it.effect("the default policy backs off exponentially from 250 ms with jitter, capped at 5 s, six times", () =>
    Effect.gen(function*() {
      const serverError = new InternalServerError({ operation: "getTrainingCourses" })
      const delays = yield* Schedule.run(Schedule.delays(defaultRetry), 0, Array.from({ length: 8 }, () => serverError))
      // Schedule.run also reports the step at which the schedule ends, with no wait.
      const millis = Chunk.toReadonlyArray(delays).map(Duration.toMillis).slice(0, -1)
      assert.strictEqual(millis.length, 6)
      millis.slice(0, 5).forEach((delay, attempt) => {
        const base = 250 * 2 ** attempt
        assert.isAtLeast(delay, base * 0.8)
        assert.isAtMost(delay, base * 1.2)
      })
      assert.strictEqual(millis[5], 5_000)
    }))

  for (const status of [500, 502, 503, 504]) {
    it.effect(`retries ${status} with backoff and then succeeds`, () =>
      Effect.gen(function*() {
        const run = yield* start(getCourses, (_, index) => index < 2 ? failure(status) : coursesPage)
        yield* TestClock.adjust("10 seconds")
        assert.strictEqual(outcome(yield* Fiber.await(run.fiber)), "success")
        assert.strictEqual(run.sent.length, 3)
      }))
  }

  it.effect("retries a dropped connection", () =>
    Effect.gen(function*() {
      const run = yield* start(getCourses, (_, index) => index === 0 ? "reset" : coursesPage)
      yield* TestClock.adjust("1 second")
      assert.strictEqual(outcome(yield* Fiber.await(run.fiber)), "success")
      assert.strictEqual(run.sent.length, 2)
    }))

  it.effect("gives up after the default six retries", () =>
    Effect.gen(function*() {
      const run = yield* start(getCourses, () => failure(503))
      yield* TestClock.adjust("1 minute")
      assert.strictEqual(failedWith(yield* Fiber.await(run.fiber)), "ServiceUnavailable")
      assert.strictEqual(run.sent.length, 7)
    }))

  for (const [status, tag] of [[501, "NotImplemented"], [400, "BadRequest"], [401, "Unauthorized"]] as const) {
    it.effect(`never retries ${status}`, () =>
      Effect.gen(function*() {
        const run = yield* start(getCourses, () => failure(status))
        yield* TestClock.adjust("1 minute")
        assert.strictEqual(failedWith(yield* Fiber.await(run.fiber)), tag)
        assert.strictEqual(run.sent.length, 1)
      }))
  }

  it.effect("stops at the first failure that is not retryable, after retryable ones", () =>
    Effect.gen(function*() {
      const run = yield* start(getCourses, (_, index) => index < 2 ? failure(503) : failure(400))
      yield* TestClock.adjust("1 minute")
      assert.strictEqual(failedWith(yield* Fiber.await(run.fiber)), "BadRequest")
      assert.strictEqual(run.sent.length, 3)
    }))

  it.effect("a client-wide Schedule.recurs(0) disables retries", () =>
    Effect.gen(function*() {
      const run = yield* start(getCourses, () => failure(503), { retry: Schedule.recurs(0) })
      yield* TestClock.adjust("1 minute")
      assert.strictEqual(failedWith(yield* Fiber.await(run.fiber)), "ServiceUnavailable")
      assert.strictEqual(run.sent.length, 1)
    }))

  it.effect("a per-call policy replaces the client's", () =>
    Effect.gen(function*() {
      const call = Effect.flatMap(
        TrainingCourses,
        (courses) =>
          courses.getTrainingCourses({}, {
            retry: Schedule.spaced("1 second").pipe(Schedule.intersect(Schedule.recurs(2)))
          })
      )
      const run = yield* start(call, () => failure(500), { retry: Schedule.recurs(0) })
      yield* TestClock.adjust("10 seconds")
      assert.strictEqual(failedWith(yield* Fiber.await(run.fiber)), "InternalServerError")
      assert.strictEqual(run.sent.length, 3)
    }))
})

describe("postCustomReportRun", () => {
  it.effect("is not retried by default", () =>
    Effect.gen(function*() {
      const run = yield* start(postRun(), (_, index) => index === 0 ? failure(503) : queuedRun)
      yield* TestClock.adjust("1 minute")
      assert.strictEqual(failedWith(yield* Fiber.await(run.fiber)), "ServiceUnavailable")
      assert.strictEqual(run.sent.length, 1)
    }))

  it.effect("is not retried when the client's policy is set", () =>
    Effect.gen(function*() {
      const run = yield* start(postRun(), (_, index) => index === 0 ? "reset" : queuedRun, {
        retry: Schedule.recurs(5)
      })
      yield* TestClock.adjust("1 minute")
      assert.strictEqual(failedWith(yield* Fiber.await(run.fiber)), "TransportError")
      assert.strictEqual(run.sent.length, 1)
    }))

  it.effect("is retried when the call opts in", () =>
    Effect.gen(function*() {
      const run = yield* start(
        postRun({ retry: Schedule.recurs(2) }),
        (_, index) => index < 2 ? failure(429) : queuedRun
      )
      yield* TestClock.adjust("1 minute")
      assert.strictEqual(outcome(yield* Fiber.await(run.fiber)), "success")
      assert.strictEqual(run.sent.length, 3)
    }))
})

describe("timeouts and interruption", () => {
  it.effect("times out an attempt, aborts it, and retries per policy", () =>
    Effect.gen(function*() {
      const call = Effect.flatMap(
        TrainingCourses,
        (courses) => courses.getTrainingCourses({}, { timeout: "2 seconds", retry: Schedule.recurs(1) })
      )
      const run = yield* start(call, () => "hang")
      yield* TestClock.adjust("2 seconds")
      assert.strictEqual(run.sent.length, 2)
      assert.deepStrictEqual(run.interrupted, [0])
      yield* TestClock.adjust("2 seconds")
      const exit = yield* Fiber.await(run.fiber)
      assert(Exit.isFailure(exit) && exit.cause._tag === "Fail" && exit.cause.error._tag === "TransportError")
      assert.strictEqual(exit.cause.error.reason, "Timeout")
      assert.include(exit.cause.error.message, "getTrainingCourses: no complete response within the 2s timeout")
      assert.deepStrictEqual(run.interrupted, [0, 1])
    }))

  it.effect("the client-wide timeout applies to every attempt", () =>
    Effect.gen(function*() {
      const run = yield* start(getCourses, () => "hang", { timeout: "5 seconds", retry: Schedule.recurs(0) })
      yield* TestClock.adjust("4999 millis")
      assert.isNull(run.fiber.unsafePoll())
      yield* TestClock.adjust("1 millis")
      assert.strictEqual(failedWith(yield* Fiber.await(run.fiber)), "TransportError")
    }))

  it.effect("interrupting the caller aborts the request in flight", () =>
    Effect.gen(function*() {
      const run = yield* start(getCourses, () => "hang")
      yield* TestClock.adjust("1 second")
      yield* Fiber.interrupt(run.fiber)
      assert.deepStrictEqual(run.interrupted, [0])
    }))

  it.effect("interrupting the caller stops a retry wait", () =>
    Effect.gen(function*() {
      const run = yield* start(getCourses, () => failure(429, { "retry-after": "30" }))
      yield* TestClock.adjust("1 second")
      const exit = yield* Fiber.interrupt(run.fiber)
      assert(Exit.isInterrupted(exit))
      yield* TestClock.adjust("1 minute")
      assert.strictEqual(run.sent.length, 1)
    }))
})
