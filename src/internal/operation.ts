/**
 * The single executor behind every operation. An operation is declared once as data (its parameter schema, how
 * the parameters map to the wire, its success schema); `execute` turns a declaration into a validated, retried,
 * traced call, and `paginate` turns a paginated one into a lazy `Stream` of items.
 */
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Arr from "effect/Array"
import * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as FiberRef from "effect/FiberRef"
import * as Metric from "effect/Metric"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Predicate from "effect/Predicate"
import * as Record from "effect/Record"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import type * as Tracer from "effect/Tracer"
import type { Pagination } from "../Pagination.js"
import type { SamsaraClient } from "../SamsaraClient.js"
import {
  DecodeError,
  FieldIssue,
  InvalidRequest,
  isRetryable,
  type OperationId,
  RepeatedCursor,
  type SamsaraError,
  TransportError
} from "../SamsaraError.js"
import * as Metrics from "./metrics.js"
import { type QueryPairs, toQueryString } from "./query.js"
import { waitsByDefault } from "./rateLimit.js"
import type { FieldIssues, OrUndefined } from "./requestFields.js"
import { parseRetryAfter, statusError } from "./statusTable.js"

/** One operation, declared as data. */
export interface Operation<Params, Encoded, Success> {
  readonly id: OperationId
  readonly method: "GET" | "POST" | "PATCH" | "DELETE"
  readonly path: string
  /** The token scope Samsara requires, named in the advice of a 401. */
  readonly scope: string
  /** Validates and normalises what the caller passes; its encoded side is the method's parameter type. */
  readonly params: Schema.Schema<Params, Encoded>
  /** Checks that depend on the current time, read from `Clock` so tests control it. */
  readonly checkAt?: (params: Params, nowMillis: number) => FieldIssues
  readonly query?: (params: Params) => ReadonlyArray<QueryPairs>
  /** A JSON body, already serialised (int64 ids need digits `JSON.stringify` cannot write). */
  readonly body?: (params: Params) => string
  /** Decodes the 2xx body text, e.g. `Schema.decodeUnknown(Schema.parseJson(SomeResponse))`. */
  readonly decodeSuccess: (body: string) => Effect.Effect<Success, ParseResult.ParseError>
  /** Whether repeating the request is harmless; a non-idempotent operation is retried only on explicit opt-in. */
  readonly idempotent: boolean
  /** Samsara's documented budget (`x-rate-limit`), which the client paces requests to. */
  readonly rateLimit: SamsaraClient.Budget
}

/** A paginated operation: where the items of a page are. */
export interface PaginatedOperation<Params, Encoded extends { readonly after?: string }, Success, Item>
  extends Operation<Params, Encoded, Success & { readonly pagination: Pagination }>
{
  readonly items: (page: Success) => ReadonlyArray<Item>
}

const invalidRequest = (
  operation: OperationId,
  issues: Arr.NonEmptyReadonlyArray<FieldIssues[number]>
) => {
  const fieldIssues = Arr.map(
    issues,
    (issue) => new FieldIssue({ field: issue.path.map(String).join("."), reason: issue.message })
  )
  const reasons = fieldIssues.map((issue) => `${issue.field || "request"} ${issue.reason}`)
  return new InvalidRequest({
    operation,
    issues: fieldIssues,
    message: `${operation} was not sent: ${reasons.join("; ")}`
  })
}

/** Optional parameters may be given as `undefined`; the schemas know only present values. */
const withoutUndefined = (input: unknown): unknown =>
  Predicate.isRecord(input) ? Record.filter(input, (value) => value !== undefined) : input

/**
 * The validator of an operation's parameters: its schema, then any checks against the current time. Prepared once
 * per operation.
 */
const validator = <Params, Encoded, Success>(operation: Operation<Params, Encoded, Success>) => {
  // Every bad field at once, so a caller fixes them in one go.
  const decode = Schema.decodeUnknownEither(operation.params, { errors: "all" })
  const checkAt = operation.checkAt
  return (input: unknown): Effect.Effect<Params, InvalidRequest> => {
    const decoded = decode(withoutUndefined(input))
    if (Either.isLeft(decoded)) {
      const issues = ParseResult.ArrayFormatter.formatErrorSync(decoded.left)
      return Effect.fail(invalidRequest(
        operation.id,
        Arr.isNonEmptyReadonlyArray(issues) ? issues : [{ path: [], message: decoded.left.message }]
      ))
    }
    const params = decoded.right
    if (checkAt === undefined) return Effect.succeed(params)
    return Effect.flatMap(Clock.currentTimeMillis, (now) => {
      const issues = checkAt(params, now)
      return Arr.isNonEmptyReadonlyArray(issues)
        ? Effect.fail(invalidRequest(operation.id, issues))
        : Effect.succeed(params)
    })
  }
}

const toRequest = <Params, Encoded, Success>(operation: Operation<Params, Encoded, Success>, params: Params) => {
  const url = operation.path + toQueryString(operation.query?.(params) ?? [])
  const request = HttpClientRequest.make(operation.method)(url)
  return operation.body === undefined
    ? request
    : HttpClientRequest.bodyText(request, operation.body(params), "application/json")
}

/** The most of a decode failure's description a message carries: a hostile body must not make a huge message. */
const maxDescription = 2_000

/**
 * What did not match, bounded in length. `TreeFormatter` prints the offending value, and on a value nested deep
 * enough it overflows the stack: then the message says only that the body did not match.
 */
const describeMismatch = (error: ParseResult.ParseError): string => {
  let description: string
  try {
    description = ParseResult.TreeFormatter.formatErrorSync(error)
  } catch {
    description = "the body does not match the schema, and is nested too deeply to describe"
  }
  return description.length <= maxDescription ? description : `${description.slice(0, maxDescription)}…`
}

/**
 * Decodes a 2xx body. Whatever the body holds, the outcome is the success or a `DecodeError`: a defect thrown
 * while decoding untrusted text (a stack overflow on extreme nesting, say) is caught here too.
 */
const decodeSuccess = <Params, Encoded, Success>(
  operation: Operation<Params, Encoded, Success>,
  status: number,
  text: string
) => {
  const failed = (reason: string) =>
    new DecodeError({
      operation: operation.id,
      status,
      message: `${operation.id}: the ${status} response is not the expected JSON\n${reason}`
    })
  return Effect.suspend(() => operation.decodeSuccess(text)).pipe(
    Effect.mapError((error) => failed(describeMismatch(error))),
    Effect.catchAllDefect((defect) => Effect.fail(failed(causeChain(defect).slice(0, maxDescription))))
  )
}

/** The messages down an error's `cause` chain, so "connect ECONNREFUSED" is not hidden behind "fetch failed". */
const causeChain = (error: unknown): string => {
  const messages: Array<string> = []
  for (let current = error; current instanceof Error && messages.length < 5; current = current.cause) {
    messages.push(current.message)
  }
  return messages.join(": ")
}

const networkFailure = (operation: OperationId, what: string) => (error: unknown) =>
  new TransportError({ operation, reason: "NetworkFailure", message: `${operation}: ${what}: ${causeChain(error)}` })

/**
 * The body as text, read no further than `cap` bytes: a body of unknown or excessive length is read as a stream
 * and abandoned at the cap, so an oversized answer cannot fill memory.
 */
const readBody = (response: HttpClientResponse.HttpClientResponse, cap: number) => {
  const length = Number(response.headers["content-length"])
  if (Number.isFinite(length) && length <= cap) {
    return Effect.map(response.text, (text) => ({ text, complete: true }))
  }
  return Stream.runFoldWhile(
    response.stream,
    { chunks: Chunk.empty<Uint8Array>(), size: 0 },
    (read) => read.size <= cap,
    (read, chunk) => ({ chunks: Chunk.append(read.chunks, chunk), size: read.size + chunk.length })
  ).pipe(
    Effect.map((read) => {
      const bytes = new Uint8Array(read.size)
      let offset = 0
      for (const chunk of read.chunks) {
        bytes.set(chunk, offset)
        offset += chunk.length
      }
      return { text: new TextDecoder().decode(bytes.subarray(0, cap)), complete: read.size <= cap }
    }),
    // A response without a body (a 204) has no stream to read.
    Effect.catchIf(
      (error) => error._tag === "ResponseError" && error.reason === "EmptyBody",
      () => Effect.succeed({ text: "", complete: true })
    )
  )
}

/** What an attempt received: the response and its body, read (up to `maxResponseBytes`) before the timeout. */
interface Received {
  readonly response: HttpClientResponse.HttpClientResponse
  readonly text: string
  readonly complete: boolean
}

/** The call's result from what was received: the decoded success, or the error for the status. */
const toResult = <Params, Encoded, Success>(
  operation: Operation<Params, Encoded, Success>,
  { complete, response, text }: Received,
  maxResponseBytes: number,
  span: Tracer.Span
): Effect.Effect<Success, SamsaraError> => {
  if (response.status >= 200 && response.status < 300) {
    return complete ? decodeSuccess(operation, response.status, text) : Effect.fail(
      new DecodeError({
        operation: operation.id,
        status: response.status,
        message:
          `${operation.id}: the ${response.status} response is larger than maxResponseBytes (${maxResponseBytes})`
      })
    )
  }
  return Effect.flatMap(Clock.currentTimeMillis, (now) => {
    const error = statusError({
      operation: operation.id,
      scope: operation.scope,
      status: response.status,
      body: text,
      retryAfter: parseRetryAfter(response.headers["retry-after"], now)
    })
    span.attribute("samsara.request_id", Option.getOrElse(error.requestId, () => ""))
    return Effect.fail(error)
  })
}

/** The wait the server asked for with `Retry-After`, if it did. */
const serverWait = (error: SamsaraError): Option.Option<Duration.Duration> =>
  error._tag === "TooManyRequests" || error._tag === "ServiceUnavailable" ? error.retryAfter : Option.none()

const retryAfterOf = (error: SamsaraError): Duration.Duration =>
  Option.getOrElse(serverWait(error), () => Duration.zero)

/**
 * Waits at least as long as the server's `Retry-After`, and otherwise as long as `policy` says. A `Retry-After`
 * beyond `cap` ends the retries: trying sooner than the server asked would only be refused again.
 */
const honouringRetryAfter = (policy: SamsaraClient.RetryPolicy, cap: Duration.Duration): SamsaraClient.RetryPolicy =>
  Schedule.intersect(
    policy,
    Schedule.identity<SamsaraError>().pipe(
      Schedule.whileInput((error) => Duration.lessThanOrEqualTo(retryAfterOf(error), cap)),
      Schedule.addDelay(retryAfterOf)
    )
  )

/**
 * Adds a timestamped event to `span`. The time is read in milliseconds: `TestClock` cannot give nanoseconds once
 * jittered waits have moved it by a fraction of a millisecond.
 */
const spanEvent = (span: Tracer.Span, name: string, attributes: Record<string, unknown>) =>
  Effect.map(Clock.currentTimeMillis, (now) => span.event(name, BigInt(Math.round(now)) * 1_000_000n, attributes))

/**
 * `Effect.withSpan`, except that the span ends with `void` in place of the call's result. A span lives as long as
 * its call; under load it outlives young-generation collections and is promoted, and an old object that is handed
 * a young page keeps the whole page alive through every young collection until a full one. Ending the span with the
 * decoded page (or passing the page out through a variable captured when the call began, which ages the same way)
 * showed as garbage-collection time with many concurrent callers.
 */
const inSpan = <A, E, R>(
  name: string,
  options: Tracer.SpanOptions,
  body: (span: Tracer.Span) => Effect.Effect<A, E, R>
): Effect.Effect<A, E, R> =>
  Effect.flatMap(
    Effect.makeSpan(name, options),
    (span) =>
      Effect.onExit(Effect.withParentSpan(body(span), span), (exit) =>
        // As `Effect.useSpan` ends a span: at the clock's time, or at 0 when span timing is off. The clock is read
        // as `useSpan` reads it; `TestClock`'s `currentTimeNanos` fails once a jittered wait leaves a fraction of a
        // millisecond.
        Effect.flatMap(FiberRef.get(FiberRef.currentTracerTimingEnabled), (timed) =>
          Effect.clockWith((clock) =>
            Effect.sync(() => span.end(timed ? clock.unsafeCurrentTimeNanos() : 0n, Exit.asVoid(exit)))
          )))
  )

/**
 * The call for one operation, bound to a client. What does not depend on the call (parameter parser, tagged
 * metrics, default retry schedule, span options) is prepared here once: calls are made by the thousand.
 */
export const execute = <Params, Encoded, Success>(
  operation: Operation<Params, Encoded, Success>,
  client: SamsaraClient.Service
) => {
  const validate = validator(operation)
  const metrics = Metrics.forOperation(operation.id)
  const defaultSchedule = honouringRetryAfter(
    operation.idempotent ? client.retry : Schedule.stop,
    client.maxRetryAfter
  )
  const defaultOnExceeded = waitsByDefault(operation.rateLimit) ? "delay" : "fail"
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
    span: Tracer.Span,
    tally: { attempts: number; throttledMillis: number },
    timeout: Duration.Duration,
    onExceeded: "delay" | "fail"
  ) => {
    // Recorded as each attempt starts, so the span and the metric are right however the call ends.
    span.attribute("samsara.attempts", ++tally.attempts)
    // The timeout and the in-flight permit cover the exchange with the server; decoding what arrived is local work
    // after both.
    const exchange = client.httpClient.execute(request).pipe(
      Effect.mapError(networkFailure(operation.id, "no response")),
      Effect.flatMap((response) => {
        span.attribute("http.response.status_code", response.status)
        return Metric.increment(metrics.responses(response.status)).pipe(
          Effect.zipRight(readBody(response, client.maxResponseBytes)),
          Effect.mapBoth({
            onFailure: networkFailure(operation.id, "the response body could not be read"),
            onSuccess: ({ complete, text }): Received => ({ response, text, complete })
          })
        )
      }),
      Effect.timeoutFail({
        duration: timeout,
        onTimeout: () =>
          new TransportError({
            operation: operation.id,
            reason: "Timeout",
            message: `${operation.id}: no complete response within the ${Duration.format(timeout)} timeout`
          })
      }),
      Metric.trackDuration(metrics.latency)
    )
    const received = Effect.flatMap(client.throttle(operation.id, operation.rateLimit, onExceeded), (waited) => {
      if (Duration.isZero(waited)) return client.inFlight(exchange)
      const millis = Duration.toMillis(waited)
      tally.throttledMillis += millis
      span.attribute("samsara.throttle_wait_ms", tally.throttledMillis)
      return Metric.incrementBy(metrics.throttledMillis, millis).pipe(
        Effect.zipRight(spanEvent(span, "samsara.throttled", { "samsara.wait_ms": millis })),
        Effect.zipRight(client.inFlight(exchange))
      )
    })
    const counted = tally.attempts > 1 ? Effect.zipRight(Metric.increment(metrics.retries), received) : received
    const result = Effect.flatMap(counted, (answer) => toResult(operation, answer, client.maxResponseBytes, span))
    return Effect.tapError(result, (error) =>
      Effect.zipRight(
        spanEvent(span, "samsara.attempt_failed", {
          "error.type": error._tag,
          "samsara.retryable": isRetryable(error)
        }),
        Effect.logDebug("Samsara attempt failed", error.message)
      ))
  }

  return (input: OrUndefined<Encoded>, options?: SamsaraClient.CallOptions): Effect.Effect<Success, SamsaraError> => {
    const timeout = options?.timeout === undefined ? client.timeout : Duration.decode(options.timeout)
    const deadline = options?.deadline === undefined ? client.deadline : Option.some(Duration.decode(options.deadline))
    const schedule = options?.retry === undefined
      ? defaultSchedule
      : honouringRetryAfter(options.retry, client.maxRetryAfter)
    const onExceeded = options?.waitForRateLimit === undefined
      ? defaultOnExceeded
      : options.waitForRateLimit
      ? "delay"
      : "fail"
    return inSpan(spanName, spanOptions, (span) =>
      Effect.flatMap(validate(input), (params) => {
        const request = toRequest(operation, params)
        const tally = { attempts: 0, throttledMillis: 0 }
        span.attribute("samsara.throttle_wait_ms", 0)
        const once = Effect.suspend(() => attempt(request, span, tally, timeout, onExceeded))
        return Option.match(deadline, {
          onNone: () => retried(once, schedule),
          onSome: (duration) => withinDeadline(operation.id, duration, once, schedule)
        })
      }))
  }
}

/**
 * `Effect.retry` of `attempt` under `schedule`, for the retryable failures, engaged only once a first attempt has
 * failed: most calls succeed at once, and the schedule's driver would cost each of them time for nothing. The
 * first failure is replayed as the retried effect's first result, so the schedule sees the same failures, in the
 * same order, as if it had wrapped the first attempt too.
 */
const retried = <A>(attempt: Effect.Effect<A, SamsaraError>, schedule: SamsaraClient.RetryPolicy) =>
  Effect.catchIf(attempt, isRetryable, (first) => {
    let replay: Effect.Effect<A, SamsaraError> = Effect.fail(first)
    const next = Effect.suspend(() => {
      const current = replay
      replay = attempt
      return current
    })
    return Effect.retry(next, { schedule, while: isRetryable })
  })

/**
 * Retries `attempt` within a total `deadline`: the final error is a `Deadline` TransportError when time runs out,
 * and a `Retry-After` the remaining time cannot fit returns the server's answer at once, rather than hiding it
 * behind a `Deadline`.
 */
const withinDeadline = <A>(
  operation: OperationId,
  deadline: Duration.Duration,
  attempt: Effect.Effect<A, SamsaraError>,
  schedule: SamsaraClient.RetryPolicy
) =>
  Effect.flatMap(Clock.currentTimeMillis, (startedAt) => {
    const endsAt = startedAt + Duration.toMillis(deadline)
    // Only a wait the server asked for is judged here: without one, the retry goes ahead and the deadline, if it
    // comes first, ends the call as a Deadline.
    const waitFits = (error: SamsaraError) =>
      Option.match(serverWait(error), {
        onNone: () => Effect.succeed(true),
        onSome: (wait) => Effect.map(Clock.currentTimeMillis, (now) => now + Duration.toMillis(wait) < endsAt)
      })
    return Effect.retry(attempt, { schedule: Schedule.whileInputEffect(schedule, waitFits), while: isRetryable }).pipe(
      Effect.timeoutFail({
        duration: deadline,
        onTimeout: () =>
          new TransportError({
            operation,
            reason: "Deadline",
            message: `${operation}: no result within the ${Duration.format(deadline)} deadline`
          })
      })
    )
  })

/** Where a stream goes next: the cursor to fetch after, or a cursor the server gave twice. */
type NextPage = { readonly after: string | undefined } | { readonly repeated: string }

/**
 * Every page, each fetched only when the consumer pulls, starting from `input.after` when given and following
 * `endCursor` while `hasNextPage` is true and the cursor is not empty. Starting from `""`, the cursor of a last
 * page, yields nothing: there is nothing after it. A cursor given before in the same stream would page in a
 * circle, so it ends the stream with `RepeatedCursor` after the page that gave it.
 */
export const pages = <Params, Encoded extends { readonly after?: string }, Success>(
  operation: Operation<Params, Encoded, Success & { readonly pagination: Pagination }>,
  client: SamsaraClient.Service
) => {
  type Page = Success & { readonly pagination: Pagination }
  const call = execute(operation, client)
  const repeated = (cursor: string) =>
    new RepeatedCursor({
      operation: operation.id,
      cursor,
      message: `${operation.id}: the server gave the cursor ${
        JSON.stringify(cursor)
      } again with hasNextPage true; the stream stopped rather than fetch the same pages again`
    })
  return (
    input: OrUndefined<Encoded>,
    options?: SamsaraClient.CallOptions
  ): Stream.Stream<Page, SamsaraError | RepeatedCursor> =>
    input.after === ""
      ? Stream.empty
      : Stream.suspend(() => {
        const given = new Set([input.after])
        const fetch = (
          next: NextPage
        ): Effect.Effect<readonly [Page, Option.Option<NextPage>], SamsaraError | RepeatedCursor> =>
          "repeated" in next ? Effect.fail(repeated(next.repeated)) : Effect.map(
            call({ ...input, after: next.after }, options),
            (page) => {
              const { endCursor, hasNextPage } = page.pagination
              if (!hasNextPage || endCursor === "") return [page, Option.none()]
              if (given.has(endCursor)) return [page, Option.some({ repeated: endCursor })]
              given.add(endCursor)
              return [page, Option.some({ after: endCursor })]
            }
          )
        return Stream.paginateEffect({ after: input.after }, fetch)
      })
}

/** Every item of every page, pages fetched as `pages` does. */
export const paginate = <Params, Encoded extends { readonly after?: string }, Success, Item>(
  operation: PaginatedOperation<Params, Encoded, Success, Item>,
  client: SamsaraClient.Service
) => {
  const stream = pages(operation, client)
  return (
    input: OrUndefined<Encoded>,
    options?: SamsaraClient.CallOptions
  ): Stream.Stream<Item, SamsaraError | RepeatedCursor> =>
    Stream.mapConcatChunk(stream(input, options), (page) => Chunk.unsafeFromArray(operation.items(page)))
}
