/**
 * What an attempt received, turned into the call's result: the body read up to its cap, then the decoded success
 * for a 2xx or the status error for anything else. Whatever a server sends, the result is a value or a tagged
 * error: never a defect, never an unbounded message.
 */
import type * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import type * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import type * as Tracer from "effect/Tracer"
import type { OperationId } from "../OperationId.js"
import { DecodeError, type SamsaraError, TransportError } from "../SamsaraError.js"
import { decoder } from "./decoder.js"
import type { Operation } from "./operation.js"
import { parseRetryAfter, statusError } from "./statusTable.js"

/** What an attempt received: the response and its body, read (up to `maxResponseBytes`) before the timeout. */
export interface Received {
  readonly response: HttpClientResponse.HttpClientResponse
  readonly text: string
  readonly complete: boolean
}

/**
 * A failure to exchange with the server, as the retryable `TransportError`. The `HttpClientError` itself is not
 * kept: its request (and its response's) holds the Authorization header, which `JSON.stringify` and
 * `util.inspect` print in clear outside a fiber. Its words (reason, method and URL) go into the description, and
 * the network error under it is the cause.
 */
export const networkFailure = (operation: OperationId, what: string) => (error: HttpClientError.HttpClientError) =>
  new TransportError({
    operation,
    reason: "NetworkFailure",
    description: `${what}: ${error.message}`,
    cause: error.cause
  })

/**
 * The body as text, read no further than `cap` bytes: a body of unknown or excessive length is read as a stream
 * and abandoned at the cap, so an oversized answer cannot fill memory.
 */
export const readBody = (response: HttpClientResponse.HttpClientResponse, cap: number) => {
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

/** The most of a decode failure's description a message carries: a hostile body must not make a huge message. */
const maxDescription = 2_000

const bounded = (text: string) => text.length <= maxDescription ? text : `${text.slice(0, maxDescription)}…`

/**
 * A body's `ParseError`, printed as its bounded description. `TreeFormatter` prints the offending value, and on a
 * value nested deep enough it overflows the stack: kept as it is, the cause would make `Cause.pretty`, a logger or
 * `JSON.stringify` of the error throw or print megabytes. The issue is the same, for `ArrayFormatter` and the like.
 */
class BoundedParseError extends ParseResult.ParseError {
  readonly #description: string
  constructor(error: ParseResult.ParseError, description: string) {
    super({ issue: error.issue })
    this.#description = description
  }
  override toString(): string {
    return this.#description
  }
}

/**
 * What did not match, bounded in length; when describing it overflows the stack, only that the body did not
 * match.
 */
const describeMismatch = (error: ParseResult.ParseError): string => {
  try {
    return bounded(ParseResult.TreeFormatter.formatErrorSync(error))
  } catch {
    return "the body does not match the schema, and is nested too deeply to describe"
  }
}

/**
 * The decoder of an operation's 2xx bodies, prepared once per operation. Whatever the body holds, the outcome is
 * the success or a `DecodeError`: a defect thrown while decoding untrusted text (a stack overflow on extreme
 * nesting, say) is caught here too.
 */
export const successDecoder = <Success>(
  operation: { readonly id: OperationId; readonly success: Schema.Schema<Success, string> }
) => {
  const decode = decoder(operation.success)
  return (status: number, text: string): Effect.Effect<Success, DecodeError> => {
    const failed = (what: string, cause: unknown) =>
      new DecodeError({ operation: operation.id, status, description: `is not the expected JSON\n${what}`, cause })
    return Effect.suspend(() => decode(text)).pipe(
      Effect.mapError((error) => {
        const description = describeMismatch(error)
        return failed(description, new BoundedParseError(error, description))
      }),
      Effect.catchAllDefect((defect) =>
        Effect.fail(failed(bounded(defect instanceof Error ? defect.message : String(defect)), defect))
      )
    )
  }
}

/** The call's result from what was received: the decoded success, or the error for the status. */
export const toResult = <Success>(
  operation: Pick<Operation<OperationId>, "id" | "scope">,
  decodeSuccess: (status: number, text: string) => Effect.Effect<Success, DecodeError>,
  { complete, response, text }: Received,
  maxResponseBytes: number,
  span: Tracer.Span
): Effect.Effect<Success, SamsaraError> => {
  if (response.status >= 200 && response.status < 300) {
    return complete ? decodeSuccess(response.status, text) : Effect.fail(
      new DecodeError({
        operation: operation.id,
        status: response.status,
        description: `is larger than maxResponseBytes (${maxResponseBytes})`
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
