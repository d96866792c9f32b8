/**
 * The Node entry point's transport: an `HttpClient` over an undici `Dispatcher` that does per request only what a
 * Samsara call needs. `NodeHttpClient.layerUndici` is the general one; what this one leaves out, and why it exists,
 * is in `node.ts`.
 */
import * as NodeStream from "@effect/platform-node/NodeStream"
import type * as Undici from "@effect/platform-node/Undici"
import * as Cookies from "@effect/platform/Cookies"
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as HttpIncomingMessage from "@effect/platform/HttpIncomingMessage"
import * as UrlParams from "@effect/platform/UrlParams"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Inspectable from "effect/Inspectable"
import * as Option from "effect/Option"
import type * as Stream from "effect/Stream"
import { Readable } from "node:stream"

/**
 * An absolute http(s) URL that needs no parsing: a plain host (and port), then a path of printable ASCII with no
 * fragment. The executor's URLs are all of this form; anything else goes through `URL`, as the platform's does.
 */
const plainUrl = /^(https?:\/\/[\w.\-:[\]]+)(\/[\x21\x22\x24-\x7e]*)?$/

/** The origin and path undici is given for `request`, or the reason it has no URL. */
const target = (
  request: HttpClientRequest.HttpClientRequest
): Either.Either<{ readonly origin: string; readonly path: string }, HttpClientError.RequestError> => {
  const plain = request.urlParams.length === 0 && Option.isNone(request.hash) ? plainUrl.exec(request.url) : null
  if (plain !== null) return Either.right({ origin: plain[1]!, path: plain[2] ?? "/" })
  return Either.mapBoth(UrlParams.makeUrl(request.url, request.urlParams, request.hash), {
    onLeft: (cause) => new HttpClientError.RequestError({ request, reason: "InvalidUrl", cause }),
    onRight: (url) => ({ origin: url.origin, path: url.pathname + url.search })
  })
}

type Body = string | Uint8Array | Readable | null

const unsent = (request: HttpClientRequest.HttpClientRequest, description: string) =>
  Effect.fail(new HttpClientError.RequestError({ request, reason: "Encode", description }))

/** The request's body as undici takes it. No Samsara operation sends a form, so a multipart body is refused. */
const bodyOf = (
  request: HttpClientRequest.HttpClientRequest
): Effect.Effect<Body, HttpClientError.RequestError> => {
  const body = request.body
  switch (body._tag) {
    case "Empty":
      return Effect.succeed(null)
    case "Uint8Array":
      return Effect.succeed(body.body)
    case "FormData":
      return unsent(request, "this transport sends no multipart bodies: use NodeHttpClient.layerUndici for them")
    case "Stream":
      return NodeStream.toReadable(body.stream)
    case "Raw":
      return typeof body.body === "string" || body.body instanceof Uint8Array || body.body instanceof Readable
        ? Effect.succeed(body.body)
        : unsent(request, "a raw body must be a string, a Uint8Array or a Readable")
  }
}

/**
 * A response over undici's. Interrupting a read of its body destroys the body, which closes the connection. A body
 * never read holds its connection until it is read or its `stream` runs (the platform's responses abort it when they
 * are garbage-collected; the executor always reads one).
 */
class UndiciResponse extends Inspectable.Class implements HttpClientResponse.HttpClientResponse {
  readonly [HttpClientResponse.TypeId]: HttpClientResponse.TypeId = HttpClientResponse.TypeId
  readonly [HttpIncomingMessage.TypeId]: HttpIncomingMessage.TypeId = HttpIncomingMessage.TypeId
  #headers: Headers.Headers | undefined
  #cookies: Cookies.Cookies | undefined
  #text: Promise<string> | undefined

  constructor(
    readonly request: HttpClientRequest.HttpClientRequest,
    private readonly source: Undici.Dispatcher.ResponseData
  ) {
    super()
    // An error on a body nobody reads must not surface as an unhandled 'error' event.
    source.body.on("error", () => {})
  }

  get status(): number {
    return this.source.statusCode
  }

  get headers(): Headers.Headers {
    return this.#headers ??= Headers.fromInput(this.source.headers)
  }

  get cookies(): Cookies.Cookies {
    if (this.#cookies !== undefined) return this.#cookies
    const header = this.source.headers["set-cookie"]
    return this.#cookies = header === undefined
      ? Cookies.empty
      : Cookies.fromSetCookie(typeof header === "string" ? [header] : header)
  }

  get remoteAddress(): Option.Option<string> {
    return Option.none()
  }

  private decodeError(cause: unknown, description?: string) {
    return new HttpClientError.ResponseError({
      request: this.request,
      response: this,
      reason: "Decode",
      cause,
      ...(description === undefined ? {} : { description })
    })
  }

  /** Reads the body with `read`; interrupting the read destroys the body. */
  private readBody<A>(read: () => Promise<A>): Effect.Effect<A, HttpClientError.ResponseError> {
    return Effect.async<A, HttpClientError.ResponseError>((resume) => {
      read().then(
        (value) => resume(Effect.succeed(value)),
        (cause) => resume(Effect.fail(this.decodeError(cause)))
      )
      return Effect.sync(() => this.source.body.destroy())
    })
  }

  /** Read once: a second `text` (or `json`) gets the same string, as the platform's responses do. */
  get text(): Effect.Effect<string, HttpClientError.ResponseError> {
    return this.readBody(() => this.#text ??= this.source.body.text())
  }

  get json(): Effect.Effect<unknown, HttpClientError.ResponseError> {
    return Effect.flatMap(this.text, (text) =>
      Effect.try({
        try: (): unknown => text === "" ? null : JSON.parse(text),
        catch: (cause) => this.decodeError(cause)
      }))
  }

  get arrayBuffer(): Effect.Effect<ArrayBuffer, HttpClientError.ResponseError> {
    return this.readBody(() => this.source.body.arrayBuffer())
  }

  get formData(): Effect.Effect<FormData, HttpClientError.ResponseError> {
    return this.readBody(() => this.source.body.formData())
  }

  get urlParamsBody(): Effect.Effect<UrlParams.UrlParams, HttpClientError.ResponseError> {
    return Effect.flatMap(this.text, (text) =>
      Effect.try({
        try: () => UrlParams.fromInput(new URLSearchParams(text)),
        catch: (cause) => this.decodeError(cause)
      }))
  }

  /** The body as it arrives; the body is destroyed when the stream ends early, so its connection closes. */
  get stream(): Stream.Stream<Uint8Array, HttpClientError.ResponseError> {
    return NodeStream.fromReadable<HttpClientError.ResponseError, Uint8Array>(
      () => this.source.body,
      (cause) => this.decodeError(cause)
    )
  }

  toJSON(): unknown {
    return HttpIncomingMessage.inspect(this, {
      _id: "@effect/platform/HttpClientResponse",
      request: this.request.toJSON(),
      status: this.status
    })
  }
}

/**
 * Sends `request` on `dispatcher`. Interruption before the answer aborts the request; redirects are not followed
 * (a 3xx is the answer), so the token never goes to another host; timeouts are left to the caller's Effect.
 */
const send = (dispatcher: Undici.Dispatcher) =>
(
  request: HttpClientRequest.HttpClientRequest
): Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.RequestError> =>
  Either.match(target(request), {
    onLeft: Effect.fail,
    onRight: ({ origin, path }) =>
      Effect.flatMap(bodyOf(request), (body) =>
        Effect.async<HttpClientResponse.HttpClientResponse, HttpClientError.RequestError>((resume, signal) => {
          dispatcher.request({
            signal,
            method: request.method,
            headers: request.headers,
            origin,
            path,
            body,
            headersTimeout: 60 * 60 * 1000,
            bodyTimeout: 0
          }, (cause, data) =>
            resume(
              cause === null
                ? Effect.succeed(new UndiciResponse(request, data))
                : Effect.fail(new HttpClientError.RequestError({ request, reason: "Transport", cause }))
            ))
        }))
  })

/** An `HttpClient` that sends every request on `dispatcher`. */
export const make = (dispatcher: Undici.Dispatcher): HttpClient.HttpClient =>
  HttpClient.makeWith(
    (request: Effect.Effect<HttpClientRequest.HttpClientRequest>) => Effect.flatMap(request, send(dispatcher)),
    Effect.succeed
  )
