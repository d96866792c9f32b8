/**
 * An in-memory `HttpClient` for tests: it records every request it is sent and answers from a script, so a test
 * can assert the exact wire request as well as the decoded result, with no network.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { SamsaraClient } from "../../src/SamsaraClient.js"

export interface SentRequest {
  /** When it was sent, by the fiber's `Clock` (so `TestClock` time in `it.effect`). */
  readonly at: number
  readonly method: string
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: string | undefined
}

/** A response, or no response: `"reset"` fails like a dropped connection, `"hang"` never answers. */
export type Reply =
  | {
    readonly status: number
    readonly body?: string | undefined
    readonly headers?: Readonly<Record<string, string>> | undefined
  }
  | "reset"
  | "hang"

export const json = (body: unknown, status = 200, headers?: Record<string, string>): Reply => ({
  status,
  body: JSON.stringify(body),
  headers: { "content-type": "application/json", ...headers }
})

const textOf = (request: HttpClientRequest.HttpClientRequest): string | undefined => {
  switch (request.body._tag) {
    case "Uint8Array":
      return new TextDecoder().decode(request.body.body)
    case "Empty":
      return undefined
    default:
      return `<${request.body._tag} body>`
  }
}

/**
 * A recorder whose replies come from `answer`, called with each request and its zero-based index. `interrupted`
 * lists the indexes of requests abandoned in flight.
 */
export const scripted = (answer: (request: SentRequest, index: number) => Reply) => {
  const sent: Array<SentRequest> = []
  const interrupted: Array<number> = []
  const client = HttpClient.make((request, url) =>
    Effect.clockWith((clock) => {
      const index = sent.length
      const recorded: SentRequest = {
        at: clock.unsafeCurrentTimeMillis(),
        method: request.method,
        url: url.toString(),
        headers: { ...request.headers },
        body: textOf(request)
      }
      sent.push(recorded)
      const reply = answer(recorded, index)
      if (reply === "hang") return Effect.onInterrupt(Effect.never, () => Effect.sync(() => interrupted.push(index)))
      if (reply === "reset") {
        return Effect.fail(
          new HttpClientError.RequestError({ request, reason: "Transport", cause: new Error("read ECONNRESET") })
        )
      }
      return Effect.succeed(HttpClientResponse.fromWeb(
        request,
        new Response(reply.status === 204 ? null : reply.body ?? "", {
          status: reply.status,
          headers: reply.headers ?? {}
        })
      ))
    })
  )
  return { sent, interrupted, layer: Layer.succeed(HttpClient.HttpClient, client) }
}

export const token = Redacted.make("test-token-4f1c")

/**
 * `SamsaraClient` over a scripted transport with the test token. Pacing is off unless a test asks for it, so tests
 * of other behaviour need not move the clock past rate-limit slots.
 */
export const clientLayer = (
  answer: (request: SentRequest, index: number) => Reply,
  options?: Omit<SamsaraClient.Options, "token">
) => {
  const http = scripted(answer)
  return {
    ...http,
    layer: SamsaraClient.layer({ token, rateLimit: false, ...options }).pipe(Layer.provide(http.layer), Layer.orDie)
  }
}
