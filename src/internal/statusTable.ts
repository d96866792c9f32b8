/**
 * The one place that knows HTTP status numbers: it turns a non-2xx response into the tagged error for its status,
 * with Samsara's message, request id and advice in the error's message.
 */
import * as Duration from "effect/Duration"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import type { OperationId } from "../OperationId.js"
import {
  BadGateway,
  BadRequest,
  GatewayTimeout,
  type HttpStatusError,
  InternalServerError,
  MethodNotAllowed,
  NotFound,
  NotImplemented,
  ServiceUnavailable,
  TooManyRequests,
  Unauthorized,
  UnexpectedStatus
} from "../SamsaraError.js"

interface ResponseFields {
  readonly operation: OperationId
  readonly message: string
  readonly requestId: Option.Option<string>
  readonly body: string
}

interface StatusEntry {
  readonly label: string
  readonly advice: (scope: string) => string
  readonly make: (fields: ResponseFields, retryAfter: Option.Option<Duration.Duration>) => HttpStatusError
}

const retryableAdvice = () => "Samsara is failing or overloaded; the failure is retryable"

const statusTable: { readonly [status: number]: StatusEntry } = {
  400: {
    label: "Bad Request",
    advice: () => "Check the parameters against the operation's documentation",
    make: (fields) => new BadRequest({ ...fields, status: 400 })
  },
  401: {
    label: "Unauthorized",
    advice: (scope) => `Check that the token is valid and has the "${scope}" scope`,
    make: (fields) => new Unauthorized({ ...fields, status: 401 })
  },
  404: {
    label: "Not Found",
    advice: () => "The resource does not exist, or the preview endpoint is not available to this organisation",
    make: (fields) => new NotFound({ ...fields, status: 404 })
  },
  405: {
    label: "Method Not Allowed",
    advice: () => "The endpoint does not accept this method; the preview endpoint may have changed",
    make: (fields) => new MethodNotAllowed({ ...fields, status: 405 })
  },
  429: {
    label: "Too Many Requests",
    advice: () => "The operation's rate limit was exceeded; the failure is retryable",
    make: (fields, retryAfter) => new TooManyRequests({ ...fields, status: 429, retryAfter })
  },
  500: {
    label: "Internal Server Error",
    advice: retryableAdvice,
    make: (fields) => new InternalServerError({ ...fields, status: 500 })
  },
  501: {
    label: "Not Implemented",
    advice: () => "Samsara does not implement this endpoint here; retrying will not help",
    make: (fields) => new NotImplemented({ ...fields, status: 501 })
  },
  502: { label: "Bad Gateway", advice: retryableAdvice, make: (fields) => new BadGateway({ ...fields, status: 502 }) },
  503: {
    label: "Service Unavailable",
    advice: retryableAdvice,
    make: (fields, retryAfter) => new ServiceUnavailable({ ...fields, status: 503, retryAfter })
  },
  504: {
    label: "Gateway Timeout",
    advice: retryableAdvice,
    make: (fields) => new GatewayTimeout({ ...fields, status: 504 })
  }
}

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

/** The most of Samsara's own message an error's message quotes; the whole body stays in `body`. */
const maxSamsaraMessage = 1_000

/** The tagged error for a non-2xx response. */
export const statusError = (response: {
  readonly operation: OperationId
  readonly scope: string
  readonly status: number
  readonly body: string
  readonly retryAfter: Option.Option<Duration.Duration>
}): HttpStatusError => {
  const entry = statusTable[response.status]
  const samsara = decodeErrorBody(response.body)
  const samsaraMessage = samsara.pipe(
    Option.flatMapNullable((body) => body.message),
    Option.map((text) => text.length <= maxSamsaraMessage ? text : `${text.slice(0, maxSamsaraMessage)}…`)
  )
  const requestId = samsara.pipe(Option.flatMapNullable((body) => body.requestId))
  const message = [
    `${response.operation} failed with ${response.status}${entry ? ` ${entry.label}` : ""}`,
    Option.match(samsaraMessage, { onNone: () => "", onSome: (text) => `: ${text}` }),
    Option.match(requestId, { onNone: () => "", onSome: (id) => ` (requestId ${id})` }),
    entry ? `. ${entry.advice(response.scope)}.` : ""
  ].join("")
  const fields = { operation: response.operation, message, requestId, body: response.body }
  return entry
    ? entry.make(fields, response.retryAfter)
    : new UnexpectedStatus({ ...fields, status: response.status })
}
