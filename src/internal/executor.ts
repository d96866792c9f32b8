/**
 * The single executor behind every operation: it turns a declaration (`operation.ts`) into a validated, paced,
 * retried and traced call on a client.
 */
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Arr from "effect/Array"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Metric from "effect/Metric"
import * as Option from "effect/Option"
import * as Predicate from "effect/Predicate"
import * as Schedule from "effect/Schedule"
import type * as Tracer from "effect/Tracer"
import type { OperationId } from "../OperationId.js"
import type { SamsaraClient } from "../SamsaraClient.js"
import { FieldIssue, InvalidRequest, isRetryable, type SamsaraError, TransportError } from "../SamsaraError.js"
import { controlsOf } from "./client.js"
import { callHeaders } from "./headers.js"
import * as Metrics from "./metrics.js"
import type { Operation } from "./operation.js"
import { toQueryString } from "./query.js"
import { waitsByDefault } from "./rateLimit.js"
import { networkFailure, readBody, type Received, successDecoder, toResult } from "./response.js"
import { honouringRetryAfter, withinDeadline } from "./retry.js"
import { baseUrlProblem } from "./settings.js"
import { spanEvent } from "./telemetry.js"
import { inSpan, retried, timeoutFail } from "./twins.js"
import { validator } from "./validate.js"

const pathParameter = /\{([^}]+)\}/g

/** The path of a call: the template filled in with the validated parameters. */
const toPath = <Params, Encoded, Success>(
  operation: Operation<OperationId, string, Params, Encoded, Success>,
  params: Params
) => {
  const values: Readonly<Record<string, unknown>> = Predicate.isRecord(params) ? params : {}
  return operation.path.replace(pathParameter, (_, name: string) => encodeURIComponent(String(values[name])))
}

/**
 * The request for validated parameters: the path, the query and the body. It is relative, and the client puts it
 * under its base URL, unless the call names a base URL of its own.
 */
const toRequest = <Params, Encoded, Success>(
  operation: Operation<OperationId, string, Params, Encoded, Success>,
  params: Params,
  path: string,
  baseUrl: Option.Option<string>
) => {
  const relative = HttpClientRequest.make(operation.method)(path + toQueryString(operation.query?.(params) ?? []))
  const request = Option.match(baseUrl, {
    onNone: () => relative,
    onSome: (base) => HttpClientRequest.prependUrl(relative, base)
  })
  return operation.body === undefined
    ? request
    : HttpClientRequest.bodyText(request, operation.body(params), "application/json")
}

/** A per-call duration, refused as `InvalidRequest` (nothing sent) when it cannot work, as the layer refuses one. */
const callDuration = (
  operation: OperationId,
  field: "timeout" | "deadline",
  input: Duration.DurationInput | undefined
): Effect.Effect<Option.Option<Duration.Duration>, InvalidRequest> => {
  if (input === undefined) return Effect.succeed(Option.none())
  const duration = Option.filter(
    Duration.decodeUnknown(input),
    (decoded) => Duration.greaterThan(decoded, Duration.zero)
  )
  return Option.isSome(duration) ? Effect.succeed(duration) : Effect.fail(
    new InvalidRequest({
      operation,
      issues: [new FieldIssue({ field: `options.${field}`, reason: "must be a positive duration" })]
    })
  )
}

/** A per-call base URL, refused as `InvalidRequest` (nothing sent) under the rule the layer's `baseUrl` follows. */
const callBaseUrl = (
  operation: OperationId,
  baseUrl: string | undefined
): Effect.Effect<Option.Option<string>, InvalidRequest> => {
  if (baseUrl === undefined) return Effect.succeed(Option.none())
  const problem = baseUrlProblem(baseUrl)
  return problem === undefined ? Effect.succeed(Option.some(baseUrl)) : Effect.fail(
    new InvalidRequest({ operation, issues: [new FieldIssue({ field: "options.baseUrl", reason: problem })] })
  )
}

const noHeaders: Record<string, string> = {}

/** A call's extra headers and version, refused as `InvalidRequest` (nothing sent) when they cannot be sent. */
const checkedHeaders = (
  operation: OperationId,
  headers: Readonly<Record<string, string>> | undefined,
  version: string | undefined
): Effect.Effect<Record<string, string>, InvalidRequest> => {
  const checked = callHeaders(headers, version)
  return Arr.isNonEmptyReadonlyArray(checked.issues)
    ? Effect.fail(new InvalidRequest({ operation, issues: checked.issues }))
    : Effect.succeed(checked.headers)
}

/**
 * The call for one operation, bound to a client. What does not depend on the call (parameter parser, success
 * decoder, tagged metrics, default retry schedule, span options) is prepared here once: calls are made by the
 * thousand.
 */
export const execute = <Params, Encoded, Success>(
  operation: Operation<OperationId, string, Params, Encoded, Success>,
  client: SamsaraClient.Service
) => {
  const { inFlight, maxResponseBytes, throttle } = controlsOf(client)
  const validate = validator(operation)
  const decodeSuccess = successDecoder(operation)
  const metrics = Metrics.forOperation(operation.id)
  const defaultSchedule = honouringRetryAfter(
    operation.idempotent ? client.retry : Schedule.stop,
    client.maxRetryAfter
  )
  const defaultOnExceeded = waitsByDefault(operation.budget) ? "delay" : "fail"
  const spanName = `Samsara.${operation.id}`
  const spanOptions = {
    kind: "client",
    // Every span would capture the same frame, inside this module.
    captureStackTrace: false,
    attributes: {
      "samsara.operation": operation.id,
      "http.request.method": operation.method,
      "url.path": operation.path
    }
  } as const

  /** One attempt of a call; `tally` counts the call's attempts and time spent waiting for rate-limit slots. */
  const attempt = (
    request: HttpClientRequest.HttpClientRequest,
    path: string,
    span: Tracer.Span,
    tally: { attempts: number; throttledMillis: number },
    timeout: Duration.Duration,
    onExceeded: "delay" | "fail"
  ) => {
    // Recorded as each attempt starts, so the span and the metric are right however the call ends.
    span.attribute("samsara.attempts", ++tally.attempts)
    // The timeout and the in-flight permit cover the exchange with the server; decoding what arrived is local work
    // after both.
    const exchange = Effect.clockWith((clock) => {
      const sentAt = clock.unsafeCurrentTimeMillis()
      return client.httpClient.execute(request).pipe(
        Effect.mapError(networkFailure(operation.id, "no response")),
        Effect.tap((response) =>
          // The request log: the path without its query (which may hold ids a user considers private), never a header.
          Effect.logDebug("Samsara request", {
            operation: operation.id,
            method: operation.method,
            path,
            status: response.status,
            durationMs: clock.unsafeCurrentTimeMillis() - sentAt,
            attempt: tally.attempts
          })
        )
      )
    }).pipe(
      Effect.flatMap((response) => {
        span.attribute("http.response.status_code", response.status)
        return Metric.increment(metrics.responses(response.status)).pipe(
          Effect.zipRight(readBody(response, maxResponseBytes)),
          Effect.mapBoth({
            onFailure: networkFailure(operation.id, "the response body could not be read"),
            onSuccess: ({ complete, text }): Received => ({ response, text, complete })
          })
        )
      }),
      (exchanged) =>
        timeoutFail(exchanged, timeout, () =>
          new TransportError({
            operation: operation.id,
            reason: "Timeout",
            description: `no complete response within the ${Duration.format(timeout)} timeout`
          })),
      Metric.trackDuration(metrics.latency)
    )
    const received = Effect.flatMap(throttle(operation, onExceeded), (waited) => {
      if (Duration.isZero(waited)) return inFlight(exchange)
      const millis = Duration.toMillis(waited)
      tally.throttledMillis += millis
      span.attribute("samsara.throttle_wait_ms", tally.throttledMillis)
      return Metric.incrementBy(metrics.throttledMillis, millis).pipe(
        Effect.zipRight(spanEvent(span, "samsara.throttled", { "samsara.wait_ms": millis })),
        Effect.zipRight(inFlight(exchange))
      )
    })
    const counted = tally.attempts > 1 ? Effect.zipRight(Metric.increment(metrics.retries), received) : received
    const result = Effect.flatMap(
      counted,
      (answer) => toResult(operation, decodeSuccess, answer, maxResponseBytes, span)
    )
    return Effect.tapError(result, (error) =>
      Effect.zipRight(
        spanEvent(span, "samsara.attempt_failed", {
          "error.type": error._tag,
          "samsara.retryable": isRetryable(error)
        }),
        Effect.logDebug("Samsara attempt failed", error.message)
      ))
  }

  // Any input is validated, so the call takes any; the service's method types it.
  return (input: unknown, options?: SamsaraClient.CallOptions): Effect.Effect<Success, SamsaraError> => {
    const schedule = options?.retry === undefined
      ? defaultSchedule
      : honouringRetryAfter(options.retry, client.maxRetryAfter)
    const onExceeded = options?.waitForRateLimit === undefined
      ? defaultOnExceeded
      : options.waitForRateLimit
      ? "delay"
      : "fail"
    // Most calls pass no per-call limits or headers, and checking them would cost a step for nothing.
    const checked: Effect.Effect<
      readonly [
        Params,
        Option.Option<Duration.Duration>,
        Option.Option<Duration.Duration>,
        Record<string, string>,
        Option.Option<string>
      ],
      InvalidRequest
    > = options?.timeout === undefined && options?.deadline === undefined && options?.headers === undefined &&
        options?.version === undefined && options?.baseUrl === undefined
      ? Effect.map(
        validate(input),
        (params) => [params, Option.none(), Option.none(), noHeaders, Option.none()] as const
      )
      : Effect.all([
        validate(input),
        callDuration(operation.id, "timeout", options.timeout),
        callDuration(operation.id, "deadline", options.deadline),
        checkedHeaders(operation.id, options.headers, options.version),
        callBaseUrl(operation.id, options.baseUrl)
      ])
    return inSpan(
      spanName,
      spanOptions,
      (span) =>
        Effect.flatMap(checked, ([params, callTimeout, callDeadline, headers, baseUrl]) => {
          const path = toPath(operation, params)
          const request = headers === noHeaders
            ? toRequest(operation, params, path, baseUrl)
            : HttpClientRequest.setHeaders(toRequest(operation, params, path, baseUrl), headers)
          const timeout = Option.getOrElse(callTimeout, () => client.timeout)
          const deadline = Option.orElse(callDeadline, () => client.deadline)
          const tally = { attempts: 0, throttledMillis: 0 }
          span.attribute("samsara.throttle_wait_ms", 0)
          const once = Effect.suspend(() => attempt(request, path, span, tally, timeout, onExceeded))
          return Option.match(deadline, {
            onNone: () => retried(once, schedule, isRetryable),
            onSome: (duration) => withinDeadline(operation.id, duration, once, schedule)
          })
        })
    )
  }
}
