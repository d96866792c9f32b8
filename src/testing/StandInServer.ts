/**
 * The stand-in on a real `node:http` server, for clients that need a socket: other languages, `curl`, or the
 * client on undici. It serves the same `handle` as the in-memory transport, and drops or cuts connections for
 * real when a fault says so.
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Runtime from "effect/Runtime"
import type * as Scope from "effect/Scope"
import type * as Http from "node:http"
import { StandIn, type StandInResponse } from "./StandIn.js"

const headersOf = (request: Http.IncomingMessage): Record<string, string> =>
  Object.fromEntries(
    Object.entries(request.headers).flatMap(([name, value]) =>
      value === undefined ? [] : [[name, Array.isArray(value) ? value.join(", ") : value]]
    )
  )

/** Writes one stand-in response; a client that has already gone away is simply not written to. */
const deliver = (response: Http.ServerResponse, answer: StandInResponse) => {
  if (response.destroyed || response.socket === null || response.socket.destroyed) return
  if (answer._tag === "Reset") {
    response.destroy()
    return
  }
  const body = Buffer.from(answer.body, "utf8")
  response.writeHead(answer.status, { ...answer.headers, "content-length": String(body.length) })
  if (answer.truncateAt === undefined) {
    response.end(body)
  } else {
    // The declared length is the full body's, so the client sees the connection close before the body is complete.
    response.write(body.subarray(0, answer.truncateAt), () => response.destroy())
  }
}

/**
 * Serves the stand-in on `host` (default 127.0.0.1) and `port` (default 0: any free port) until the scope closes,
 * when the server stops and every open connection is closed. Delays wait on the real clock.
 *
 * @since 0.1.0
 * @category servers
 */
export const serve = (
  options?: { readonly port?: number; readonly host?: string }
): Effect.Effect<{ readonly url: string; readonly port: number }, never, StandIn | Scope.Scope> =>
  Effect.gen(function*() {
    const standIn = yield* StandIn
    const runtime = yield* Effect.runtime<never>()
    // Imported on use, so `effect-samsara/testing` still loads where `node:http` does not exist.
    const http = yield* Effect.promise(() => import("node:http"))
    const host = options?.host ?? "127.0.0.1"
    const timers = new Set<ReturnType<typeof setTimeout>>()

    const onRequest = (request: Http.IncomingMessage, response: Http.ServerResponse) => {
      const chunks: Array<Buffer> = []
      request.on("data", (chunk: Buffer) => chunks.push(chunk))
      request.on("error", () => response.destroy())
      request.on("end", () => {
        const standInRequest = {
          method: request.method ?? "GET",
          // Only the path and query matter to `handle`; the host part is a placeholder.
          url: new URL(request.url ?? "/", "http://standin.local"),
          headers: headersOf(request),
          body: Buffer.concat(chunks).toString("utf8")
        }
        Runtime.runPromise(runtime)(standIn.handle(standInRequest)).then(
          (answer) => {
            const millis = answer.delay === undefined ? 0 : Math.round(Duration.toMillis(answer.delay))
            if (millis === 0) return deliver(response, answer)
            const timer = setTimeout(() => {
              timers.delete(timer)
              deliver(response, answer)
            }, millis)
            timers.add(timer)
          },
          () => {
            if (!response.destroyed && !response.headersSent) {
              response.writeHead(500, { "content-type": "application/json; charset=utf-8" })
              response.end(JSON.stringify({ message: "The stand-in failed to answer", requestId: "standin-defect" }))
            }
          }
        )
      })
    }

    const server = yield* Effect.acquireRelease(
      Effect.async<Http.Server>((resume) => {
        const created = http.createServer(onRequest)
        created.once("error", (error) => resume(Effect.die(error)))
        created.listen(options?.port ?? 0, host, () => resume(Effect.succeed(created)))
      }),
      (server) =>
        Effect.async<void>((resume) => {
          for (const timer of timers) clearTimeout(timer)
          timers.clear()
          server.close(() => resume(Effect.void))
          server.closeAllConnections()
        })
    )
    const address = server.address()
    const port = typeof address === "object" && address !== null ? address.port : options?.port ?? 0
    const hostInUrl = host.includes(":") ? `[${host}]` : host
    return { url: `http://${hostInUrl}:${port}`, port }
  })
