/**
 * The one place that reads HTTP status numbers off a response: it turns a non-2xx response into the tagged error
 * whose class stands for its status (`statusErrors`), with Samsara's message and request id from the body.
 */
import * as Duration from "effect/Duration"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import type { OperationId } from "../OperationId.js"
import { type HttpStatusError, statusErrors, UnexpectedStatus } from "../SamsaraError.js"

/** Every documented status's class, by its status. */
const byStatus: ReadonlyMap<number, (typeof statusErrors)[number]> = new Map(
  statusErrors.map((error) => [error.status, error])
)

const StandardErrorBody = Schema.parseJson(Schema.Struct({
  message: Schema.optional(Schema.String),
  requestId: Schema.optional(Schema.String)
}))

const decodeErrorBody = Schema.decodeUnknownOption(StandardErrorBody)

const weekday = "(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)"
const month = "(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
const clock = "\\d{2}:\\d{2}:\\d{2}"

const imfFixdate = `${weekday}, \\d{2} ${month} \\d{4} ${clock} GMT`
const rfc850Date = `(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, \\d{2}-${month}-\\d{2} ${clock} GMT`

/** RFC 9110's HTTP-date in its IMF-fixdate form, and the obsolete RFC 850 form a recipient must still accept. */
const gmtDate = new RegExp(`^(?:${imfFixdate}|${rfc850Date})$`)

/** The obsolete asctime form, which is in GMT without saying so. */
const asctimeDate = new RegExp(`^${weekday} ${month} [ \\d]\\d ${clock} \\d{4}$`)

/** Seconds as Samsara sends them ("0.40235") or as RFC 9110's delay-seconds ("7"). */
const decimalSeconds = /^\d+(?:\.\d+)?$/

const dateMillis = (value: string): number =>
  gmtDate.test(value) ? Date.parse(value) : asctimeDate.test(value) ? Date.parse(`${value} GMT`) : Number.NaN

/**
 * `Retry-After` as a wait from `nowMillis`: decimal seconds (Samsara documents `0.40235`; RFC 9110 has whole
 * seconds) or an HTTP date, where a date in the past means no wait. Anything else reads as absent: `Date.parse`
 * alone would take `2.5` for a date in 2001.
 */
export const parseRetryAfter = (header: string | undefined, nowMillis: number): Option.Option<Duration.Duration> => {
  if (header === undefined) return Option.none()
  const value = header.trim()
  if (decimalSeconds.test(value)) return Option.some(Duration.millis(Number(value) * 1000))
  const date = dateMillis(value)
  return Number.isNaN(date) ? Option.none() : Option.some(Duration.millis(Math.max(0, date - nowMillis)))
}

/** The tagged error for a non-2xx response. */
export const statusError = (response: {
  readonly operation: OperationId
  readonly scope: string
  readonly status: number
  readonly body: string
  readonly retryAfter: Option.Option<Duration.Duration>
}): HttpStatusError => {
  const samsara = decodeErrorBody(response.body)
  const fields = {
    operation: response.operation,
    samsaraMessage: Option.flatMapNullable(samsara, (body) => body.message),
    requestId: Option.flatMapNullable(samsara, (body) => body.requestId),
    body: response.body,
    // Only the classes with these fields keep them: the scope for a 401's advice, the wait for a 429 or 503.
    scope: Option.some(response.scope),
    retryAfter: response.retryAfter
  }
  const ErrorClass = byStatus.get(response.status)
  return ErrorClass ? new ErrorClass(fields) : new UnexpectedStatus({ ...fields, status: response.status })
}
