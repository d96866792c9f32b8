/**
 * The stand-in on a real `node:http` server, for clients that need a socket: other languages, `curl`, or the
 * client on undici. It serves the stand-in's app through the same `handle` as the in-memory transport, and drops or
 * cuts connections for real when a fault says so.
 *
 * This is a node:http adapter rather than `@effect/platform-node`'s `NodeHttpServer`, for two reasons: the bin
 * must run without `@effect/platform-node` installed, and `NodeHttpServer` cannot drop a connection. It ends a body
 * stream that fails as if the body were complete (the client then waits for the rest), and answers an app that
 * fails with a 500, so neither a reset nor a truncated body could reach the client.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FiberId from "effect/FiberId"
import * as FiberSet from "effect/FiberSet"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import type * as Http from "node:http"
import { StandIn, type StandInRequest, type StandInResponse } from "./StandIn.js"

/**
 * The stand-in's server could not start: most often the port is taken (`EADDRINUSE`) or the host is not an address
 * of this machine (`EADDRNOTAVAIL`). `cause` describes the system error.
 *
 * @since 0.1.0
 * @category errors
 */
export class StandInServerError extends Schema.TaggedError<StandInServerError>()("StandInServerError", {
  message: Schema.String,
  cause: Schema.String
}) {}

const codeOf = (error: unknown): string | undefined =>
  error instanceof Error && "code" in error && typeof error.code === "string" ? error.code : undefined

/** What to do about the usual reasons a server cannot listen. */
const advice: Readonly<Record<string, string>> = {
  EADDRINUSE: "the port is already in use; choose another, or 0 for any free port",
  EADDRNOTAVAIL: "the host is not an address of this machine; 127.0.0.1 always is",
  EACCES: "permission denied; ports below 1024 need privileges, so choose a higher one"
}

const listenError = (host: string, port: number, error: unknown) => {
  const cause = error instanceof Error ? error.message : String(error)
  return new StandInServerError({
    message: `The stand-in could not listen on ${host}:${port}: ${advice[codeOf(error) ?? ""] ?? cause}`,
    cause
  })
}

/** Stops accepting, drops every open connection, and waits for the server to be closed. */
const close = (server: Http.Server) =>
  Effect.async<void>((resume) => {
    // The callback runs (with an error) even when the server never got to listen, so this always resumes.
    server.close(() => resume(Effect.void))
    server.closeAllConnections()
  })

const headersOf = (request: Http.IncomingMessage): Record<string, string> =>
  Object.fromEntries(
    Object.entries(request.headers).flatMap(([name, value]) =>
      value === undefined ? [] : [[name, Array.isArray(value) ? value.join(", ") : value]]
    )
  )

/** The request once its body has arrived. */
const readRequest = (request: Http.IncomingMessage) =>
  Effect.async<StandInRequest, Error>((resume) => {
    const chunks: Array<Buffer> = []
    request.on("data", (chunk: Buffer) => chunks.push(chunk))
    request.once("error", (error) => resume(Effect.fail(error)))
    request.once("end", () =>
      resume(Effect.succeed({
        method: request.method ?? "GET",
        // Only the path and query matter to `handle`; the host part is a placeholder.
        url: new URL(request.url ?? "/", "http://standin.local"),
        headers: headersOf(request),
        body: Buffer.concat(chunks).toString("utf8")
      })))
  })

/** A defect in the stand-in, answered as a server's own failure. */
const failed = (response: Http.ServerResponse) => {
  if (response.destroyed || response.headersSent) return
  response.writeHead(500, { "content-type": "application/json; charset=utf-8" })
  response.end(JSON.stringify({ message: "The stand-in failed to answer", requestId: "standin-defect" }))
}

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
 * when the server stops, every open connection is closed and every answer still waiting is interrupted. Delays,
 * budgets and runs follow the `Clock` of the fiber that serves (the real one, unless a test provides `TestClock`).
 * Fails with `StandInServerError` when it cannot listen, for instance on a port already in use.
 *
 * @since 0.1.0
 * @category servers
 */
export const serve = (
  options?: { readonly port?: number | undefined; readonly host?: string | undefined }
): Effect.Effect<{ readonly url: string; readonly port: number }, StandInServerError, StandIn | Scope.Scope> =>
  Effect.gen(function*() {
    const standIn = yield* StandIn
    // Imported on use, so `effect-samsara/testing` still loads where `node:http` does not exist.
    const http = yield* Effect.promise(() => import("node:http"))
    const host = options?.host ?? "127.0.0.1"

    // Closed by the scope whatever happens next: listening, failing to listen, or being interrupted while it tries.
    const server = yield* Effect.acquireRelease(Effect.sync(() => http.createServer()), close)
    // Closed before the server: answers still running (a long latency, say) are interrupted with it.
    const run = yield* FiberSet.makeRuntime<never, void, never>()
    server.on("request", (request: Http.IncomingMessage, response: Http.ServerResponse) => {
      const fiber = run(
        Effect.flatMap(
          Effect.exit(Effect.flatMap(readRequest(request), standIn.handle)),
          (exit) => Effect.sync(() => Exit.isSuccess(exit) ? deliver(response, exit.value) : failed(response))
        )
      )
      // A client that goes away takes its answer with it, as a real server's would.
      response.once("close", () => {
        if (!response.writableFinished) fiber.unsafeInterruptAsFork(FiberId.none)
      })
    })
    const port = options?.port ?? 0
    yield* Effect.async<void, StandInServerError>((resume) => {
      const onError = (error: Error) => resume(Effect.fail(listenError(host, port, error)))
      server.once("error", onError)
      try {
        server.listen(port, host, () => {
          server.off("error", onError)
          resume(Effect.void)
        })
      } catch (error) {
        // A port out of range is thrown, not emitted.
        server.off("error", onError)
        resume(Effect.fail(listenError(host, port, error)))
      }
      // Interrupted while a host name is still being looked up: the server would start listening after the scope
      // had closed it, so it closes itself the moment it does.
      return Effect.sync(() => {
        server.off("error", onError)
        if (!server.listening) server.once("listening", () => server.close())
      })
    })
    const address = server.address()
    const bound = typeof address === "object" && address !== null ? address.port : port
    const hostInUrl = host.includes(":") ? `[${host}]` : host
    return { url: `http://${hostInUrl}:${bound}`, port: bound }
  })
