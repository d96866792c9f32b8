/**
 * Schemas for the fields callers pass: they validate before anything is sent and normalise what the wire needs
 * (a time's exact text and instant, an int64 id's digits).
 */
import * as DateTime from "effect/DateTime"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"

/** A validated time: the RFC 3339 text to send, and its instant for the checks that compare times. */
export class RequestTime {
  constructor(readonly wire: string, readonly epochMillis: number) {}
}

const rfc3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))$/

/**
 * The instant an RFC 3339 date-time names, or `undefined` when the text is not one. `Date.parse` alone would roll
 * an impossible date such as 2024-02-30 over into March, so the calendar fields are checked first.
 */
export const parseRfc3339 = (text: string): number | undefined => {
  const match = rfc3339.exec(text)
  if (match === null) return undefined
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, offsetHours = 0, offsetMinutes = 0] = match
    .slice(1)
    .map((group) => Number(group ?? 0))
  const calendarDay = new Date(Date.UTC(year, month - 1, day))
  const valid = calendarDay.getUTCFullYear() === year && calendarDay.getUTCMonth() === month - 1 &&
    calendarDay.getUTCDate() === day && hour <= 23 && minute <= 59 && second <= 59 && offsetHours <= 23 &&
    offsetMinutes <= 59
  return valid ? Date.parse(text) : undefined
}

const rfc3339Hint = "expected an RFC 3339 date-time such as 2024-06-01T10:00:00Z or 2024-06-01T12:00:00+02:00"

/**
 * A time as an RFC 3339 string (sent exactly as given, so an offset survives), a `Date` or a `DateTime`
 * (both sent as UTC).
 */
export const Time = Schema.transformOrFail(
  Schema.Union(Schema.String, Schema.DateFromSelf, Schema.DateTimeUtcFromSelf, Schema.DateTimeZonedFromSelf),
  Schema.instanceOf(RequestTime),
  {
    strict: true,
    decode: (input, _, ast) => {
      if (typeof input === "string") {
        const epochMillis = parseRfc3339(input)
        return epochMillis === undefined
          ? ParseResult.fail(new ParseResult.Type(ast, input, `${rfc3339Hint}, got ${JSON.stringify(input)}`))
          : ParseResult.succeed(new RequestTime(input, epochMillis))
      }
      if (input instanceof Date) {
        return Number.isNaN(input.getTime())
          ? ParseResult.fail(new ParseResult.Type(ast, input, "expected a valid Date, got an Invalid Date"))
          : ParseResult.succeed(new RequestTime(input.toISOString(), input.getTime()))
      }
      return ParseResult.succeed(new RequestTime(DateTime.formatIso(input), DateTime.toEpochMillis(input)))
    },
    encode: (time) => ParseResult.succeed(time.wire)
  }
)

/** A string that can be percent-encoded: one with a lone surrogate cannot, and would fail only when sent. */
export const Text = Schema.String.pipe(
  Schema.filter((text) => text.isWellFormed(), { message: () => "is not well-formed Unicode (a lone surrogate)" })
)

/** A well-formed string with at least one character. */
export const NonEmptyText = Text.pipe(Schema.minLength(1, { message: () => "must not be empty" }))

/** A request value Samsara lists only in prose: the documented values for editors, any other text accepted. */
export const KnownText = <const Values extends ReadonlyArray<string>>(
  ...values: Values
): Schema.Schema<Values[number] | (string & {})> => Schema.Union(Schema.Literal(...values), Text)

/**
 * An optional parameter. Its schema knows only present values: `validate` drops keys set to `undefined` first, so
 * callers may pass `undefined` for any optional parameter (see `Params`).
 */
export const optionalParam = <S extends Schema.Schema.All>(schema: S) => Schema.optionalWith(schema, { exact: true })

/** A cursor from a previous page's `pagination.endCursor`. */
export const After = optionalParam(NonEmptyText)

/** What a method takes for a parameter schema: its encoded side, where optional keys also take `undefined`. */
export type Params<S extends Schema.Schema.Any> = OrUndefined<Schema.Schema.Encoded<S>>

export type OrUndefined<T> = { readonly [K in keyof T]: {} extends Pick<T, K> ? T[K] | undefined : T[K] }

/** A list of ids; `max` is the documented cap on how many one call may name. */
export const Ids = (max?: number) => {
  const ids = Schema.Array(NonEmptyText)
  return max === undefined ? ids : ids.pipe(Schema.maxItems(max, { message: () => `at most ${max} ids per call` }))
}

/** Ids a call cannot do without: at least one, at most `max`. */
export const RequiredIds = (max: number) =>
  Ids(max).pipe(Schema.minItems(1, { message: () => "at least one id is required" }))

const int64Min = -(2n ** 63n)
const int64Max = 2n ** 63n - 1n

/**
 * An int64 id as a `bigint`, a safe integer `number` or a string of digits, kept as exact digits: a `number`
 * beyond 2^53 has already lost precision, so it is refused rather than sent wrong.
 */
export const Int64 = Schema.transformOrFail(
  Schema.Union(Schema.BigIntFromSelf, Schema.Number, Schema.String),
  Schema.BigIntFromSelf,
  {
    strict: true,
    decode: (input, _, ast) => {
      const fail = (reason: string) => ParseResult.fail(new ParseResult.Type(ast, input, reason))
      if (typeof input === "number" && !Number.isSafeInteger(input)) {
        return fail(`expected a safe integer, got ${input}; pass a bigint or a string of digits for larger ids`)
      }
      if (typeof input === "string" && !/^-?\d+$/.test(input)) {
        return fail(`expected a string of digits, got ${JSON.stringify(input)}`)
      }
      const value = BigInt(input)
      return value < int64Min || value > int64Max
        ? fail(`${value} does not fit in an int64`)
        : ParseResult.succeed(value)
    },
    encode: ParseResult.succeed
  }
)

/** A page size: Samsara accepts 1 to 100. */
export const Limit = Schema.Int.pipe(Schema.between(1, 100, { message: () => "expected an integer from 1 to 100" }))

/** Issues against a request as a whole, with the field they belong to. */
export type FieldIssues = ReadonlyArray<{ readonly path: ReadonlyArray<PropertyKey>; readonly message: string }>

/** `endTime` must come after `startTime`. */
export const endAfterStart = (
  window: { readonly startTime: RequestTime; readonly endTime: RequestTime }
): FieldIssues =>
  window.endTime.epochMillis > window.startTime.epochMillis
    ? []
    : [{ path: ["endTime"], message: "must be after startTime" }]

const hourMillis = 3_600_000

/**
 * Driver efficiency windows: whole hours (of the UTC instant), at least one day long, and ending no later than
 * three hours before `nowMillis`.
 */
export const driverEfficiencyWindow = (
  window: { readonly startTime: RequestTime; readonly endTime: RequestTime },
  nowMillis: number
): FieldIssues => {
  const issues: Array<FieldIssues[number]> = []
  for (const field of ["startTime", "endTime"] as const) {
    if (window[field].epochMillis % hourMillis !== 0) {
      issues.push({ path: [field], message: "must be a whole hour (minutes, seconds and milliseconds zero in UTC)" })
    }
  }
  if (window.endTime.epochMillis - window.startTime.epochMillis < 24 * hourMillis) {
    issues.push({ path: ["endTime"], message: "must be at least one day after startTime" })
  }
  if (window.endTime.epochMillis > nowMillis - 3 * hourMillis) {
    const latest = new Date(nowMillis - 3 * hourMillis).toISOString()
    issues.push({ path: ["endTime"], message: `must be no later than three hours before now (${latest})` })
  }
  return issues
}
