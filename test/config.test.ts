/**
 * Settings that cannot work are refused when the layer is built, with a `SamsaraConfigError` naming the setting,
 * through `layer` and `layerConfig` alike, before any request is sent, and without the token in the message.
 */
import { assert, describe, it } from "@effect/vitest"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { SamsaraClient } from "../src/SamsaraClient.js"
import { TrainingCourses } from "../src/TrainingCourses.js"
import * as Fixtures from "./support/fixtures.js"
import { json, scripted } from "./support/scriptedHttp.js"

const secret = "tok-5ecret-77"
const coursesPage = json({ data: [], pagination: Fixtures.page("", false) })

/**
 * A duration as a parsed config file or plain JavaScript can pass it, outside what the types allow: the client must
 * refuse it at run time.
 */
const fromConfigFile = (json: string): Duration.DurationInput => JSON.parse(json)

type Settings = Omit<SamsaraClient.Options, "token" | "baseUrl" | "region">

/** A setting under test: the token and base URL go through the environment for `layerConfig`, the rest as options. */
interface Case {
  readonly setting: string
  readonly message: string
  readonly token?: string
  readonly baseUrl?: string
  readonly options?: Settings
}

/** One `getTrainingCourses` call on a client built from `settings` by `layer`, or by `layerConfig`. */
const callThrough = (
  how: "layer" | "layerConfig",
  { baseUrl, options, token = secret }: Omit<Case, "setting" | "message">
) => {
  const http = scripted(() => coursesPage)
  const client = how === "layer"
    ? SamsaraClient.layer({ token: Redacted.make(token), ...(baseUrl === undefined ? {} : { baseUrl }), ...options })
    : SamsaraClient.layerConfig(options).pipe(
      Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(
        new Map([
          ["SAMSARA_API_TOKEN", token],
          ...(baseUrl === undefined ? [] : [["SAMSARA_BASE_URL", baseUrl] as const])
        ])
      )))
    )
  const call = Effect.flatMap(TrainingCourses, (courses) => courses.getTrainingCourses()).pipe(
    Effect.provide(TrainingCourses.layer.pipe(Layer.provide(client), Layer.provide(http.layer)))
  )
  return Effect.map(Effect.either(call), (result) => ({ result, sent: http.sent.length }))
}

/** Durations that cannot work, each with how the message shows it. */
type Shown = ReadonlyArray<readonly [Duration.DurationInput, string]>
const notPositive: Shown = [
  [0, "0"],
  ["0 seconds", `"0 seconds"`],
  [Duration.zero, "0"],
  [-5, "-5"],
  ["-1 seconds", `"-1 seconds"`],
  [fromConfigFile(`"5 secs"`), `"5 secs"`]
]
const negative: Shown = [[-1, "-1"], ["-1 seconds", `"-1 seconds"`], [Number.NaN, "NaN"], [
  fromConfigFile(`"soon"`),
  `"soon"`
]]
const notFinite: Shown = [[Infinity, "Infinity"], [Duration.infinity, "Infinity"]]

/** A case's settings as a test name: JSON, with NaN, Infinity and invisible characters spelled out. */
const named = (settings: object) =>
  JSON.stringify(settings, (_, value) => typeof value === "number" && !Number.isFinite(value) ? String(value) : value)
    .replace(/[\u007f-\u009f\ufeff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`)

const refused: ReadonlyArray<Case> = [
  { setting: "token", token: "", message: "token is empty" },
  ...[` ${secret}`, `${secret} `, `${secret}\n`, `\t${secret}`, `\uFEFF${secret}`].map((token) => ({
    setting: "token",
    token,
    message: "token has leading or trailing whitespace (a stray space or line break when copied?)"
  })),
  ...[["\u0000", "0000"], ["\r\nX-Injected: 1", "000D"], ["\u0007", "0007"], ["\u007F", "007F"], ["\u0085", "0085"]]
    .map((
      [inside, code]
    ) => ({
      setting: "token",
      token: `tok-5${inside}ecret-77`,
      message: `token contains a control character (U+${code})`
    })),
  {
    setting: "baseUrl",
    baseUrl: "https://api.samsara.com/?region=x",
    message: `baseUrl "https://api.samsara.com/?region=x" must not have a query string`
  },
  {
    setting: "baseUrl",
    baseUrl: "https://api.samsara.com?",
    message: `baseUrl "https://api.samsara.com?" must not have a query string`
  },
  {
    setting: "baseUrl",
    baseUrl: "https://api.samsara.com/#top",
    message: `baseUrl "https://api.samsara.com/#top" must not have a fragment`
  },
  ...["https://me:5ecret@api.samsara.com/v", "https://me@api.samsara.com/v", "https://@api.samsara.com/v"].map((
    baseUrl
  ) => ({
    setting: "baseUrl",
    baseUrl,
    message: `baseUrl "https://api.samsara.com/v" must not carry credentials (user:password@)`
  })),
  ...[0, -1, 1.5, Number.NaN, Infinity].map((maxInFlight) => ({
    setting: "maxInFlight",
    options: { maxInFlight },
    message: `maxInFlight must be a whole number of at least 1, got ${maxInFlight}`
  })),
  ...[0, 0.5, Number.NaN].map((maxResponseBytes) => ({
    setting: "maxResponseBytes",
    options: { maxResponseBytes },
    message: `maxResponseBytes must be a whole number of at least 1, got ${maxResponseBytes}`
  })),
  ...notPositive.flatMap(([input, shown]) =>
    (["timeout", "deadline"] as const).map((setting) => ({
      setting,
      options: { [setting]: input },
      message: `${setting} must be a positive duration, got ${shown}`
    }))
  ),
  ...negative.map(([maxRetryAfter, shown]) => ({
    setting: "maxRetryAfter",
    options: { maxRetryAfter },
    message: `maxRetryAfter must be a duration of zero or more, got ${shown}`
  })),
  ...[0, -1, 1.5].map((limit) => ({
    setting: "rateLimit.budgets.getTrainingCourses.limit",
    options: { rateLimit: { budgets: { getTrainingCourses: { limit, window: Duration.seconds(1) } } } },
    message: `rateLimit.budgets.getTrainingCourses.limit must be a whole number of at least 1, got ${limit}`
  })),
  ...[...notPositive, ...notFinite].map(([window, shown]) => ({
    setting: "rateLimit.budgets.getTrainingCourses.window",
    options: { rateLimit: { budgets: { getTrainingCourses: { limit: 5, window } } } },
    message: `rateLimit.budgets.getTrainingCourses.window must be a positive, finite duration, got ${shown}`
  })),
  {
    setting: "rateLimit.budgets.getTrainingCourse",
    // An operation id the types would refuse, as JavaScript or a loosely typed config can pass it.
    options: {
      rateLimit: { budgets: Object.fromEntries([["getTrainingCourse", { limit: 5, window: Duration.seconds(1) }]]) }
    },
    message: "rateLimit.budgets.getTrainingCourse names no operation of this client"
  },
  ...["", "   "].map((key) => ({
    setting: "rateLimit.key",
    options: { rateLimit: { key } },
    message: "rateLimit.key is empty"
  })),
  ...[" org-1", "org-1\n", "org\u00001"].map((key) => ({
    setting: "rateLimit.key",
    options: { rateLimit: { key } },
    message: "rateLimit.key has leading or trailing whitespace or a control character"
  })),
  {
    setting: "rateLimit.key",
    options: { rateLimit: { key: secret } },
    message: "rateLimit.key is the token; it is stored in clear, so use the organization id"
  }
]

describe("settings that cannot work", () => {
  for (const how of ["layer", "layerConfig"] as const) {
    for (const { message, setting, ...settings } of refused) {
      it.effect(`${how}: ${setting} ${named(settings)} is refused, sending nothing`, () =>
        Effect.gen(function*() {
          const { result, sent } = yield* callThrough(how, settings)
          assert(result._tag === "Left" && result.left._tag === "SamsaraConfigError")
          assert.deepStrictEqual({ setting: result.left.setting, message: result.left.message }, { setting, message })
          assert.strictEqual(sent, 0)
          for (const printed of [result.left.message, String(result.left), JSON.stringify(result.left)]) {
            assert.notInclude(printed, "5ecret")
          }
        }))
    }
  }
})

describe("settings at the edge of what works", () => {
  const accepted: ReadonlyArray<Omit<Case, "setting" | "message">> = [
    { options: { maxInFlight: 1, maxResponseBytes: 1, maxRetryAfter: 0 } },
    { options: { timeout: Infinity, deadline: "1 millis", maxRetryAfter: "0 seconds" } },
    { options: { rateLimit: { key: "org-1", budgets: { getTrainingCourses: { limit: 1, window: "1 millis" } } } } },
    { token: "tok with inner space", baseUrl: "https://proxy.example.com/samsara/" }
  ]
  for (const how of ["layer", "layerConfig"] as const) {
    for (const settings of accepted) {
      it.effect(`${how}: ${named(settings)} builds and sends`, () =>
        Effect.gen(function*() {
          const { result, sent } = yield* callThrough(how, settings)
          // maxResponseBytes: 1 makes the page too large to read: what matters here is that it was sent.
          assert(result._tag === "Right" || result.left._tag === "DecodeError")
          assert.strictEqual(sent, 1)
        }))
    }
  }
})
