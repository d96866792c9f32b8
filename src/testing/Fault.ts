/**
 * Scripted failures for the Samsara stand-in: error statuses, slow answers, dropped connections, bodies cut short
 * or malformed, so retries, timeouts and error handling can be exercised on purpose.
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import type { OperationId } from "../OperationId.js"

/**
 * One way a request can go wrong.
 *
 * @since 0.1.0
 * @category models
 */
export type Fault = Fault.Status | Fault.Latency | Fault.Reset | Fault.Truncated | Fault.Malformed

/**
 * @since 0.1.0
 */
export declare namespace Fault {
  /**
   * Answer with this status instead; with no body given, the standard `{message, requestId}` error body.
   *
   * @since 0.1.0
   * @category models
   */
  export interface Status {
    readonly _tag: "Status"
    readonly status: number
    readonly body: string | undefined
    readonly headers: Readonly<Record<string, string>>
  }

  /**
   * Answer normally, after `delay`.
   *
   * @since 0.1.0
   * @category models
   */
  export interface Latency {
    readonly _tag: "Latency"
    readonly delay: Duration.Duration
  }

  /**
   * Drop the connection without answering.
   *
   * @since 0.1.0
   * @category models
   */
  export interface Reset {
    readonly _tag: "Reset"
  }

  /**
   * Send the normal status and headers and the first half of the body, then drop the connection.
   *
   * @since 0.1.0
   * @category models
   */
  export interface Truncated {
    readonly _tag: "Truncated"
  }

  /**
   * Answer 200 with a body that is not what the operation returns.
   *
   * @since 0.1.0
   * @category models
   */
  export interface Malformed {
    readonly _tag: "Malformed"
    readonly body: string
    readonly contentType: string
  }
}

/**
 * Constructors for each kind of fault.
 *
 * @since 0.1.0
 * @category constructors
 */
export const Fault: {
  /** `Fault.status(503, { headers: { "retry-after": "2" } })`. */
  readonly status: (
    status: number,
    options?: {
      readonly body?: string | undefined
      readonly headers?: Readonly<Record<string, string>> | undefined
    }
  ) => Fault
  readonly latency: (delay: Duration.DurationInput) => Fault
  readonly reset: Fault
  readonly truncated: Fault
  /** A 200 whose JSON breaks off: `{"data": [`. */
  readonly malformed: Fault
  /** A 200 with an HTML page, as a captive portal or misconfigured proxy sends. */
  readonly html: Fault
} = {
  status: (status, options) => ({
    _tag: "Status",
    status,
    body: options?.body,
    headers: options?.headers ?? {}
  }),
  latency: (delay) => ({ _tag: "Latency", delay: Duration.decode(delay) }),
  reset: { _tag: "Reset" },
  truncated: { _tag: "Truncated" },
  malformed: { _tag: "Malformed", body: "{\"data\": [", contentType: "application/json" },
  html: {
    _tag: "Malformed",
    body: "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>",
    contentType: "text/html; charset=utf-8"
  }
}

/**
 * When a fault applies. Each rule counts the requests that match `operation` and `generation` (every request when
 * both are absent) from the moment it is added. It applies from the `nth` of them (default the first) to as many
 * as `times` allows (default: every one, or just the `nth` when only `nth` is given). When several rules apply to
 * one request, the earliest added wins; the others still count it.
 *
 * Seven operationIds name an operation of both generations (`getTrainingCourses` is both
 * `GET /preview/training-courses` and `GET /training-courses`): `operation` alone matches both, and `generation`
 * narrows a rule to one, `{ operation: "getTrainingCourses", generation: "ga" }`.
 *
 * @since 0.1.0
 * @category models
 */
export interface FaultRule {
  readonly operation?: OperationId | undefined
  /** `"preview"` for the Preview APIs (the root services), `"ga"` for the current API (`effect-samsara/ga`). */
  readonly generation?: "preview" | "ga" | undefined
  readonly times?: number | undefined
  readonly nth?: number | undefined
  readonly fault: Fault
}
