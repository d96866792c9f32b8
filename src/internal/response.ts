/**
 * What an attempt received, turned into the call's result: the body read up to its cap, then the decoded success
 * for a 2xx or the status error for anything else. Whatever a server sends, the result is a value or a tagged
 * error: never a defect, never an unbounded message.
 */
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import type * as Tracer from "effect/Tracer"
import type { OperationId } from "../OperationId.js"
import { DecodeError, type SamsaraError, TransportError } from "../SamsaraError.js"
import type { Operation } from "./operation.js"
import { parseRetryAfter, statusError } from "./statusTable.js"

/** What an attempt received: the response and its body, read (up to `maxResponseBytes`) before the timeout. */
export interface Received {
  readonly response: HttpClientResponse.HttpClientResponse
  readonly text: string
  readonly complete: boolean
}

/** The messages down an error's `cause` chain, so "connect ECONNREFUSED" is not hidden behind "fetch failed". */
const causeChain = (error: unknown): string => {
  const messages: Array<string> = []
  for (let current = error; current instanceof Error && messages.length < 5; current = current.cause) {
    messages.push(current.message)
  }
  return messages.join(": ")
}

/** A failure to exchange with the server, as the retryable `TransportError`. */
export const networkFailure = (operation: OperationId, what: string) => (error: unknown) =>
  new TransportError({ operation, reason: "NetworkFailure", message: `${operation}: ${what}: ${causeChain(error)}` })

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
 * The decoder of an operation's 2xx bodies, prepared once per operation. Whatever the body holds, the outcome is
 * the success or a `DecodeError`: a defect thrown while decoding untrusted text (a stack overflow on extreme
 * nesting, say) is caught here too.
 */
export const successDecoder = <Success>(
  operation: { readonly id: OperationId; readonly success: Schema.Schema<Success, string> }
) => {
  const decode = Schema.decode(operation.success)
  return (status: number, text: string): Effect.Effect<Success, DecodeError> => {
    const failed = (reason: string) =>
      new DecodeError({
        operation: operation.id,
        status,
        message: `${operation.id}: the ${status} response is not the expected JSON\n${reason}`
      })
    return Effect.suspend(() => decode(text)).pipe(
      Effect.mapError((error) => failed(describeMismatch(error))),
      Effect.catchAllDefect((defect) => Effect.fail(failed(causeChain(defect).slice(0, maxDescription))))
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
