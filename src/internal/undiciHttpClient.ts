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

/** An absolute http(s) URL, split: scheme, host, port, path and query. */
const absoluteUrl = /^(https?):\/\/([a-z\d.-]+)(?::([1-9]\d{0,4}))?(\/[^?]*)?(\?.*)?$/

/**
 * The characters `URL` sends as they are in a path and a query: printable ASCII, less the two quote marks, `#`,
 * `<`, `>`, the backtick, the braces and the backslash.
 */
const unchanged = /^[\x21\x24-\x26\x28-\x3b\x3d\x3f-\x5b\x5d-\x5f\x61-\x7a\x7c\x7e]*$/

const octet = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)"

/**
 * A host `URL` keeps as written: a dotted quad in canonical form, or a name of lowercase labels whose last starts
 * with a letter (a last label of digits, such as `0x7f` or `0177`, is read as a number).
 */
const plainHost = new RegExp(`^(?:${octet}(?:\\.${octet}){3}|(?:[a-z\\d-]+\\.)*[a-z][a-z\\d-]*)$`)

const defaultPorts: Readonly<Record<string, string>> = { http: "80", https: "443" }

/** A segment `URL` would resolve away: `.` or `..`, in any mix of the dot and `%2e`. */
const dotSegment = /(?:^|\/)(?:\.|%2e){1,2}(?=\/|$)/i

/**
 * The origin and path of `url` when `URL` would send it unchanged, so it needs no parsing; none for anything else
 * (the executor's URLs are all plain, a user's request may not be), which then goes through `URL` as the
 * platform's client sends it. `test/undici-http-client.test.ts` checks the two agree on generated URLs.
 */
export const plainTarget = (url: string): { readonly origin: string; readonly path: string } | undefined => {
  const parts = absoluteUrl.exec(url)
  if (parts === null) return undefined
  const [, scheme = "", host = "", port, path = "/", query = ""] = parts
  if (!plainHost.test(host) || !unchanged.test(path) || !unchanged.test(query) || dotSegment.test(path)) {
    return undefined
  }
  // `URL` drops a query that is only the question mark.
  if (query === "?") return undefined
  if (port !== undefined && (Number(port) > 65_535 || port === defaultPorts[scheme])) return undefined
  return { origin: `${scheme}://${host}${port === undefined ? "" : `:${port}`}`, path: path + query }
}

/** The origin and path undici is given for `request`, or the reason it has no URL. */
const target = (
  request: HttpClientRequest.HttpClientRequest
): Either.Either<{ readonly origin: string; readonly path: string }, HttpClientError.RequestError> => {
  const plain = request.urlParams.length === 0 && Option.isNone(request.hash) ? plainTarget(request.url) : undefined
  if (plain !== undefined) return Either.right(plain)
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

/** Destroys the body of a response that was garbage-collected before anything read it. */
const unreadBodies = new FinalizationRegistry<Readable>((body) => body.destroy())

/**
 * A response over undici's. Interrupting a read of its body destroys the body, which closes the connection; a body
 * never read is destroyed when its response is garbage-collected, as the platform's responses abort theirs, so a
 * response dropped unread (an interruption between the answer and the read, say) does not hold its connection.
 * Each way of reading the body reads it once: a second `text` gets the same string, as on the platform's.
 */
class UndiciResponse extends Inspectable.Class implements HttpClientResponse.HttpClientResponse {
  readonly [HttpClientResponse.TypeId]: HttpClientResponse.TypeId = HttpClientResponse.TypeId
  readonly [HttpIncomingMessage.TypeId]: HttpIncomingMessage.TypeId = HttpIncomingMessage.TypeId
  #headers: Headers.Headers | undefined
  #cookies: Cookies.Cookies | undefined
  #text: Promise<string> | undefined
  #arrayBuffer: Promise<ArrayBuffer> | undefined
  #formData: Promise<FormData> | undefined

  constructor(
    readonly request: HttpClientRequest.HttpClientRequest,
    private readonly source: Undici.Dispatcher.ResponseData
  ) {
    super()
    // An error on a body nobody reads must not surface as an unhandled 'error' event.
    source.body.on("error", () => {})
    unreadBodies.register(this, source.body, this)
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
  private readWith<A>(read: () => Promise<A>): Effect.Effect<A, HttpClientError.ResponseError> {
    return Effect.async<A, HttpClientError.ResponseError>((resume) => {
      unreadBodies.unregister(this)
      read().then(
        (value) => resume(Effect.succeed(value)),
        (cause) => resume(Effect.fail(this.decodeError(cause)))
      )
      return Effect.sync(() => this.source.body.destroy())
    })
  }

  get text(): Effect.Effect<string, HttpClientError.ResponseError> {
    return this.readWith(() => this.#text ??= this.source.body.text())
  }

  get json(): Effect.Effect<unknown, HttpClientError.ResponseError> {
    return Effect.flatMap(this.text, (text) =>
      Effect.try({
        try: (): unknown => text === "" ? null : JSON.parse(text),
        catch: (cause) => this.decodeError(cause)
      }))
  }

  get arrayBuffer(): Effect.Effect<ArrayBuffer, HttpClientError.ResponseError> {
    return this.readWith(() => this.#arrayBuffer ??= this.source.body.arrayBuffer())
  }

  get formData(): Effect.Effect<FormData, HttpClientError.ResponseError> {
    return this.readWith(() => this.#formData ??= this.source.body.formData())
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
      () => {
        unreadBodies.unregister(this)
        return this.source.body
      },
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
