/**
 * The client's settings, checked and decoded once when the layer is built: a setting that cannot work is a
 * `SamsaraConfigError` naming it, and nothing is ever sent on such a client.
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { OperationId } from "../OperationId.js"
import type { SamsaraClient } from "../SamsaraClient.js"
import { SamsaraConfigError } from "../SamsaraError.js"
import type { Budget } from "./rateLimit.js"

const loopbackHosts = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/

const refuse = (setting: string, description: string) => Either.left(new SamsaraConfigError({ setting, description }))

/**
 * Why a base URL cannot be used, if it cannot: it must be https, since the token travels in every request's
 * headers, and plain http is allowed only to a loopback address (a local stand-in or proxy). A query, a fragment or
 * credentials would be folded into every request's path, so they are refused too; credentials are left out of the
 * description. The layer's `baseUrl` and a call's own are held to the same rule.
 */
export const baseUrlProblem = (baseUrl: string): string | undefined => {
  if (!URL.canParse(baseUrl)) return `${JSON.stringify(baseUrl)} is not an absolute URL`
  const url = new URL(baseUrl)
  const authority = baseUrl.slice(baseUrl.indexOf("//") + 2).split(/[/?#]/)[0] ?? ""
  if (url.username !== "" || url.password !== "" || authority.includes("@")) {
    return `${
      JSON.stringify(`${url.protocol}//${url.host}${url.pathname}`)
    } must not carry credentials (user:password@)`
  }
  const quoted = JSON.stringify(baseUrl)
  if (baseUrl.includes("?")) return `${quoted} must not have a query string`
  if (baseUrl.includes("#")) return `${quoted} must not have a fragment`
  if (url.protocol === "https:" || (url.protocol === "http:" && loopbackHosts.test(url.hostname))) return undefined
  return `${quoted} must use https (plain http is allowed only to a loopback address)`
}

const checkBaseUrl = (baseUrl: string): Either.Either<string, SamsaraConfigError> => {
  const problem = baseUrlProblem(baseUrl)
  return problem === undefined ? Either.right(baseUrl) : refuse("baseUrl", problem)
}

/** C0 and C1 control characters, DEL included. */
const controlCharacter = /[\u0000-\u001f\u007f-\u009f]/

/**
 * A token that cannot authenticate is refused before anything is sent; a control character would fail every
 * request as a retryable transport error, and a line break would let the header smuggle in headers of its own.
 * The messages never show the token.
 */
const checkToken = (token: Redacted.Redacted<string>): Either.Either<Redacted.Redacted<string>, SamsaraConfigError> => {
  const value = Redacted.value(token)
  if (value === "") return refuse("token", "is empty")
  if (value.trim() !== value) {
    return refuse("token", "has leading or trailing whitespace (a stray space or line break when copied?)")
  }
  const control = controlCharacter.exec(value)
  return control === null ? Either.right(token) : refuse(
    "token",
    `contains a control character (U+${(control[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")})`
  )
}

/** A count that must be a whole number of at least 1, when given. */
const checkCount = (
  setting: string,
  value: number | undefined
): Either.Either<number | undefined, SamsaraConfigError> =>
  value === undefined || (Number.isInteger(value) && value >= 1)
    ? Either.right(value)
    : refuse(setting, `must be a whole number of at least 1, got ${value}`)

const shown = (input: unknown): string =>
  Duration.isDuration(input)
    ? Duration.format(input)
    : typeof input === "string"
    ? JSON.stringify(input)
    : String(input)

/** `Duration.decode` reads a negative input as zero, which would hide a sign typo behind a meaningful value. */
const isNegative = (input: Duration.DurationInput): boolean =>
  typeof input === "number"
    ? !(input >= 0)
    : typeof input === "bigint"
    ? input < 0n
    : typeof input === "string" && input.startsWith("-")

const durationRules = {
  "positive": "a positive duration",
  "positive and finite": "a positive, finite duration",
  "not negative": "a duration of zero or more"
} as const

/** A duration setting, decoded and held to `rule`. */
const checkDuration = (
  setting: string,
  input: Duration.DurationInput,
  rule: "positive" | "positive and finite" | "not negative"
): Either.Either<Duration.Duration, SamsaraConfigError> => {
  const accepted = Option.filter(Duration.decodeUnknown(input), (duration) =>
    rule === "not negative"
      ? !isNegative(input)
      : Duration.greaterThan(duration, Duration.zero) && (rule === "positive" || Duration.isFinite(duration)))
  return Option.isSome(accepted)
    ? Either.right(accepted.value)
    : refuse(setting, `must be ${durationRules[rule]}, got ${shown(input)}`)
}

const checkOptionalDuration = (
  setting: string,
  input: Duration.DurationInput | undefined,
  rule: "positive" | "not negative"
): Either.Either<Option.Option<Duration.Duration>, SamsaraConfigError> =>
  input === undefined ? Either.right(Option.none()) : Either.map(checkDuration(setting, input, rule), Option.some)

/** A shared budget key: something to match other clients' on, and stored in clear, so never the token. */
const checkKey = (key: string | undefined, token: Redacted.Redacted<string>) => {
  if (key === undefined) return Either.right(key)
  if (key.trim() === "") return refuse("rateLimit.key", "is empty")
  if (key.trim() !== key || controlCharacter.test(key)) {
    return refuse("rateLimit.key", "has leading or trailing whitespace or a control character")
  }
  return key === Redacted.value(token)
    ? refuse("rateLimit.key", "is the token; it is stored in clear, so use the organization id")
    : Either.right(key)
}

/** Samsara names its API versions by date, such as `2025-06-11`. */
export const isApiVersion = (version: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(version)

const checkVersion = (version: string | undefined) =>
  version === undefined || isApiVersion(version)
    ? Either.right(version)
    : refuse("version", `must be an API version date such as 2025-06-11, got ${JSON.stringify(version)}`)

/** Budget overrides, each for a known operation with a whole limit of at least 1 and a positive, finite window. */
const checkBudgets = (budgets: SamsaraClient.RateLimitOptions["budgets"]) =>
  Effect.gen(function*() {
    const checked: { [K in OperationId]?: Budget } = {}
    for (const [name, override] of Object.entries(budgets ?? {})) {
      const setting = `rateLimit.budgets.${name}`
      if (!Schema.is(OperationId)(name)) {
        return yield* refuse(setting, "names no operation of this client")
      }
      if (override === undefined) continue
      yield* checkCount(`${setting}.limit`, override.limit)
      checked[name] = {
        limit: override.limit,
        window: yield* checkDuration(`${setting}.window`, override.window, "positive and finite")
      }
    }
    return checked
  })

/** The settings, checked and decoded once, so that nothing is sent on a client that cannot work. */
export const checkOptions = (options: SamsaraClient.Options, defaultBaseUrl: string) =>
  Effect.gen(function*() {
    const rateLimit = options.rateLimit ?? {}
    return {
      baseUrl: yield* checkBaseUrl(options.baseUrl ?? defaultBaseUrl),
      token: yield* checkToken(options.token),
      timeout: yield* checkOptionalDuration("timeout", options.timeout, "positive"),
      deadline: yield* checkOptionalDuration("deadline", options.deadline, "positive"),
      maxRetryAfter: yield* checkOptionalDuration("maxRetryAfter", options.maxRetryAfter, "not negative"),
      maxInFlight: yield* checkCount("maxInFlight", options.maxInFlight),
      maxResponseBytes: yield* checkCount("maxResponseBytes", options.maxResponseBytes),
      version: yield* checkVersion(options.version),
      rateLimit: rateLimit === false ? rateLimit : {
        key: yield* checkKey(rateLimit.key, options.token),
        budgets: yield* checkBudgets(rateLimit.budgets)
      }
    }
  })
