/**
 * Faults over real sockets: the stand-in served on 127.0.0.1 with scripted faults, and the real client on each Node
 * transport (`support/transports.ts`).
 * Each test asserts the error's tag and fields and the exact requests the server received, so retries happen only
 * where allowed. Retry schedules are short and the clock is live; tests wait on the server, never on sleeps. Every
 * error, log line and span the suite produces is kept, and the last test scans them all for the token.
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import { assert, describe, it } from "@effect/vitest"
import { deepStrictEqual } from "@effect/vitest/utils"
import * as Cause from "effect/Cause"
import * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import { CustomReports } from "../src/CustomReports.js"
import { SamsaraClient } from "../src/SamsaraClient.js"
import {
  BadGateway,
  GatewayTimeout,
  InternalServerError,
  type RepeatedCursor,
  type SamsaraError,
  ServiceUnavailable,
  TransportError
} from "../src/SamsaraError.js"
import { Fault, type FaultRule, serve, StandIn } from "../src/testing.js"
import { TrainingCourses } from "../src/TrainingCourses.js"
import { recording, transcript } from "./support/recording.js"
import { transports } from "./support/transports.js"

/** Distinctive, so that finding it anywhere in the scan cannot be a coincidence. */
const token = "fault-suite-token-3f9d27c1a8"

/** Everything the suite produced, for the scan at the end. */
const recorded = recording()
const errors: Array<SamsaraError | RepeatedCursor> = []

/** 45 courses in pages of 10: five pages, the last one short. */
const standInOptions: StandIn.Options = { token, rateLimits: false, pageSize: 10, sizes: { trainingCourses: 45 } }

/** A short retry policy: `times` retries, 20 ms apart. */
const retries = (times: number): SamsaraClient.RetryPolicy =>
  Schedule.spaced("20 millis").pipe(Schedule.intersect(Schedule.recurs(times)))

type ClientOptions = Omit<SamsaraClient.Options, "token" | "baseUrl" | "rateLimit">

/**
 * The stand-in served on loopback, and the course and report services on a client over `transport` for it, with the
 * client's own pacing off. Both live until the test's scope ends.
 */
const connectOver = (transport: Layer.Layer<HttpClient.HttpClient>) => (options: ClientOptions) =>
  Effect.gen(function*() {
    const standIn = yield* StandIn
    const { url } = yield* serve()
    const context = yield* Layer.build(
      Layer.mergeAll(TrainingCourses.layer, CustomReports.layer).pipe(
        Layer.provide(SamsaraClient.layer({ ...options, token: standIn.token, baseUrl: url, rateLimit: false })),
        Layer.provide(transport)
      )
    )
    return { courses: Context.get(context, TrainingCourses), reports: Context.get(context, CustomReports), url }
  })

/** The size in bytes of the first page of courses, fetched outside the client. */
const pageBytes = (url: string) =>
  Effect.flatMap(StandIn, (standIn) =>
    Effect.promise(async () => {
      const response = await fetch(`${url}/preview/training-courses`, {
        headers: { authorization: `Bearer ${Redacted.value(standIn.token)}` }
      })
      return (await response.arrayBuffer()).byteLength
    }))

const inject = (...rules: ReadonlyArray<FaultRule>) =>
  Effect.flatMap(StandIn, (standIn) => Effect.forEach(rules, (rule) => standIn.inject(rule), { discard: true }))

/** The status of every request the server received, in order; `undefined` where it dropped the connection. */
const statuses = Effect.flatMap(
  StandIn,
  (standIn) => Effect.map(standIn.received, (requests) => requests.map((request) => request.status))
)

const receivedLines = Effect.flatMap(
  StandIn,
  (standIn) =>
    Effect.map(
      standIn.received,
      (requests) =>
        requests.map((request) => `${request.method} ${request.path}${request.query === "" ? "" : `?${request.query}`}`)
    )
)

/** The call's failure, kept for the token scan. */
const failure = <A>(effect: Effect.Effect<A, SamsaraError>) =>
  Effect.tap(Effect.flip(effect), (error) => Effect.sync(() => errors.push(error)))

/** How long `effect` takes on the live clock, in milliseconds. */
const timed = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function*() {
    const start = yield* Clock.currentTimeMillis
    const result = yield* effect
    return [result, (yield* Clock.currentTimeMillis) - start] as const
  })

/** A test body on a fresh stand-in, with every log line (at every level) and span recorded for the scan. */
const faulty = <A, E>(effect: Effect.Effect<A, E, StandIn | Scope.Scope>) =>
  effect.pipe(
    Effect.provide(StandIn.layer(standInOptions)),
    Effect.provide(Logger.replace(Logger.defaultLogger, recorded.logger)),
    Logger.withMinimumLogLevel(LogLevel.All),
    Effect.withTracer(recorded.tracer)
  )

/** chai compares `Error`s by name and message only, so errors are compared as their fields plus the message. */
const fieldsOf = (error: SamsaraError) => ({ ...error, message: error.message })

/** The fields of the error for a status the stand-in injected. */
interface Fields {
  readonly operation: "getTrainingCourses"
  readonly samsaraMessage: Option.Option<string>
  readonly requestId: Option.Option<string>
  readonly body: string
}

/** The stand-in's standard body for an injected status, and the fields the client makes of it. */
const injected = (status: number, requestId: string): Fields => ({
  operation: "getTrainingCourses",
  samsaraMessage: Option.some(`Injected ${status} from the stand-in`),
  requestId: Option.some(requestId),
  body: JSON.stringify({ message: `Injected ${status} from the stand-in`, requestId })
})

/** The message the client makes of an injected status, given its status line. */
const injectedMessage = (statusLine: string, requestId: string) =>
  `getTrainingCourses failed with ${statusLine}: Injected ${statusLine.slice(0, 3)} from the stand-in `
  + `(requestId ${requestId}). Samsara is failing or overloaded; the failure is retryable.`

const reasonOf = (error: SamsaraError) => error._tag === "TransportError" ? error.reason : undefined

describe.each(transports)("faults over real sockets, on %s", (_, transport) => {
  const connect = connectOver(transport)

  describe("connection reset", () => {
    it.scopedLive("a reset is retried, and the answer after it is returned", () =>
      faulty(Effect.gen(function*() {
        yield* inject({ operation: "getTrainingCourses", times: 2, fault: Fault.reset })
        const { courses } = yield* connect({ retry: retries(3) })
        const page = yield* courses.getTrainingCourses()
        assert.strictEqual(page.data.length, 10)
        deepStrictEqual(yield* statuses, [undefined, undefined, 200])
      })))

    it.scopedLive("with retries off, a reset fails with TransportError NetworkFailure after one request", () =>
      faulty(Effect.gen(function*() {
        yield* inject({ operation: "getTrainingCourses", fault: Fault.reset })
        const { courses, url } = yield* connect({ retry: Schedule.stop })
        const error = yield* failure(courses.getTrainingCourses())
        deepStrictEqual(
          fieldsOf(error),
          fieldsOf(
            new TransportError({
              operation: "getTrainingCourses",
              reason: "NetworkFailure",
              description: `no response: Transport error (GET ${url}/preview/training-courses)`,
              cause: error.cause
            })
          )
        )
        assert.strictEqual(
          error.message,
          `getTrainingCourses: no response: Transport error (GET ${url}/preview/training-courses): other side closed`
        )
        deepStrictEqual(yield* statuses, [undefined])
      })))

    it.scopedLive("resets that outlast the retries fail with TransportError after every attempt", () =>
      faulty(Effect.gen(function*() {
        yield* inject({ operation: "getTrainingCourses", fault: Fault.reset })
        const { courses } = yield* connect({ retry: retries(2) })
        const error = yield* failure(courses.getTrainingCourses())
        deepStrictEqual([error._tag, reasonOf(error)], ["TransportError", "NetworkFailure"])
        deepStrictEqual(yield* statuses, [undefined, undefined, undefined])
      })))
  })

  describe("truncated body", () => {
    it.scopedLive("a body cut off mid-JSON fails with TransportError NetworkFailure, not DecodeError", () =>
      faulty(Effect.gen(function*() {
        yield* inject({ operation: "getTrainingCourses", fault: Fault.truncated })
        const { courses, url } = yield* connect({ retry: Schedule.stop })
        const error = yield* failure(courses.getTrainingCourses())
        // @effect/platform reports any failure reading a body as a "Decode error"; the cause is the dropped socket.
        deepStrictEqual(
          fieldsOf(error),
          fieldsOf(
            new TransportError({
              operation: "getTrainingCourses",
              reason: "NetworkFailure",
              description:
                `the response body could not be read: Decode error (200 GET ${url}/preview/training-courses)`,
              cause: error.cause
            })
          )
        )
        assert.strictEqual(
          error.message,
          "getTrainingCourses: the response body could not be read: "
            + `Decode error (200 GET ${url}/preview/training-courses): other side closed`
        )
        // The status and headers arrived whole, so the server recorded a 200.
        deepStrictEqual(yield* statuses, [200])
      })))

    it.scopedLive("a truncated body is retried like any transport failure", () =>
      faulty(Effect.gen(function*() {
        yield* inject({ operation: "getTrainingCourses", times: 2, fault: Fault.truncated })
        const { courses } = yield* connect({ retry: retries(3) })
        assert.strictEqual((yield* courses.getTrainingCourses()).data.length, 10)
        deepStrictEqual(yield* statuses, [200, 200, 200])
      })))

    it.scopedLive("a truncated body above maxResponseBytes (read as a capped stream) fails with TransportError", () =>
      faulty(Effect.gen(function*() {
        const { url } = yield* connect({ retry: Schedule.stop })
        // One page's size off the wire; the client is then capped between half of it (where the body breaks off)
        // and all of it, so the body is read as a stream and breaks off before the cap is reached.
        const size = yield* pageBytes(url)
        yield* inject({ operation: "getTrainingCourses", fault: Fault.truncated })
        const capped = yield* connect({ retry: Schedule.stop, maxResponseBytes: Math.floor(size * 0.75) })
        const error = yield* failure(capped.courses.getTrainingCourses())
        deepStrictEqual(
          fieldsOf(error),
          fieldsOf(
            new TransportError({
              operation: "getTrainingCourses",
              reason: "NetworkFailure",
              description:
                `the response body could not be read: Decode error (200 GET ${capped.url}/preview/training-courses)`,
              cause: error.cause
            })
          )
        )
        assert.strictEqual(
          error.message,
          "getTrainingCourses: the response body could not be read: "
            + `Decode error (200 GET ${capped.url}/preview/training-courses): other side closed`
        )
        deepStrictEqual(yield* statuses, [200, 200])
      })))
  })

  describe("malformed and empty bodies", () => {
    it.scopedLive("a 200 with malformed JSON fails with DecodeError and is not retried", () =>
      faulty(Effect.gen(function*() {
        yield* inject({ operation: "getTrainingCourses", fault: Fault.malformed })
        const { courses } = yield* connect({ retry: retries(3) })
        const error = yield* failure(courses.getTrainingCourses())
        assert.strictEqual(error._tag, "DecodeError")
        if (error._tag === "DecodeError") {
          deepStrictEqual([error.operation, error.status], ["getTrainingCourses", 200])
          assert.match(error.message, /^getTrainingCourses: the 200 response is not the expected JSON\n/)
        }
        deepStrictEqual(yield* statuses, [200])
      })))

    it.scopedLive("a 200 with an HTML page fails with DecodeError and is not retried", () =>
      faulty(Effect.gen(function*() {
        yield* inject({ operation: "getTrainingCourses", fault: Fault.html })
        const { courses } = yield* connect({ retry: retries(3) })
        const error = yield* failure(courses.getTrainingCourses())
        assert.strictEqual(error._tag, "DecodeError")
        deepStrictEqual(yield* statuses, [200])
      })))

    it.scopedLive("an empty 200 fails with DecodeError and is not retried", () =>
      faulty(Effect.gen(function*() {
        yield* inject({ operation: "getTrainingCourses", fault: Fault.status(200, { body: "" }) })
        const { courses } = yield* connect({ retry: retries(3) })
        const error = yield* failure(courses.getTrainingCourses())
        assert.strictEqual(error._tag, "DecodeError")
        if (error._tag === "DecodeError") {
          deepStrictEqual([error.operation, error.status], ["getTrainingCourses", 200])
          assert.match(error.message, /^getTrainingCourses: the 200 response is not the expected JSON\n/)
        }
        deepStrictEqual(yield* statuses, [200])
      })))
  })

  describe("slow responses", () => {
    it.scopedLive("an answer slower than the per-call timeout fails with TransportError Timeout", () =>
      faulty(Effect.gen(function*() {
        yield* inject({ operation: "getTrainingCourses", fault: Fault.latency("400 millis") })
        const { courses } = yield* connect({ retry: Schedule.stop })
        const [error, elapsed] = yield* timed(failure(courses.getTrainingCourses({}, { timeout: "50 millis" })))
        deepStrictEqual(
          fieldsOf(error),
          fieldsOf(
            new TransportError({
              operation: "getTrainingCourses",
              reason: "Timeout",
              description: "no complete response within the 50ms timeout"
            })
          )
        )
        assert.isBelow(elapsed, 350)
        deepStrictEqual(yield* statuses, [200])
      })))

    it.scopedLive("a timed-out attempt is retried per policy, each attempt timing out on its own", () =>
      faulty(Effect.gen(function*() {
        yield* inject({ operation: "getTrainingCourses", fault: Fault.latency("400 millis") })
        const { courses } = yield* connect({ retry: retries(2) })
        const [error, elapsed] = yield* timed(failure(courses.getTrainingCourses({}, { timeout: "50 millis" })))
        deepStrictEqual([error._tag, reasonOf(error)], ["TransportError", "Timeout"])
        // The stand-in records the status it will answer when the request arrives, before the delay.
        deepStrictEqual(yield* statuses, [200, 200, 200])
        assert.isBelow(elapsed, 400)
      })))

    it.scopedLive("an answer within the per-call timeout succeeds after the latency", () =>
      faulty(Effect.gen(function*() {
        yield* inject({ operation: "getTrainingCourses", fault: Fault.latency("100 millis") })
        const { courses } = yield* connect({ retry: Schedule.stop, timeout: "20 millis" })
        const [page, elapsed] = yield* timed(courses.getTrainingCourses({}, { timeout: "1 second" }))
        assert.strictEqual(page.data.length, 10)
        assert.isAtLeast(elapsed, 95)
        deepStrictEqual(yield* statuses, [200])
      })))
  })

  describe("5xx storms", () => {
    /** The error the client makes of the stand-in's injected `status`, from its request id. */
    const storms = [
      {
        status: 500,
        statusLine: "500 Internal Server Error",
        expected: (fields: Fields) => new InternalServerError(fields)
      },
      { status: 502, statusLine: "502 Bad Gateway", expected: (fields: Fields) => new BadGateway(fields) },
      {
        status: 503,
        statusLine: "503 Service Unavailable",
        expected: (fields: Fields) => new ServiceUnavailable(fields)
      },
      { status: 504, statusLine: "504 Gateway Timeout", expected: (fields: Fields) => new GatewayTimeout(fields) }
    ] as const

    for (const { expected, status, statusLine } of storms) {
      it.scopedLive(`three ${status}s, then success on the 4th request with three retries`, () =>
        faulty(Effect.gen(function*() {
          yield* inject({ operation: "getTrainingCourses", times: 3, fault: Fault.status(status) })
          const { courses } = yield* connect({ retry: retries(3) })
          assert.strictEqual((yield* courses.getTrainingCourses()).data.length, 10)
          deepStrictEqual(yield* statuses, [status, status, status, 200])
        })))

      it.scopedLive(`three ${status}s with two retries fail with the ${status}'s tag after three requests`, () =>
        faulty(Effect.gen(function*() {
          yield* inject({ operation: "getTrainingCourses", times: 3, fault: Fault.status(status) })
          const { courses } = yield* connect({ retry: retries(2) })
          const error = yield* failure(courses.getTrainingCourses())
          const requestId = "requestId" in error ? Option.getOrElse(error.requestId, () => "none") : "none"
          deepStrictEqual(fieldsOf(error), fieldsOf(expected(injected(status, requestId))))
          assert.strictEqual(error.message, injectedMessage(statusLine, requestId))
          deepStrictEqual(yield* statuses, [status, status, status])
        })))
    }

    it.scopedLive("a mixed storm fails with the tag of the last 5xx seen", () =>
      faulty(Effect.gen(function*() {
        yield* inject(
          { operation: "getTrainingCourses", nth: 1, fault: Fault.status(500) },
          { operation: "getTrainingCourses", nth: 2, fault: Fault.status(502) },
          { operation: "getTrainingCourses", nth: 3, fault: Fault.status(503) },
          { operation: "getTrainingCourses", nth: 4, fault: Fault.status(504) }
        )
        const { courses } = yield* connect({ retry: retries(3) })
        const error = yield* failure(courses.getTrainingCourses())
        const requestId = "requestId" in error ? Option.getOrElse(error.requestId, () => "none") : "none"
        deepStrictEqual(
          fieldsOf(error),
          fieldsOf(new GatewayTimeout(injected(504, requestId)))
        )
        assert.strictEqual(error.message, injectedMessage("504 Gateway Timeout", requestId))
        deepStrictEqual(yield* statuses, [500, 502, 503, 504])
        // The storm has passed: the next call succeeds at once.
        assert.strictEqual((yield* courses.getTrainingCourses()).data.length, 10)
        deepStrictEqual(yield* statuses, [500, 502, 503, 504, 200])
      })))

    it.scopedLive("a 501 is never retried: NotImplemented after exactly one request", () =>
      faulty(Effect.gen(function*() {
        yield* inject({ operation: "getTrainingCourses", times: 3, fault: Fault.status(501) })
        const { courses } = yield* connect({ retry: retries(3) })
        const error = yield* failure(courses.getTrainingCourses())
        deepStrictEqual([error._tag, "status" in error ? error.status : undefined], ["NotImplemented", 501])
        deepStrictEqual(yield* statuses, [501])
      })))
  })

  describe("429 storms", () => {
    it.scopedLive("429s with Retry-After: 0 are retried, and the answer after them is returned", () =>
      faulty(Effect.gen(function*() {
        yield* inject({
          operation: "getTrainingCourses",
          times: 3,
          fault: Fault.status(429, { headers: { "retry-after": "0" } })
        })
        const { courses } = yield* connect({ retry: retries(3) })
        assert.strictEqual((yield* courses.getTrainingCourses()).data.length, 10)
        deepStrictEqual(yield* statuses, [429, 429, 429, 200])
      })))

    it.scopedLive("429s without Retry-After are retried on the policy's backoff", () =>
      faulty(Effect.gen(function*() {
        yield* inject({ operation: "getTrainingCourses", times: 3, fault: Fault.status(429) })
        const { courses } = yield* connect({
          retry: Schedule.spaced("40 millis").pipe(Schedule.intersect(Schedule.recurs(3)))
        })
        const [page, elapsed] = yield* timed(courses.getTrainingCourses())
        assert.strictEqual(page.data.length, 10)
        assert.isAtLeast(elapsed, 3 * 40 - 5)
        deepStrictEqual(yield* statuses, [429, 429, 429, 200])
      })))

    it.scopedLive("a 429 storm that outlasts the retries fails with TooManyRequests and its Retry-After", () =>
      faulty(Effect.gen(function*() {
        yield* inject({
          operation: "getTrainingCourses",
          fault: Fault.status(429, { headers: { "retry-after": "0" } })
        })
        const { courses } = yield* connect({ retry: retries(2) })
        const error = yield* failure(courses.getTrainingCourses())
        assert.strictEqual(error._tag, "TooManyRequests")
        if (error._tag === "TooManyRequests") {
          deepStrictEqual(error.retryAfter, Option.some(Duration.zero))
          assert.isTrue(Option.isSome(error.requestId))
        }
        deepStrictEqual(yield* statuses, [429, 429, 429])
      })))

    it.scopedLive("a Retry-After of 1 s is waited for, however short the policy's own delay", () =>
      faulty(Effect.gen(function*() {
        yield* inject({
          operation: "getTrainingCourses",
          times: 1,
          fault: Fault.status(429, { headers: { "retry-after": "1" } })
        })
        const { courses } = yield* connect({ retry: retries(3) })
        const [page, elapsed] = yield* timed(courses.getTrainingCourses())
        assert.strictEqual(page.data.length, 10)
        assert.isAtLeast(elapsed, 995)
        deepStrictEqual(yield* statuses, [429, 200])
      })))

    it.scopedLive("a Retry-After beyond maxRetryAfter fails at once with TooManyRequests after one request", () =>
      faulty(Effect.gen(function*() {
        yield* inject({
          operation: "getTrainingCourses",
          fault: Fault.status(429, { headers: { "retry-after": "30" } })
        })
        const { courses } = yield* connect({ retry: retries(3), maxRetryAfter: "1 second" })
        const [error, elapsed] = yield* timed(failure(courses.getTrainingCourses()))
        assert.strictEqual(error._tag, "TooManyRequests")
        if (error._tag === "TooManyRequests") {
          deepStrictEqual(error.retryAfter, Option.some(Duration.seconds(30)))
        }
        assert.isBelow(elapsed, 500)
        deepStrictEqual(yield* statuses, [429])
      })))
  })

  describe("an HTML error page from a proxy", () => {
    const html = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center>"
      + "<hr><center>nginx</center></body></html>"

    it.scopedLive("fails with BadGateway keeping the page as the body, with no requestId", () =>
      faulty(Effect.gen(function*() {
        yield* inject({
          operation: "getTrainingCourses",
          fault: Fault.status(502, { body: html, headers: { "content-type": "text/html" } })
        })
        const { courses } = yield* connect({ retry: Schedule.stop })
        const error = yield* failure(courses.getTrainingCourses())
        deepStrictEqual(
          fieldsOf(error),
          fieldsOf(
            new BadGateway({ operation: "getTrainingCourses", body: html })
          )
        )
        assert.strictEqual(
          error.message,
          "getTrainingCourses failed with 502 Bad Gateway. Samsara is failing or overloaded; the failure is retryable."
        )
        deepStrictEqual(yield* statuses, [502])
      })))

    it.scopedLive("is retried like any 502, and the answer after it is returned", () =>
      faulty(Effect.gen(function*() {
        yield* inject({
          operation: "getTrainingCourses",
          times: 2,
          fault: Fault.status(502, { body: html, headers: { "content-type": "text/html" } })
        })
        const { courses } = yield* connect({ retry: retries(3) })
        assert.strictEqual((yield* courses.getTrainingCourses()).data.length, 10)
        deepStrictEqual(yield* statuses, [502, 502, 200])
      })))
  })

  describe("bounded total time", () => {
    it.scopedLive("a permanent 503 under a 300 ms deadline fails with TransportError Deadline well within 1 s", () =>
      faulty(Effect.gen(function*() {
        yield* inject({ operation: "getTrainingCourses", fault: Fault.status(503) })
        // The policy alone would retry forever; only the deadline ends the call.
        const { courses } = yield* connect({ retry: Schedule.spaced("20 millis"), deadline: "300 millis" })
        const [error, elapsed] = yield* timed(failure(courses.getTrainingCourses()))
        deepStrictEqual(
          fieldsOf(error),
          fieldsOf(
            new TransportError({
              operation: "getTrainingCourses",
              reason: "Deadline",
              description: "no result within the 300ms deadline"
            })
          )
        )
        assert.isAtLeast(elapsed, 295)
        assert.isBelow(elapsed, 1000)
        const seen = yield* statuses
        assert.isAtLeast(seen.length, 3)
        deepStrictEqual(seen, seen.map(() => 503))
      })))

    it.scopedLive("a Retry-After longer than the time left before the deadline ends the call at once with the 429", () =>
      faulty(Effect.gen(function*() {
        yield* inject({
          operation: "getTrainingCourses",
          fault: Fault.status(429, { headers: { "retry-after": "5" } })
        })
        const { courses } = yield* connect({ retry: retries(3), deadline: "2 seconds" })
        const [error, elapsed] = yield* timed(failure(courses.getTrainingCourses()))
        // Waiting 5 s could only end at the 2 s deadline, so the server's answer is returned instead.
        assert.strictEqual(error._tag, "TooManyRequests")
        assert.isBelow(elapsed, 1000)
        deepStrictEqual(yield* statuses, [429])
      })))

    it.scopedLive("a per-call deadline ends a slow attempt even when the attempt timeout is longer", () =>
      faulty(Effect.gen(function*() {
        yield* inject({ operation: "getTrainingCourses", fault: Fault.latency("2 seconds") })
        const { courses } = yield* connect({ retry: retries(3), timeout: "5 seconds" })
        const [error, elapsed] = yield* timed(failure(courses.getTrainingCourses({}, { deadline: "150 millis" })))
        deepStrictEqual([error._tag, reasonOf(error)], ["TransportError", "Deadline"])
        assert.isBelow(elapsed, 1000)
        deepStrictEqual(yield* statuses, [200])
      })))
  })

  describe("resuming a stream after a failure", () => {
    interface Page {
      readonly ids: ReadonlyArray<string>
      readonly endCursor: string
    }

    /** The pages of courses from `after`, walked with `getTrainingCourses` as a consumer tracking cursors would. */
    const walk = (courses: TrainingCourses.Service, after: string | undefined) =>
      Stream.paginateEffect(after, (cursor) =>
        Effect.map(
          courses.getTrainingCourses({ after: cursor }),
          (page): readonly [Page, Option.Option<string>] => [
            { ids: page.data.map((course) => course.id), endCursor: page.pagination.endCursor },
            page.pagination.hasNextPage ? Option.some(page.pagination.endCursor) : Option.none()
          ]
        ))

    it.scopedLive("a stream broken by a 500 on its 3rd page resumes from the last good cursor, losing nothing", () =>
      faulty(Effect.gen(function*() {
        const { courses } = yield* connect({ retry: Schedule.stop })
        const clean = Chunk.toReadonlyArray(yield* Stream.runCollect(walk(courses, undefined)))
        const cleanIds = clean.flatMap((page) => page.ids)
        deepStrictEqual(clean.map((page) => page.ids.length), [10, 10, 10, 10, 5])
        assert.strictEqual(new Set(cleanIds).size, 45)

        yield* inject({ operation: "getTrainingCourses", nth: 3, fault: Fault.status(500) })
        const broken = yield* Stream.runCollect(Stream.either(courses.streamTrainingCourses()))
        const delivered = Chunk.toReadonlyArray(broken).flatMap((item) => Either.isRight(item) ? [item.right.id] : [])
        const failures = Chunk.toReadonlyArray(broken).flatMap((item) => Either.isLeft(item) ? [item.left] : [])
        deepStrictEqual(delivered, cleanIds.slice(0, 20))
        assert.strictEqual(failures.length, 1)
        assert.instanceOf(failures[0], InternalServerError)
        errors.push(...failures)

        // The last good page is the second: resume from the cursor that follows it.
        const lastGood = clean[1]?.endCursor ?? ""
        const resumed = yield* Stream.runCollect(courses.streamTrainingCourses({ after: lastGood }))
        const all = [...delivered, ...Chunk.toReadonlyArray(resumed).map((course) => course.id)]
        deepStrictEqual(all, cleanIds)
        assert.strictEqual(new Set(all).size, all.length)

        const lines = yield* receivedLines
        deepStrictEqual(yield* statuses, [200, 200, 200, 200, 200, 200, 200, 500, 200, 200, 200])
        // The resumed stream asked for exactly the page that failed.
        assert.strictEqual(lines[8], lines[7])
        assert.strictEqual(lines[7], `GET /preview/training-courses?after=${encodeURIComponent(lastGood)}`)
      })))

    it.scopedLive("a consumer tracking cursors with getTrainingCourses resumes from the last page it saw", () =>
      faulty(Effect.gen(function*() {
        const { courses } = yield* connect({ retry: Schedule.stop })
        const cleanIds = (yield* Stream.runCollect(walk(courses, undefined))).pipe(
          Chunk.toReadonlyArray,
          (pages) => pages.flatMap((page) => page.ids)
        )
        yield* inject({ operation: "getTrainingCourses", nth: 3, fault: Fault.reset })
        const seen: Array<Page> = []
        const error = yield* failure(
          Stream.runDrain(Stream.tap(walk(courses, undefined), (page) => Effect.sync(() => seen.push(page))))
        )
        deepStrictEqual([error._tag, reasonOf(error)], ["TransportError", "NetworkFailure"])
        assert.strictEqual(seen.length, 2)
        const resumed = yield* Stream.runCollect(walk(courses, seen.at(-1)?.endCursor))
        const all = [...seen, ...Chunk.toReadonlyArray(resumed)].flatMap((page) => page.ids)
        deepStrictEqual(all, cleanIds)
        deepStrictEqual(yield* statuses, [200, 200, 200, 200, 200, 200, 200, undefined, 200, 200, 200])
        const lines = yield* receivedLines
        assert.strictEqual(lines[8], lines[7])
      })))

    it.scopedLive("with retries on, a reset on the 3rd page is retried inside the stream: every item exactly once", () =>
      faulty(Effect.gen(function*() {
        const { courses } = yield* connect({ retry: retries(2) })
        yield* inject({ operation: "getTrainingCourses", nth: 3, fault: Fault.reset })
        const items = yield* Stream.runCollect(courses.streamTrainingCourses())
        const ids = Chunk.toReadonlyArray(items).map((course) => course.id)
        assert.strictEqual(ids.length, 45)
        assert.strictEqual(new Set(ids).size, 45)
        deepStrictEqual(yield* statuses, [200, 200, undefined, 200, 200, 200])
        const lines = yield* receivedLines
        assert.strictEqual(lines[3], lines[2])
      })))
  })

  describe("postCustomReportRun is sent once unless the caller opts in", () => {
    const run = { startTime: "2025-06-01T00:00:00Z", endTime: "2025-06-02T00:00:00Z" }

    const firstReportId = (reports: CustomReports.Service) =>
      Effect.flatMap(reports.getCustomReportConfigs(), (page) => {
        const [first] = page.data
        return first === undefined ? Effect.dieMessage("the stand-in has no custom reports") : Effect.succeed(first.id)
      })

    const posts = Effect.flatMap(StandIn, (standIn) =>
      Effect.map(
        standIn.received,
        (requests) =>
          requests.filter((request) => request.operation === "postCustomReportRun").map(({ status }) => status)
      ))

    it.scopedLive("by default, a reset POST fails with TransportError after exactly one POST", () =>
      faulty(Effect.gen(function*() {
        const { reports } = yield* connect({})
        const customReportId = yield* firstReportId(reports)
        // Only the first POST is reset: a retry would have succeeded, so one POST proves there was none.
        yield* inject({ operation: "postCustomReportRun", times: 1, fault: Fault.reset })
        const error = yield* failure(reports.postCustomReportRun({ customReportId, ...run }))
        deepStrictEqual([error._tag, reasonOf(error)], ["TransportError", "NetworkFailure"])
        deepStrictEqual(yield* posts, [undefined])
      })))

    it.scopedLive("a client-wide retry policy does not make it retry: still exactly one POST", () =>
      faulty(Effect.gen(function*() {
        const { reports } = yield* connect({ retry: Schedule.recurs(3) })
        const customReportId = yield* firstReportId(reports)
        yield* inject({ operation: "postCustomReportRun", times: 1, fault: Fault.reset })
        const error = yield* failure(reports.postCustomReportRun({ customReportId, ...run }))
        deepStrictEqual([error._tag, reasonOf(error)], ["TransportError", "NetworkFailure"])
        deepStrictEqual(yield* posts, [undefined])
      })))

    it.scopedLive("a client-wide policy leaves a 503 on the POST unretried too", () =>
      faulty(Effect.gen(function*() {
        const { reports } = yield* connect({ retry: Schedule.recurs(3) })
        const customReportId = yield* firstReportId(reports)
        yield* inject({ operation: "postCustomReportRun", times: 1, fault: Fault.status(503) })
        const error = yield* failure(reports.postCustomReportRun({ customReportId, ...run }))
        assert.instanceOf(error, ServiceUnavailable)
        deepStrictEqual(yield* posts, [503])
      })))

    it.scopedLive("a per-call retry policy opts in: the reset POST is sent again and succeeds, two POSTs", () =>
      faulty(Effect.gen(function*() {
        const { reports } = yield* connect({})
        const customReportId = yield* firstReportId(reports)
        yield* inject({ operation: "postCustomReportRun", times: 1, fault: Fault.reset })
        const queued = yield* reports.postCustomReportRun({ customReportId, ...run }, { retry: Schedule.recurs(3) })
        assert.strictEqual(queued.data.customReportId, customReportId)
        deepStrictEqual(yield* posts, [undefined, 200])
      })))
  })

  it("the token appears in no error, log line or span the suite produced", () => {
    assert.isAtLeast(errors.length, 10, "the scan needs the errors of the tests above; run the whole file")
    assert.isAbove(recorded.logs.length, 0)
    assert.isAbove(recorded.spans.length, 0)
    for (const error of errors) {
      assert.notInclude(error.message, token)
      assert.notInclude(String(error), token)
      assert.notInclude(JSON.stringify(error), token)
      assert.notInclude(Cause.pretty(Cause.fail(error)), token)
    }
    assert.notInclude(transcript(recorded), token)
  })
})
