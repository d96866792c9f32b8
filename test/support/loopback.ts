/**
 * A plain `node:http` server on 127.0.0.1 for the wire suites: it records every request it reads and answers with a
 * test's handler, and it closes with every connection it holds when the test's scope ends.
 */
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import * as Http from "node:http"

/** A request as the server read it off the socket. */
export interface Received {
  readonly method: string
  readonly url: string
  readonly headers: Http.IncomingHttpHeaders
  readonly body: string
}

/** Answers one request; `index` counts the requests this server has received, from zero. */
export type Handler = (request: Received, response: Http.ServerResponse, index: number) => void

export interface TestServer {
  readonly port: number
  /** Every request, in arrival order, recorded once its body has been read. */
  readonly received: ReadonlyArray<Received>
}

const listen = (server: Http.Server) =>
  Effect.async<number>((resume) => {
    server.once("error", (error) => resume(Effect.die(error)))
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      resume(
        typeof address === "object" && address !== null
          ? Effect.succeed(address.port)
          : Effect.dieMessage(`the server listens on ${String(address)}, not a TCP port`)
      )
    })
  })

const close = (server: Http.Server) =>
  Effect.async<void>((resume) => {
    server.closeAllConnections()
    server.close(() => resume(Effect.void))
  })

/** An HTTP server on 127.0.0.1 and a free port, closed (with every connection it holds) when the scope ends. */
export const serve = (handler: Handler): Effect.Effect<TestServer, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.suspend(() => {
      const received: Array<Received> = []
      const server = Http.createServer((request, response) => {
        const chunks: Array<Buffer> = []
        request.on("data", (chunk: Buffer) => chunks.push(chunk))
        request.on("end", () => {
          const recorded: Received = {
            method: request.method ?? "",
            url: request.url ?? "",
            headers: request.headers,
            body: Buffer.concat(chunks).toString("utf8")
          }
          const index = received.length
          received.push(recorded)
          handler(recorded, response, index)
        })
      })
      return Effect.map(listen(server), (port) => ({ server, port, received }))
    }),
    ({ server }) => close(server)
  ).pipe(Effect.map(({ port, received }): TestServer => ({ port, received })))
