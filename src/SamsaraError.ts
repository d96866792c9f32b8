/**
 * The failures of a Samsara call: one tagged error per documented HTTP status, plus the failures that have no
 * status (no response, an undecodable body, a request refused before sending). Every error names the operation
 * it came from, so `Effect.catchTag("TooManyRequests", ...)` and logs both know where it happened. Each class knows
 * its own facts (a status error its status, reason phrase, advice and whether it is retryable), and every message is
 * computed from the error's fields, as `@effect/platform`'s `HttpClientError` does.
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import { OperationId } from "./OperationId.js"

/** A field that a constructor fills in when it is not given, so a test double names only what matters. */
const withDefault = <S extends Schema.Schema.Any>(schema: S, value: () => Schema.Schema.Type<S>) =>
  schema.pipe(Schema.propertySignature, Schema.withConstructorDefault(value))

/** A text that may be absent: `Option.none()` unless given. */
const optionalText = withDefault(Schema.OptionFromSelf(Schema.String), Option.none)

/**
 * The error underneath, kept for diagnosis: the network error, the `ParseError`, the rate limiter's error. Never an
 * `HttpClientRequest` or `HttpClientResponse`: their headers carry the token, and `JSON.stringify` or
 * `util.inspect` outside a fiber prints them unredacted.
 */
const cause = Schema.optional(Schema.Defect)

/** The messages down a `cause` chain, so "connect ECONNREFUSED" is not hidden behind "fetch failed". */
const causeMessages = (error: unknown): ReadonlyArray<string> => {
  const messages: Array<string> = []
  for (let current = error; current instanceof Error && messages.length < 5; current = current.cause) {
    messages.push(current.message)
  }
  return messages
}

/** The most of Samsara's own message an error's message quotes; the whole body stays in `body`. */
const maxSamsaraMessage = 1_000

const quoted = (text: string) => text.length <= maxSamsaraMessage ? text : `${text.slice(0, maxSamsaraMessage)}…`

/**
 * What a status error's class knows about its status.
 *
 * @since 0.1.0
 * @category models
 */
export interface StatusFacts<Status extends number = number> {
  /** The HTTP status the class stands for. */
  readonly status: Status
  /** The status's reason phrase, as in "429 Too Many Requests". */
  readonly statusText: string
  /** Whether trying again may succeed; `isRetryable` reads it. */
  readonly retryable: boolean
  /** What to do about it, ending the error's message. */
  readonly advice: string
}

const responseFields = {
  operation: OperationId,
  /** Samsara's `message` from the error body, when the body had one; the error's message quotes it in part. */
  samsaraMessage: optionalText,
  /** Samsara's `requestId` from the error body, when the body had one: quote it to Samsara support. */
  requestId: optionalText,
  /** The response body as received; it may be empty or not JSON (a proxy's HTML page, say). */
  body: withDefault(Schema.String, () => "")
}

const statusFields = <Status extends number>(status: Status) => ({
  ...responseFields,
  /** The status is implied by the class, so constructing one needs no `status`. */
  status: withDefault(Schema.Literal(status), () => status)
})

/** The server's `Retry-After`, in decimal seconds or as an HTTP date, turned into a wait. */
const retryAfter = withDefault(Schema.OptionFromSelf(Schema.DurationFromSelf), Option.none)

/**
 * The class of one status's error: the tagged error of `statusFields` plus `extra`, with the status's facts as
 * static members, so the status number is written once and the status table is read off the classes.
 */
const StatusError = <Self, Tag extends string, const Status extends number, Extra extends Schema.Struct.Fields>(
  taggedError: <T extends string, F extends Schema.Struct.Fields>(
    tag: T,
    fields: F
  ) => Schema.TaggedErrorClass<Self, T, { readonly _tag: Schema.tag<T> } & F>,
  tag: Tag,
  facts: StatusFacts<Status>,
  extra: Extra
) => Object.assign(taggedError(tag, { ...statusFields(facts.status), ...extra }), facts)

/** "getTrainingCourses failed with 429 Too Many Requests: slow down (requestId r-1). Advice." */
const statusMessage = (
  error: {
    readonly operation: OperationId
    readonly status: number
    readonly samsaraMessage: Option.Option<string>
    readonly requestId: Option.Option<string>
  },
  facts?: { readonly statusText: string; readonly advice: string }
): string =>
  [
    `${error.operation} failed with ${error.status}${facts ? ` ${facts.statusText}` : ""}`,
    Option.match(error.samsaraMessage, { onNone: () => "", onSome: (text) => `: ${quoted(text)}` }),
    Option.match(error.requestId, { onNone: () => "", onSome: (id) => ` (requestId ${id})` }),
    facts ? `. ${facts.advice}.` : ""
  ].join("")

const overloaded = "Samsara is failing or overloaded; the failure is retryable"

/**
 * 400: Samsara rejected the parameters.
 *
 * @since 0.1.0
 * @category errors
 */
export class BadRequest extends StatusError(Schema.TaggedError<BadRequest>(), "BadRequest", {
  status: 400,
  statusText: "Bad Request",
  retryable: false,
  advice: "Check the parameters against the operation's documentation"
}, {}) {
  override get message(): string {
    return statusMessage(this, BadRequest)
  }
}

/**
 * 401: the token is missing, wrong, revoked, or lacks the operation's scope, which the message names.
 *
 * @since 0.1.0
 * @category errors
 */
export class Unauthorized extends StatusError(Schema.TaggedError<Unauthorized>(), "Unauthorized", {
  status: 401,
  statusText: "Unauthorized",
  retryable: false,
  advice: "Check that the token is valid and has the operation's scope"
}, {
  /** The token scope the operation requires, as Samsara names it ("Read Training"). */
  scope: optionalText
}) {
  override get message(): string {
    return statusMessage(this, {
      statusText: Unauthorized.statusText,
      advice: Option.match(this.scope, {
        onNone: () => Unauthorized.advice,
        onSome: (scope) => `Check that the token is valid and has the "${scope}" scope`
      })
    })
  }
}

/**
 * 404: the resource or endpoint does not exist (preview endpoints can be withdrawn).
 *
 * @since 0.1.0
 * @category errors
 */
export class NotFound extends StatusError(Schema.TaggedError<NotFound>(), "NotFound", {
  status: 404,
  statusText: "Not Found",
  retryable: false,
  advice: "The resource does not exist, or the preview endpoint is not available to this organisation"
}, {}) {
  override get message(): string {
    return statusMessage(this, NotFound)
  }
}

/**
 * 405: the endpoint does not accept this method.
 *
 * @since 0.1.0
 * @category errors
 */
export class MethodNotAllowed extends StatusError(Schema.TaggedError<MethodNotAllowed>(), "MethodNotAllowed", {
  status: 405,
  statusText: "Method Not Allowed",
  retryable: false,
  advice: "The endpoint does not accept this method; the preview endpoint may have changed"
}, {}) {
  override get message(): string {
    return statusMessage(this, MethodNotAllowed)
  }
}

/**
 * 413: the request is larger than Samsara accepts (too many ids in one call, say). Not retried: the same request
 * would be refused again.
 *
 * @since 0.1.0
 * @category errors
 */
export class ContentTooLarge extends StatusError(Schema.TaggedError<ContentTooLarge>(), "ContentTooLarge", {
  status: 413,
  statusText: "Content Too Large",
  retryable: false,
  advice: "Send less in one call: fewer ids, or a shorter list"
}, {}) {
  override get message(): string {
    return statusMessage(this, ContentTooLarge)
  }
}

/**
 * 429: the operation's rate limit was exceeded. Retried by default, waiting at least `retryAfter`.
 *
 * @since 0.1.0
 * @category errors
 */
export class TooManyRequests extends StatusError(Schema.TaggedError<TooManyRequests>(), "TooManyRequests", {
  status: 429,
  statusText: "Too Many Requests",
  retryable: true,
  advice: "The operation's rate limit was exceeded; the failure is retryable"
}, { retryAfter }) {
  override get message(): string {
    return statusMessage(this, TooManyRequests)
  }
}

/**
 * 500. Retried by default.
 *
 * @since 0.1.0
 * @category errors
 */
export class InternalServerError extends StatusError(Schema.TaggedError<InternalServerError>(), "InternalServerError", {
  status: 500,
  statusText: "Internal Server Error",
  retryable: true,
  advice: overloaded
}, {}) {
  override get message(): string {
    return statusMessage(this, InternalServerError)
  }
}

/**
 * 501: the endpoint is not implemented; retrying cannot help, so it never is.
 *
 * @since 0.1.0
 * @category errors
 */
export class NotImplemented extends StatusError(Schema.TaggedError<NotImplemented>(), "NotImplemented", {
  status: 501,
  statusText: "Not Implemented",
  retryable: false,
  advice: "Samsara does not implement this endpoint here; retrying will not help"
}, {}) {
  override get message(): string {
    return statusMessage(this, NotImplemented)
  }
}

/**
 * 502. Retried by default.
 *
 * @since 0.1.0
 * @category errors
 */
export class BadGateway extends StatusError(Schema.TaggedError<BadGateway>(), "BadGateway", {
  status: 502,
  statusText: "Bad Gateway",
  retryable: true,
  advice: overloaded
}, {}) {
  override get message(): string {
    return statusMessage(this, BadGateway)
  }
}

/**
 * 503. Retried by default, waiting at least `retryAfter` when the server sent one.
 *
 * @since 0.1.0
 * @category errors
 */
export class ServiceUnavailable extends StatusError(Schema.TaggedError<ServiceUnavailable>(), "ServiceUnavailable", {
  status: 503,
  statusText: "Service Unavailable",
  retryable: true,
  advice: overloaded
}, { retryAfter }) {
  override get message(): string {
    return statusMessage(this, ServiceUnavailable)
  }
}

/**
 * 504. Retried by default.
 *
 * @since 0.1.0
 * @category errors
 */
export class GatewayTimeout extends StatusError(Schema.TaggedError<GatewayTimeout>(), "GatewayTimeout", {
  status: 504,
  statusText: "Gateway Timeout",
  retryable: true,
  advice: overloaded
}, {}) {
  override get message(): string {
    return statusMessage(this, GatewayTimeout)
  }
}

/**
 * The error classes of the documented statuses, each with its `StatusFacts` as static members: the client maps a
 * response's status to its class through this list, and `isRetryable` reads `retryable` off it.
 *
 * @since 0.1.0
 * @category errors
 */
export const statusErrors = [
  BadRequest,
  Unauthorized,
  NotFound,
  MethodNotAllowed,
  ContentTooLarge,
  TooManyRequests,
  InternalServerError,
  NotImplemented,
  BadGateway,
  ServiceUnavailable,
  GatewayTimeout
] as const

/**
 * Any other 4XX or 5XX status, with the status and the raw body kept.
 *
 * @since 0.1.0
 * @category errors
 */
export class UnexpectedStatus extends Schema.TaggedError<UnexpectedStatus>()("UnexpectedStatus", {
  ...responseFields,
  status: Schema.Number
}) {
  /** A status Samsara does not document for the operation: nothing says trying again would help. */
  static readonly retryable = false

  override get message(): string {
    return statusMessage(this)
  }
}

/** What each reason means, for an error that was given no description. */
const transportReasons: { readonly [Reason in TransportError["reason"]]: string } = {
  Timeout: "no complete response within the timeout",
  Deadline: "no result within the deadline",
  NetworkFailure: "the connection failed or broke off"
}

/**
 * No usable response: the connection was refused or reset, the body broke off, or a time limit passed.
 *
 * @since 0.1.0
 * @category errors
 */
export class TransportError extends Schema.TaggedError<TransportError>()("TransportError", {
  operation: OperationId,
  /**
   * `Timeout`: one attempt ran past its timeout. `Deadline`: the call's total deadline, across retries and
   * waits, passed. `NetworkFailure`: the connection failed or broke off.
   */
  reason: Schema.Literal("Timeout", "Deadline", "NetworkFailure"),
  /** What failed, such as "no response: Transport error (GET …)"; the reason's own words when not given. */
  description: Schema.optional(Schema.String),
  /** The network error, or the rate-limit store's; its messages end the error's message. */
  cause
}) {
  /** A new attempt may find the network or the server well again. */
  static readonly retryable = true

  override get message(): string {
    return [this.operation, this.description ?? transportReasons[this.reason], ...causeMessages(this.cause)].join(": ")
  }
}

/**
 * The client's own pacing refused to start a request: the operation's budget is spent and the call did not opt
 * to wait (long budgets such as 240 a day fail fast by default). Nothing was sent.
 *
 * @since 0.1.0
 * @category errors
 */
export class RateLimitExceeded extends Schema.TaggedError<RateLimitExceeded>()("RateLimitExceeded", {
  operation: OperationId,
  /** When the next request may start. */
  retryAfter: Schema.DurationFromSelf,
  /** The budget that is spent: at most `limit` requests start in `window`. */
  budget: Schema.Struct({ limit: Schema.Number, window: Schema.DurationFromSelf }),
  /** `@effect/experimental`'s `RateLimitExceeded`, with the store key (which holds a hash, never the token). */
  cause
}) {
  /** Trying again before `retryAfter` is refused again; waiting for it is the call's choice (`waitForRateLimit`). */
  static readonly retryable = false

  override get message(): string {
    const { limit, window } = this.budget
    // Budgets of a minute or more are counted in fixed windows, which a burst can spend at once; shorter ones are
    // paced as spacings.
    const windowed = Duration.greaterThanOrEqualTo(window, Duration.minutes(1))
    return `${this.operation}: Samsara allows ${limit} per ${Duration.format(window)}${
      windowed ? ", all taken in the current window" : ""
    }; the next request may start in ${Duration.format(this.retryAfter)} (pass waitForRateLimit to wait)`
  }
}

/**
 * A 2xx response whose body is not JSON or does not match the operation's schema.
 *
 * @since 0.1.0
 * @category errors
 */
export class DecodeError extends Schema.TaggedError<DecodeError>()("DecodeError", {
  operation: OperationId,
  status: Schema.Number,
  /**
   * What is wrong with the body, following "the 200 response": "is not the expected JSON" and what did not match,
   * or "is larger than maxResponseBytes (…)". Bounded in length, whatever the body held.
   */
  description: Schema.optional(Schema.String),
  /** The `ParseError` (printed within the same bound), or what was thrown while decoding. */
  cause
}) {
  /** The same body would decode the same way. */
  static readonly retryable = false

  override get message(): string {
    return `${this.operation}: the ${this.status} response ${this.description ?? "is not the expected JSON"}`
  }
}

/**
 * A stream's server answered `hasNextPage: true` with a cursor it had already given: following it would fetch
 * the same pages without end. The stream ends with this error after the items already delivered.
 *
 * @since 0.1.0
 * @category errors
 */
export class RepeatedCursor extends Schema.TaggedError<RepeatedCursor>()("RepeatedCursor", {
  operation: OperationId,
  /** The `endCursor` that came back a second time. */
  cursor: Schema.String
}) {
  override get message(): string {
    return `${this.operation}: the server gave the cursor ${
      JSON.stringify(this.cursor)
    } again with hasNextPage true; the stream stopped rather than fetch the same pages again`
  }
}

/**
 * A run that ended `failed` or `cancelled` instead of `completed`.
 *
 * @since 0.1.0
 * @category errors
 */
export class CustomReportRunFailed extends Schema.TaggedError<CustomReportRunFailed>()("CustomReportRunFailed", {
  /**
   * The operation that saw the run end: the polling `getCustomReportRuns` (preview), or `createReportRun` or the
   * polling `getReportRuns` (current API).
   */
  operation: Schema.Literal("getCustomReportRuns", "createReportRun", "getReportRuns"),
  runId: Schema.String,
  /** The report configuration the run was made from; absent for a current-API run made from a dataset. */
  customReportId: Schema.optional(Schema.String),
  status: Schema.String
}) {
  override get message(): string {
    return `custom report run ${this.runId} ended ${this.status}`
  }
}

/**
 * A run that had not completed by the deadline, or when the polling schedule gave up.
 *
 * @since 0.1.0
 * @category errors
 */
export class CustomReportRunTimedOut extends Schema.TaggedError<CustomReportRunTimedOut>()("CustomReportRunTimedOut", {
  /** The operation that was still polling: `getCustomReportRuns` (preview) or `getReportRuns` (current API). */
  operation: Schema.Literal("getCustomReportRuns", "getReportRuns"),
  runId: Schema.String,
  /** The report configuration the run was made from; absent for a current-API run made from a dataset. */
  customReportId: Schema.optional(Schema.String),
  /** `Deadline`: the workflow's deadline passed. `PollingStopped`: the polling schedule ended first. */
  reason: Schema.Literal("Deadline", "PollingStopped"),
  /** The workflow's deadline. */
  deadline: Schema.DurationFromSelf,
  /** The run's status at the last poll; none when it was never listed, or when the deadline cut a poll short. */
  lastStatus: optionalText
}) {
  override get message(): string {
    return `custom report run ${this.runId} ${
      this.reason === "Deadline"
        ? `did not complete within ${Duration.format(this.deadline)}`
        : `was still ${Option.getOrElse(this.lastStatus, () => "unlisted")} when polling stopped`
    }`
  }
}

/**
 * A setting that cannot work, found while building the client; nothing was sent.
 *
 * @since 0.1.0
 * @category errors
 */
export class SamsaraConfigError extends Schema.TaggedError<SamsaraConfigError>()("SamsaraConfigError", {
  /** The setting's path, such as `baseUrl` or `rateLimit.budgets.getTrainingCourses.limit`. */
  setting: Schema.String,
  /** What is wrong with it, following its name: "must be a positive duration, got -1s". Never shows the token. */
  description: Schema.String
}) {
  override get message(): string {
    return `${this.setting} ${this.description}`
  }
}

/**
 * One reason a request was refused before sending.
 *
 * @since 0.1.0
 * @category models
 */
export class FieldIssue extends Schema.Class<FieldIssue>("FieldIssue")({
  /** The parameter's path, such as `endTime` or `ids.3`; empty when the whole request is at fault. */
  field: Schema.String,
  reason: Schema.String
}) {}

/**
 * The call's parameters failed client-side validation; nothing was sent.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidRequest extends Schema.TaggedError<InvalidRequest>()("InvalidRequest", {
  operation: OperationId,
  /** Every bad field of the call, so a caller fixes them in one go. */
  issues: Schema.NonEmptyArray(FieldIssue)
}) {
  /** The same parameters would be refused again. */
  static readonly retryable = false

  override get message(): string {
    return `${this.operation} was not sent: ${
      this.issues.map((issue) => `${issue.field || "request"} ${issue.reason}`).join("; ")
    }`
  }
}

/**
 * An error that Samsara answered with an HTTP status.
 *
 * @since 0.1.0
 * @category errors
 */
export type HttpStatusError =
  | BadRequest
  | Unauthorized
  | NotFound
  | MethodNotAllowed
  | ContentTooLarge
  | TooManyRequests
  | InternalServerError
  | NotImplemented
  | BadGateway
  | ServiceUnavailable
  | GatewayTimeout
  | UnexpectedStatus

/**
 * Every way a Samsara operation can fail: the error channel of every method.
 *
 * @since 0.1.0
 * @category errors
 */
export type SamsaraError = HttpStatusError | TransportError | DecodeError | InvalidRequest | RateLimitExceeded

const retryableTags: ReadonlySet<SamsaraError["_tag"]> = new Set(
  [...statusErrors, UnexpectedStatus, TransportError, DecodeError, InvalidRequest, RateLimitExceeded]
    .filter((error) => error.retryable)
    .map((error) => error._tag)
)

/**
 * Whether trying again may succeed, as each error's class says (`TooManyRequests.retryable`): 429, 500, 502, 503,
 * 504 and transport failures. This is fixed; a retry `Schedule` only decides when and how often.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isRetryable = (error: SamsaraError): boolean => retryableTags.has(error._tag)
