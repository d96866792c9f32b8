/**
 * The stand-in's app as an in-memory `HttpClient`: no sockets, and delays on Effect's `Clock`, so tests run it under
 * `TestClock`. A dropped connection fails the way a real transport does, as an `HttpClientError`.
 *
 * @since 0.1.0
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { SamsaraClient } from "../SamsaraClient.js"
import { StandIn } from "./StandIn.js"

const bodyText = (body: HttpClientRequest.HttpClientRequest["body"]): string => {
  switch (body._tag) {
    case "Uint8Array":
      return new TextDecoder().decode(body.body)
    case "Raw":
      return typeof body.body === "string" ? body.body : ""
    default:
      return ""
  }
}

/** Statuses whose responses cannot carry a body, as the fetch `Response` constructor insists. */
const nullBodyStatuses = new Set([101, 103, 204, 205, 304])

/** A body that yields its first `length` bytes and then fails, as a socket closed mid-body does. */
const brokenOff = (bytes: Uint8Array, length: number) => {
  let sent = false
  return new ReadableStream<Uint8Array>({
    pull: (controller) => {
      if (sent) {
        controller.error(new Error("the stand-in dropped the connection in the middle of the body"))
      } else {
        sent = true
        controller.enqueue(bytes.subarray(0, length))
      }
    }
  })
}

/**
 * `HttpClient` answered by the stand-in's app in memory, through `handle`. Delays wait on `Clock` (so
 * `TestClock.adjust` releases them); a reset fails with `RequestError` (reason `Transport`), and a truncated body
 * fails when read, with `ResponseError` (reason `Decode`), as undici reports a connection dropped mid-body.
 * `StandIn.layer` enforces budgets by default, so a client on this transport under `TestClock` waits out each 429
 * until the clock moves: pass `rateLimits: false`, or use `layerClient`, which does.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerHttpClient: Layer.Layer<HttpClient.HttpClient, never, StandIn> = Layer.effect(
  HttpClient.HttpClient,
  Effect.map(StandIn, (standIn) =>
    HttpClient.make((request, url) =>
      Effect.flatMap(
        standIn.handle({ method: request.method, url, headers: { ...request.headers }, body: bodyText(request.body) }),
        (response) => {
          if (response._tag === "Reset") {
            return Effect.fail(
              new HttpClientError.RequestError({
                request,
                reason: "Transport",
                cause: new Error("the stand-in reset the connection"),
                description: "connection reset by the stand-in"
              })
            )
          }
          const bytes = new TextEncoder().encode(response.body)
          const body = nullBodyStatuses.has(response.status)
            ? null
            : response.truncateAt === undefined
            ? bytes
            : brokenOff(bytes, response.truncateAt)
          return Effect.succeed(
            HttpClientResponse.fromWeb(
              request,
              new Response(body, { status: response.status, headers: response.headers })
            )
          )
        }
      )
    ))
)

/**
 * Options for `layerClient`: the stand-in's, with budgets off by default, and the client's.
 *
 * @since 0.1.0
 * @category models
 */
export interface LayerClientOptions extends StandIn.Options {
  /**
   * Enforce each operation's documented `x-rate-limit`. Defaults to false here, unlike `StandIn.layer`: a spent
   * budget answers 429 with `Retry-After`, and under `TestClock` that wait ends only when the test moves the clock.
   * Turn it on to test throttling on purpose, then move the clock with `TestClock.adjust`.
   */
  readonly rateLimits?: boolean | undefined
  /** The client's options, but for the token and base URL, which come from the stand-in. */
  readonly client?: Omit<SamsaraClient.Options, "token" | "baseUrl"> | undefined
}

/**
 * A stand-in plus a `SamsaraClient` that talks to it over `layerHttpClient`, with the stand-in's token and the
 * base URL `http://localhost`. Add `PreviewApis.layer`, `Api.layer` from `effect-samsara/ga`, or single services
 * on top to call operations; both generations answer from the same stand-in.
 *
 * Nothing here waits for the clock unless the test asks for it, so a test that never moves `TestClock` can stream
 * every page of every operation: the stand-in's budgets are off unless `rateLimits: true`, and the client's own
 * pacing is off unless `client.rateLimit` turns it on, and a report run is complete as soon as it is created
 * (`runDuration` defaults to 0 here), so `runCustomReport` and the current API's `Reports.runReport` finish without
 * moving `TestClock`. Injected latency and `Retry-After` from an injected 429 still follow the clock; to test
 * polling, give `runDuration` and move the clock with `TestClock.adjust`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerClient = (options?: LayerClientOptions): Layer.Layer<SamsaraClient | StandIn> => {
  const { client, rateLimits, runDuration, ...standIn } = options ?? {}
  return Layer.unwrapEffect(
    Effect.map(
      StandIn,
      // A loopback base URL always passes the https rule, so this layer cannot fail.
      (service) =>
        Layer.orDie(
          SamsaraClient.layer({
            ...client,
            rateLimit: client?.rateLimit ?? false,
            token: service.token,
            baseUrl: "http://localhost"
          })
        )
    )
  ).pipe(
    Layer.provide(layerHttpClient),
    Layer.provideMerge(StandIn.layer({ ...standIn, rateLimits: rateLimits ?? false, runDuration: runDuration ?? 0 }))
  )
}
