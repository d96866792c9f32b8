/**
 * `SamsaraClient` configuration (hosts, regions, `Config`), the token's secrecy, and swapping a service for a
 * test layer.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import { readFileSync } from "node:fs"
import { inspect } from "node:util"
import { version } from "../src/internal/version.js"
import { Pagination } from "../src/Pagination.js"
import { SamsaraClient } from "../src/SamsaraClient.js"
import {
  GetTrainingCoursesResponse,
  TrainingCategory,
  TrainingCourse,
  TrainingCourses
} from "../src/TrainingCourses.js"
import * as Fixtures from "./support/fixtures.js"
import { recording, transcript } from "./support/recording.js"
import { json, scripted, type SentRequest } from "./support/scriptedHttp.js"

const coursesPage = json({ data: [Fixtures.trainingCourse("c-1")], pagination: Fixtures.page("", false) })

/** The one request a `getTrainingCourses` call sends through `client`. */
const requestThrough = <E>(client: (http: ReturnType<typeof scripted>) => Layer.Layer<SamsaraClient, E>) =>
  Effect.gen(function*() {
    const http = scripted(() => coursesPage)
    yield* Effect.flatMap(TrainingCourses, (courses) => courses.getTrainingCourses()).pipe(
      Effect.provide(TrainingCourses.layer.pipe(Layer.provide(client(http))))
    )
    const [request] = http.sent
    assert(request !== undefined)
    return request
  })

const withOptions = (options: Omit<SamsaraClient.Options, "token">) =>
  requestThrough((http) =>
    SamsaraClient.layer({ token: Redacted.make("secret"), ...options }).pipe(Layer.provide(http.layer))
  )

const fromEnvironment = (variables: Record<string, string>) =>
  requestThrough((http) =>
    SamsaraClient.layerConfig().pipe(
      Layer.provide(http.layer),
      Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(variables)))))
    )
  )

const urlOf = (request: SentRequest) => request.url

describe("SamsaraClient.layer", () => {
  it.effect("defaults to the US host", () =>
    Effect.map(withOptions({}), (request) => {
      assert.strictEqual(urlOf(request), "https://api.samsara.com/preview/training-courses")
    }))

  it.effect("region eu selects the EU host", () =>
    Effect.map(withOptions({ region: "eu" }), (request) => {
      assert.strictEqual(urlOf(request), "https://api.eu.samsara.com/preview/training-courses")
    }))

  it.effect("baseUrl overrides the region, with or without a trailing slash", () =>
    Effect.gen(function*() {
      const plain = yield* withOptions({ baseUrl: "http://127.0.0.1:4010", region: "eu" })
      const slashed = yield* withOptions({ baseUrl: "http://127.0.0.1:4010/" })
      assert.strictEqual(urlOf(plain), "http://127.0.0.1:4010/preview/training-courses")
      assert.strictEqual(urlOf(slashed), "http://127.0.0.1:4010/preview/training-courses")
    }))

  it("keeps the User-Agent version equal to package.json's", () => {
    const packageJson: unknown = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"))
    assert.deepInclude(packageJson, { version })
  })
})

describe("the base URL", () => {
  const build = (baseUrl: string) =>
    Effect.gen(function*() {
      const http = scripted(() => coursesPage)
      const result = yield* Effect.either(Layer.build(
        SamsaraClient.layer({ token: Redacted.make("t"), baseUrl }).pipe(
          Layer.provide(http.layer)
        )
      ))
      return { result, sent: http.sent.length }
    }).pipe(Effect.scoped)

  for (
    const [baseUrl, reason] of [
      ["http://api.samsara.com", "must use https (plain http is allowed only to a loopback address)"],
      ["http://10.0.0.8:8080", "must use https (plain http is allowed only to a loopback address)"],
      ["ftp://127.0.0.1", "must use https (plain http is allowed only to a loopback address)"],
      ["api.samsara.com", "is not an absolute URL"]
    ] as const
  ) {
    it.effect(`refuses ${baseUrl} when the layer is built, sending nothing`, () =>
      Effect.map(build(baseUrl), ({ result, sent }) => {
        assert(result._tag === "Left")
        assert.deepInclude(result.left, { _tag: "SamsaraConfigError", setting: "baseUrl" })
        assert.strictEqual(result.left.message, `baseUrl ${JSON.stringify(baseUrl)} ${reason}`)
        assert.strictEqual(sent, 0)
      }))
  }

  for (
    const baseUrl of [
      "https://proxy.example.com/samsara",
      "http://localhost:8080",
      "http://127.0.0.2",
      "http://[::1]:9"
    ]
  ) {
    it.effect(`accepts ${baseUrl}`, () => Effect.map(build(baseUrl), ({ result }) => assert(result._tag === "Right")))
  }

  it.effect("SAMSARA_BASE_URL goes through the same rule", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(
        fromEnvironment({ SAMSARA_API_TOKEN: "t", SAMSARA_BASE_URL: "http://example.com" })
      )
      assert.include(String(error), "must use https")
    }))
})

describe("SamsaraClient.layerConfig", () => {
  it.effect("reads the token, host and region from the environment", () =>
    Effect.gen(function*() {
      const request = yield* fromEnvironment({ SAMSARA_API_TOKEN: "from-env", SAMSARA_REGION: "eu" })
      assert.strictEqual(request.headers["authorization"], "Bearer from-env")
      assert.strictEqual(urlOf(request), "https://api.eu.samsara.com/preview/training-courses")
      const local = yield* fromEnvironment({ SAMSARA_API_TOKEN: "t", SAMSARA_BASE_URL: "http://localhost:9" })
      assert.strictEqual(urlOf(local), "http://localhost:9/preview/training-courses")
    }))

  it.effect("fails with a ConfigError naming a missing token", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(fromEnvironment({}))
      assert.include(String(error), "SAMSARA_API_TOKEN")
    }))

  it.effect("fails with a ConfigError on an unknown region", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(fromEnvironment({ SAMSARA_API_TOKEN: "t", SAMSARA_REGION: "mars" }))
      assert.include(String(error), "SAMSARA_REGION")
    }))

  it.effect("keeps the token out of the configured client's printed form", () =>
    Effect.gen(function*() {
      const printed = yield* Effect.map(SamsaraClient, (client) => `${String(client)} ${JSON.stringify(client)}`).pipe(
        Effect.provide(
          SamsaraClient.layerConfig().pipe(
            Layer.provide(scripted(() => coursesPage).layer),
            Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map([["SAMSARA_API_TOKEN", "s3cr3t"]]))))
          )
        )
      )
      assert.notInclude(printed, "s3cr3t")
    }))
})

describe("the token", () => {
  const token = "tok-9e2d41"

  it.effect("appears in no error, message, string, JSON, inspected or pretty-printed form, causes included", () =>
    Effect.gen(function*() {
      const replies = [
        json({ message: "bad", requestId: "r" }, 400),
        json({ message: "nope", requestId: "r" }, 401),
        json({ message: "slow down", requestId: "r" }, 429, { "retry-after": "1" }),
        { status: 502, body: "<html>proxy</html>" },
        { status: 200, body: "not json" },
        json({ data: "wrong" }),
        "reset" as const
      ]
      const http = scripted((_, index) => replies[index] ?? coursesPage)
      const layer = TrainingCourses.layer.pipe(
        Layer.provide(
          SamsaraClient.layer({ token: Redacted.make(token), retry: Schedule.recurs(0), rateLimit: false })
        ),
        Layer.provide(http.layer)
      )
      const errors = yield* Effect.forEach(
        [...replies.map(() => ({})), { courseIds: [""] }],
        (params) => Effect.flip(Effect.flatMap(TrainingCourses, (courses) => courses.getTrainingCourses(params))),
        { concurrency: 1 }
      ).pipe(Effect.provide(layer))
      assert.deepStrictEqual(errors.map((error) => error._tag), [
        "BadRequest",
        "Unauthorized",
        "TooManyRequests",
        "BadGateway",
        "DecodeError",
        "DecodeError",
        "TransportError",
        "InvalidRequest"
      ])
      // The errors without a response keep what lay under them: the network error, the ParseError.
      assert.deepStrictEqual(
        errors.filter((error) => error.cause !== undefined).map((error) => error._tag),
        ["DecodeError", "DecodeError", "TransportError"]
      )
      for (const error of errors) {
        for (
          const printed of [
            error.message,
            String(error),
            JSON.stringify(error),
            error.stack ?? "",
            inspect(error, { depth: 10 }),
            Cause.pretty(Cause.fail(error), { renderErrorCause: true })
          ]
        ) {
          assert.notInclude(printed, token)
        }
      }
      assert.strictEqual(http.sent[0]?.headers["authorization"], `Bearer ${token}`)
    }))
})

describe("the token in spans and logs", () => {
  it.effect("appears in no span name, attribute or event, and in no log line, across retries and failures", () =>
    Effect.gen(function*() {
      const secret = "tok-spans-5a1f"
      const recorded = recording()
      const replies = [
        json({ message: "slow down", requestId: "r-1" }, 429, { "retry-after": "0" }),
        "reset" as const,
        json({ message: "bad token", requestId: "r-2" }, 401)
      ]
      const http = scripted((_, index) => replies[index] ?? coursesPage)
      const layer = TrainingCourses.layer.pipe(
        Layer.provide(
          SamsaraClient.layer({ token: Redacted.make(secret), retry: Schedule.recurs(3), rateLimit: false })
        ),
        Layer.provide(http.layer)
      )
      const error = yield* Effect.flip(Effect.flatMap(TrainingCourses, (courses) => courses.getTrainingCourses())).pipe(
        Effect.provide(layer),
        Effect.withTracer(recorded.tracer),
        Effect.provide(Logger.replace(Logger.defaultLogger, recorded.logger)),
        Logger.withMinimumLogLevel(LogLevel.All)
      )
      assert.strictEqual(error._tag, "Unauthorized")
      assert.strictEqual(http.sent.length, 3)
      assert.include(recorded.spans.map((span) => span.name), "Samsara.getTrainingCourses")
      // A request line for each answered attempt (the reset has none) and a line for each failed attempt.
      assert.strictEqual(recorded.logs.length, 2 + 3)
      const everything = transcript(recorded)
      assert.include(everything, "Samsara request")
      assert.include(everything, "Samsara attempt failed")
      assert.notInclude(everything, secret)
    }))
})

describe("test layers", () => {
  it.effect("a program runs against Layer.succeed(TrainingCourses, ...) with no transport", () =>
    Effect.gen(function*() {
      const course = TrainingCourse.make({
        id: "c-1",
        revisionId: "r-1",
        title: "Defensive driving",
        status: "published",
        estimatedTimeToCompleteMinutes: 20,
        category: TrainingCategory.make({ id: "cat", name: "Safety" })
      })
      const fake = Layer.succeed(
        TrainingCourses,
        TrainingCourses.of({
          getTrainingCourses: () =>
            Effect.succeed(
              GetTrainingCoursesResponse.make({
                data: [course],
                pagination: Pagination.make({ endCursor: "", hasNextPage: false })
              })
            ),
          streamTrainingCourses: () => Stream.make(course)
        })
      )
      const titles = yield* Effect.flatMap(
        TrainingCourses,
        (courses) => Stream.runCollect(Stream.map(courses.streamTrainingCourses(), (item) => item.title))
      ).pipe(
        Effect.provide(fake)
      )
      assert.deepStrictEqual([...titles], ["Defensive driving"])
    }))
})
