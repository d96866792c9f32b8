/**
 * An unsolicited `100 Continue` before the real response (RFC 9110 §15.2: a client must parse and may ignore it).
 * undici, behind the Node entry point, refuses it; `NodeHttpClient.layer` over node:http skips it. A raw `node:net`
 * server on 127.0.0.1 writes the interim response, so nothing in between can tidy the bytes.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import { assert, describe, it } from "@effect/vitest"
import * as Context from "effect/Context"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import type * as Scope from "effect/Scope"
import * as Net from "node:net"
import { CustomReports, PostCustomReportRunResponse, QueuedCustomReportRun } from "../src/CustomReports.js"
import * as Node from "../src/node.js"
import { Pagination } from "../src/Pagination.js"
import * as PreviewApis from "../src/PreviewApis.js"
import { SamsaraClient } from "../src/SamsaraClient.js"
import { TransportError } from "../src/SamsaraError.js"
import { GetTrainingCoursesResponse, TrainingCourses } from "../src/TrainingCourses.js"

const token = Redacted.make("continue-token-5c1d93e2")

const emptyPage = `{"data":[],"pagination":{"endCursor":"","hasNextPage":false}}`
const queuedRun = `{"data":{"createdAtTime":"2024-06-03T08:00:00Z","customReportId":"report-1","id":"run-1"}}`

const continueLine = "HTTP/1.1 100 Continue\r\n\r\n"

/** A request head larger than this is not a request this suite sends; the connection is dropped. */
const maxBuffered = 64 * 1024

interface Received {
  readonly requestLine: string
  readonly body: string
}

interface ContinueServer {
  readonly port: number
  /** Every request, in arrival order, recorded once its body has been read. */
  readonly received: ReadonlyArray<Received>
}

/**
 * Answers each request on a keep-alive connection with `interim` and then a 200 carrying `body` (JSON). Only
 * `Content-Length` request bodies are read: the clients under test send nothing else.
 */
const serve = (interim: string, body: string): Effect.Effect<ContinueServer, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.async<{ readonly server: Net.Server; readonly sockets: Set<Net.Socket>; readonly state: ContinueServer }>(
      (resume) => {
        const received: Array<Received> = []
        const sockets = new Set<Net.Socket>()
        const answer = (socket: Net.Socket, buffered: Buffer): Buffer => {
          const headEnd = buffered.indexOf("\r\n\r\n")
          if (headEnd < 0) return buffered
          const head = buffered.subarray(0, headEnd).toString("latin1")
          const length = Number(/^content-length:\s*(\d+)\s*$/im.exec(head)?.[1] ?? 0)
          const bodyEnd = headEnd + 4 + length
          if (buffered.length < bodyEnd) return buffered
          received.push({
            requestLine: head.split("\r\n", 1)[0] ?? "",
            body: buffered.subarray(headEnd + 4, bodyEnd).toString("utf8")
          })
          socket.write(interim)
          socket.write(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
              + `content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
          )
          return answer(socket, buffered.subarray(bodyEnd))
        }
        const server = Net.createServer((socket) => {
          sockets.add(socket)
          socket.on("close", () => sockets.delete(socket))
          socket.on("error", () => socket.destroy())
          let buffered: Buffer = Buffer.alloc(0)
          socket.on("data", (chunk: Buffer) => {
            buffered = answer(socket, Buffer.concat([buffered, chunk]))
            if (buffered.length > maxBuffered) socket.destroy()
          })
        })
        server.once("error", (error) => resume(Effect.die(error)))
        server.listen(0, "127.0.0.1", () => {
          const address = server.address()
          resume(
            typeof address === "object" && address !== null
              ? Effect.succeed({ server, sockets, state: { port: address.port, received } })
              : Effect.dieMessage(`the server listens on ${String(address)}, not a TCP port`)
          )
        })
      }
    ),
    ({ server, sockets }) =>
      Effect.async<void>((resume) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resume(Effect.void))
      })
  ).pipe(Effect.map(({ state }) => state))

/** The services on `layer`, alive until the test's scope ends. */
const services = <E>(layer: Layer.Layer<PreviewApis.PreviewApis | SamsaraClient, E>) =>
  Effect.map(Layer.build(layer), (context) => ({
    courses: Context.get(context, TrainingCourses),
    reports: Context.get(context, CustomReports)
  }))

/** The messages down an error's `cause` chain. */
const causeMessages = (cause: unknown): ReadonlyArray<string> =>
  cause instanceof Error ? [cause.message, ...causeMessages(cause.cause)] : []

/**
 * A GET through the plain `HttpClient` on `layer` to a server that sends `100 Continue`, which must fail: the
 * error as tag, reason and cause messages, and what the server received. The layer is built in the test's scope,
 * since providing it to the one request would destroy its dispatcher straight after.
 */
const refusedOver = (layer: Layer.Layer<HttpClient.HttpClient>) =>
  Effect.gen(function*() {
    const server = yield* serve(continueLine, emptyPage)
    const client = Context.get(yield* Layer.build(layer), HttpClient.HttpClient)
    const error = yield* Effect.flip(client.get(`http://127.0.0.1:${server.port}/preview/training-courses`))
    return {
      error: { _tag: error._tag, reason: error.reason, causes: causeMessages(error.cause) },
      received: server.received
    }
  })

const options = (port: number): SamsaraClient.Options => ({
  token,
  baseUrl: `http://127.0.0.1:${port}`,
  rateLimit: false,
  // One attempt, so the refusal shows at once instead of after the default policy's backoff.
  retry: Schedule.stop
})

/** The documented workaround: the same client and services, over node:http instead of undici. */
const overNodeHttp = (port: number) =>
  PreviewApis.layer.pipe(
    Layer.provideMerge(SamsaraClient.layer(options(port))),
    Layer.provide(NodeHttpClient.layer)
  )

const emptyCourses = GetTrainingCoursesResponse.make({
  data: [],
  pagination: Pagination.make({ endCursor: "", hasNextPage: false })
})

const runParams = {
  customReportId: "report-1",
  startTime: "2024-06-01T00:00:00Z",
  endTime: "2024-06-02T00:00:00Z"
}

const runBody = `{"customReportId":"report-1","startTime":"2024-06-01T00:00:00Z","endTime":"2024-06-02T00:00:00Z"}`

describe("an unsolicited 100 Continue before the response", () => {
  it.scopedLive("NodeHttpClient.layerUndici fails with a transport error: undici destroys the socket", () =>
    Effect.gen(function*() {
      const { error, received } = yield* refusedOver(NodeHttpClient.layerUndici)

      assert.deepStrictEqual(error, { _tag: "RequestError", reason: "Transport", causes: ["bad response"] })
      assert.deepStrictEqual(received, [{ requestLine: "GET /preview/training-courses HTTP/1.1", body: "" }])
    }))

  it.scopedLive("FetchHttpClient fails the same way: Node's fetch is undici too", () =>
    Effect.gen(function*() {
      const { error } = yield* refusedOver(FetchHttpClient.layer)

      assert.deepStrictEqual(error, {
        _tag: "RequestError",
        reason: "Transport",
        causes: ["fetch failed", "bad response"]
      })
    }))

  it.scopedLive("the Node entry point (undici) skips other interim responses, such as 103 Early Hints", () =>
    Effect.gen(function*() {
      const server = yield* serve("HTTP/1.1 103 Early Hints\r\nlink: </a.css>; rel=preload\r\n\r\n", emptyPage)
      const { courses } = yield* services(Node.layer(options(server.port)))

      assert.deepStrictEqual(yield* courses.getTrainingCourses(), emptyCourses)
    }))

  it.scopedLive("the Node entry point's layer ends getTrainingCourses with TransportError NetworkFailure", () =>
    Effect.gen(function*() {
      const server = yield* serve(continueLine, emptyPage)
      const { courses } = yield* services(Node.layer(options(server.port)))

      const error = yield* Effect.flip(courses.getTrainingCourses())

      const url = `http://127.0.0.1:${server.port}/preview/training-courses`
      const expected = new TransportError({
        operation: "getTrainingCourses",
        reason: "NetworkFailure",
        description: `no response: Transport error (GET ${url})`
      })
      // chai compares errors by name and message only, so the fields are compared too; undici's error is the cause.
      assert.deepStrictEqual({ ...error }, { ...expected })
      assert.strictEqual(error.message, `getTrainingCourses: no response: Transport error (GET ${url}): bad response`)
      assert.strictEqual(server.received.length, 1)
    }))

  it.scopedLive("over NodeHttpClient.layer, getTrainingCourses skips the 100 and decodes the 200", () =>
    Effect.gen(function*() {
      const server = yield* serve(continueLine, emptyPage)
      const { courses } = yield* services(overNodeHttp(server.port))

      assert.deepStrictEqual(yield* courses.getTrainingCourses(), emptyCourses)
      assert.deepStrictEqual(yield* courses.getTrainingCourses(), emptyCourses)
      // Both calls answered, in order, on whichever connections node:http chose.
      assert.deepStrictEqual(server.received, [
        { requestLine: "GET /preview/training-courses HTTP/1.1", body: "" },
        { requestLine: "GET /preview/training-courses HTTP/1.1", body: "" }
      ])
    }))

  it.scopedLive("over NodeHttpClient.layer, postCustomReportRun sends its body once and decodes the 200", () =>
    Effect.gen(function*() {
      const server = yield* serve(continueLine, queuedRun)
      const { reports } = yield* services(overNodeHttp(server.port))

      const run = yield* reports.postCustomReportRun(runParams)

      assert.deepStrictEqual(
        run,
        PostCustomReportRunResponse.make({
          data: QueuedCustomReportRun.make({
            createdAtTime: DateTime.unsafeMake("2024-06-03T08:00:00Z"),
            customReportId: "report-1",
            id: "run-1"
          })
        })
      )
      assert.deepStrictEqual(server.received, [{
        requestLine: "POST /preview/custom-reports/runs HTTP/1.1",
        body: runBody
      }])
    }))
})
