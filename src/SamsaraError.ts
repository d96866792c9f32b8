/**
 * The failures of a Samsara call: one tagged error per documented HTTP status, plus the failures that have no
 * status (no response, an undecodable body, a request refused before sending). Every error names the operation
 * it came from, so `Effect.catchTag("TooManyRequests", ...)` and logs both know where it happened.
 *
 * @since 0.1.0
 */
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import { OperationId } from "./OperationId.js"

/** A field that a constructor fills in when it is not given, so a test double names only what matters. */
const withDefault = <S extends Schema.Schema.Any>(schema: S, value: () => Schema.Schema.Type<S>) =>
  schema.pipe(Schema.propertySignature, Schema.withConstructorDefault(value))

const responseFields = {
  operation: OperationId,
  message: Schema.String,
  /** Samsara's `requestId` from the error body, when the body had one: quote it to Samsara support. */
  requestId: withDefault(Schema.OptionFromSelf(Schema.String), Option.none),
  /** The response body as received; it may be empty or not JSON (a proxy's HTML page, say). */
  body: withDefault(Schema.String, () => "")
}

/** The status is implied by the class, so constructing one needs no `status`. */
const statusFields = <Status extends number>(status: Status) => ({
  ...responseFields,
  status: withDefault(Schema.Literal(status), () => status)
})

const throttledFields = <Status extends number>(status: Status) => ({
  ...statusFields(status),
  /** The server's `Retry-After`, in decimal seconds or as an HTTP date, turned into a wait. */
  retryAfter: withDefault(Schema.OptionFromSelf(Schema.DurationFromSelf), Option.none)
})

/**
 * 400: Samsara rejected the parameters.
 *
 * @since 0.1.0
 * @category errors
 */
export class BadRequest extends Schema.TaggedError<BadRequest>()("BadRequest", statusFields(400)) {}

/**
 * 401: the token is missing, wrong, revoked, or lacks the operation's scope.
 *
 * @since 0.1.0
 * @category errors
 */
export class Unauthorized extends Schema.TaggedError<Unauthorized>()("Unauthorized", statusFields(401)) {}

/**
 * 404: the resource or endpoint does not exist (preview endpoints can be withdrawn).
 *
 * @since 0.1.0
 * @category errors
 */
export class NotFound extends Schema.TaggedError<NotFound>()("NotFound", statusFields(404)) {}

/**
 * 405: the endpoint does not accept this method.
 *
 * @since 0.1.0
 * @category errors
 */
export class MethodNotAllowed extends Schema.TaggedError<MethodNotAllowed>()(
  "MethodNotAllowed",
  statusFields(405)
) {}

/**
 * 429: the operation's rate limit was exceeded. Retried by default, waiting at least `retryAfter`.
 *
 * @since 0.1.0
 * @category errors
 */
export class TooManyRequests extends Schema.TaggedError<TooManyRequests>()(
  "TooManyRequests",
  throttledFields(429)
) {}

/**
 * 500. Retried by default.
 *
 * @since 0.1.0
 * @category errors
 */
export class InternalServerError extends Schema.TaggedError<InternalServerError>()(
  "InternalServerError",
  statusFields(500)
) {}

/**
 * 501: the endpoint is not implemented; retrying cannot help, so it never is.
 *
 * @since 0.1.0
 * @category errors
 */
export class NotImplemented extends Schema.TaggedError<NotImplemented>()("NotImplemented", statusFields(501)) {}

/**
 * 502. Retried by default.
 *
 * @since 0.1.0
 * @category errors
 */
export class BadGateway extends Schema.TaggedError<BadGateway>()("BadGateway", statusFields(502)) {}

/**
 * 503. Retried by default, waiting at least `retryAfter` when the server sent one.
 *
 * @since 0.1.0
 * @category errors
 */
export class ServiceUnavailable extends Schema.TaggedError<ServiceUnavailable>()(
  "ServiceUnavailable",
  throttledFields(503)
) {}

/**
 * 504. Retried by default.
 *
 * @since 0.1.0
 * @category errors
 */
export class GatewayTimeout extends Schema.TaggedError<GatewayTimeout>()("GatewayTimeout", statusFields(504)) {}

/**
 * Any other 4XX or 5XX status, with the status and the raw body kept.
 *
 * @since 0.1.0
 * @category errors
 */
export class UnexpectedStatus extends Schema.TaggedError<UnexpectedStatus>()("UnexpectedStatus", {
  ...responseFields,
  status: Schema.Number
}) {}

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
  message: Schema.String
}) {}

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
  message: Schema.String
}) {}

/**
 * A 2xx response whose body is not JSON or does not match the operation's schema.
 *
 * @since 0.1.0
 * @category errors
 */
export class DecodeError extends Schema.TaggedError<DecodeError>()("DecodeError", {
  operation: OperationId,
  status: Schema.Number,
  message: Schema.String
}) {}

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
  cursor: Schema.String,
  message: Schema.String
}) {}

/**
 * A run that ended `failed` or `cancelled` instead of `completed`.
 *
 * @since 0.1.0
 * @category errors
 */
export class CustomReportRunFailed extends Schema.TaggedError<CustomReportRunFailed>()("CustomReportRunFailed", {
  /** The operation that saw the run end: the polling `getCustomReportRuns`. */
  operation: Schema.Literal("getCustomReportRuns"),
  runId: Schema.String,
  customReportId: Schema.String,
  status: Schema.String,
  message: Schema.String
}) {}

/**
 * A run that had not completed by the deadline, or when the polling schedule gave up.
 *
 * @since 0.1.0
 * @category errors
 */
export class CustomReportRunTimedOut extends Schema.TaggedError<CustomReportRunTimedOut>()("CustomReportRunTimedOut", {
  /** The operation that was still polling: `getCustomReportRuns`. */
  operation: Schema.Literal("getCustomReportRuns"),
  runId: Schema.String,
  customReportId: Schema.String,
  message: Schema.String
}) {}

/**
 * A setting that cannot work, found while building the client; nothing was sent.
 *
 * @since 0.1.0
 * @category errors
 */
export class SamsaraConfigError extends Schema.TaggedError<SamsaraConfigError>()("SamsaraConfigError", {
  setting: Schema.String,
  message: Schema.String
}) {}

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
  issues: Schema.NonEmptyArray(FieldIssue),
  message: Schema.String
}) {}

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

const retryableTags: ReadonlySet<SamsaraError["_tag"]> = new Set([
  "TooManyRequests",
  "InternalServerError",
  "BadGateway",
  "ServiceUnavailable",
  "GatewayTimeout",
  "TransportError"
])

/**
 * Whether trying again may succeed: 429, 500, 502, 503, 504 and transport failures. This is fixed; a retry
 * `Schedule` only decides when and how often.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isRetryable = (error: SamsaraError): boolean => retryableTags.has(error._tag)
