/**
 * What every call of both generations offers beside retries and timeouts: the API version header, extra request
 * headers that never replace the client's own, and a request log at Debug level that carries no secret.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Redacted from "effect/Redacted"
import * as GaCourses from "../src/ga/TrainingCourses.js"
import { SamsaraClient } from "../src/SamsaraClient.js"
import { TrainingCourses } from "../src/TrainingCourses.js"
import * as Fixtures from "./support/fixtures.js"
import { clientLayer, json, scripted, token } from "./support/scriptedHttp.js"

const page = json({ data: [Fixtures.trainingCourse("c-1")], pagination: Fixtures.page("", false) })

const run = <A, E>(
  effect: Effect.Effect<A, E, TrainingCourses | GaCourses.TrainingCourses>,
  options?: Omit<SamsaraClient.Options, "token">
) => {
  const http = clientLayer(() => page, options)
  const services = Layer.mergeAll(TrainingCourses.layer, GaCourses.TrainingCourses.layer).pipe(
    Layer.provide(http.layer)
  )
  return Effect.map(Effect.either(Effect.provide(effect, services)), (result) => ({ result, sent: http.sent }))
}

const preview = (options?: SamsaraClient.CallOptions) =>
  Effect.flatMap(TrainingCourses, (courses) => courses.getTrainingCourses({}, options))
const current = (options?: SamsaraClient.CallOptions) =>
  Effect.flatMap(GaCourses.TrainingCourses, (courses) => courses.getTrainingCourses({}, options))

describe("the API version", () => {
  it.effect("is sent on every request when the client names one, and not at all otherwise", () =>
    Effect.gen(function*() {
      const versioned = yield* run(Effect.zip(preview(), current()), { version: "2025-06-11" })
      assert.deepStrictEqual(versioned.sent.map((request) => request.headers["x-samsara-version"]), [
        "2025-06-11",
        "2025-06-11"
      ])
      const unversioned = yield* run(current())
      assert.isFalse("x-samsara-version" in (unversioned.sent[0]?.headers ?? {}))
    }))

  it.effect("a call's version replaces the client's for that call only", () =>
    Effect.gen(function*() {
      const { sent } = yield* run(Effect.zip(current({ version: "2026-01-01" }), current()), {
        version: "2025-06-11"
      })
      assert.deepStrictEqual(sent.map((request) => request.headers["x-samsara-version"]), ["2026-01-01", "2025-06-11"])
    }))

  it.effect("a version that is not a date is refused: by the layer with SamsaraConfigError, by a call unsent", () =>
    Effect.gen(function*() {
      const http = scripted(() => page)
      const refused = yield* Effect.flip(
        Layer.build(SamsaraClient.layer({ token, version: "latest" }).pipe(Layer.provide(http.layer))).pipe(
          Effect.scoped
        )
      )
      assert.deepStrictEqual([refused._tag, refused.setting], ["SamsaraConfigError", "version"])
      const call = yield* run(current({ version: "v2" }))
      assert.strictEqual(call.sent.length, 0)
      assert(call.result._tag === "Left" && call.result.left._tag === "InvalidRequest")
      assert.deepStrictEqual(call.result.left.issues.map((issue) => issue.field), ["options.version"])
    }))
})

describe("a call's headers", () => {
  it.effect("are sent beside the client's own", () =>
    Effect.gen(function*() {
      const { sent } = yield* run(current({ headers: { "X-Trace-Id": "abc" } }))
      assert.strictEqual(sent[0]?.headers["x-trace-id"], "abc")
      assert.strictEqual(sent[0]?.headers["authorization"], `Bearer ${Redacted.value(token)}`)
    }))

  it.effect("never replace Authorization, User-Agent or the version; bad ones are refused, all at once, unsent", () =>
    Effect.gen(function*() {
      const { result, sent } = yield* run(preview({
        headers: {
          authorization: "Bearer other",
          "User-Agent": "me",
          "X-Samsara-Version": "2025-06-11",
          "X-A": "a\r\nb"
        }
      }))
      assert.strictEqual(sent.length, 0)
      assert(result._tag === "Left" && result.left._tag === "InvalidRequest")
      assert.deepStrictEqual(result.left.issues.map((issue) => issue.field), [
        "options.headers.authorization",
        "options.headers.User-Agent",
        "options.headers.X-Samsara-Version",
        "options.headers.X-A"
      ])
    }))
})

describe("a call's base URL", () => {
  it.effect("sends that call, with the client's token and headers, under it; the next call goes to the client's", () =>
    Effect.gen(function*() {
      const { sent } = yield* run(
        Effect.zip(preview({ baseUrl: "https://api.eu.samsara.com/" }), current()),
        { version: "2025-06-11" }
      )
      assert.deepStrictEqual(sent.map((request) => request.url), [
        "https://api.eu.samsara.com/preview/training-courses",
        "https://api.samsara.com/training-courses"
      ])
      assert.strictEqual(sent[0]?.headers["authorization"], `Bearer ${Redacted.value(token)}`)
      assert.strictEqual(sent[0]?.headers["x-samsara-version"], "2025-06-11")
    }))

  it.effect("keeps a path prefix and allows plain http only to a loopback address", () =>
    Effect.gen(function*() {
      const { sent } = yield* run(Effect.zip(
        current({ baseUrl: "https://proxy.example.com/samsara" }),
        current({ baseUrl: "http://127.0.0.1:8080" })
      ))
      assert.deepStrictEqual(sent.map((request) => request.url), [
        "https://proxy.example.com/samsara/training-courses",
        "http://127.0.0.1:8080/training-courses"
      ])
    }))

  it.effect("that breaks the client's rule is refused, with the reason and no credentials, and nothing is sent", () =>
    Effect.gen(function*() {
      const refusals = [
        ["http://api.samsara.com", "must use https"],
        ["api.samsara.com", "is not an absolute URL"],
        ["https://api.samsara.com?x=1", "must not have a query string"],
        ["https://api.samsara.com#top", "must not have a fragment"],
        ["https://user:hunter2@api.samsara.com", "must not carry credentials"]
      ] as const
      for (const [baseUrl, reason] of refusals) {
        const { result, sent } = yield* run(current({ baseUrl }))
        assert.strictEqual(sent.length, 0)
        assert(result._tag === "Left" && result.left._tag === "InvalidRequest")
        assert.deepStrictEqual(result.left.issues.map((issue) => issue.field), ["options.baseUrl"])
        assert.include(result.left.message, reason)
        assert.notInclude(result.left.message, "hunter2")
      }
    }))
})

describe("the request log", () => {
  it.effect("has a Debug line per attempt with method, path, status and duration, and neither token nor query", () =>
    Effect.gen(function*() {
      const lines: Array<unknown> = []
      const logger = Logger.make(({ logLevel, message }) => {
        if (logLevel === LogLevel.Debug) lines.push(message)
      })
      yield* run(
        Effect.flatMap(GaCourses.TrainingCourses, (courses) => courses.getTrainingCourses({ courseIds: ["secret-1"] }))
      ).pipe(Effect.provide(Logger.replace(Logger.defaultLogger, logger)), Logger.withMinimumLogLevel(LogLevel.Debug))
      const text = JSON.stringify(lines)
      assert.include(text, `"method":"GET"`)
      assert.include(text, `"path":"/training-courses"`)
      assert.include(text, `"status":200`)
      assert.include(text, `"durationMs":0`)
      assert.notInclude(text, "secret-1")
      assert.notInclude(text, Redacted.value(token))
    }))
})
