/**
 * The client over real sockets: a `node:http` server on 127.0.0.1 stands in for Samsara and the client runs on each
 * Node transport (`support/transports.ts`), so headers, bodies, retries, timeouts and interruption are checked on
 * the wire. These tests run on the live clock; they wait on the server's own events, never on sleeps.
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import { assert, describe, it } from "@effect/vitest"
import { deepStrictEqual } from "@effect/vitest/utils"
import * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as DateTime from "effect/DateTime"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import type * as Http from "node:http"
import packageJson from "../package.json" with { type: "json" }
import { CustomReports, PostCustomReportRunResponse, QueuedCustomReportRun } from "../src/CustomReports.js"
import { Pagination } from "../src/Pagination.js"
import { SamsaraClient } from "../src/SamsaraClient.js"
import {
  type SamsaraError,
  ServiceUnavailable,
  TooManyRequests,
  TransportError,
  Unauthorized,
  UnexpectedStatus
} from "../src/SamsaraError.js"
import { TrainingAssignments } from "../src/TrainingAssignments.js"
import {
  GetTrainingCoursesResponse,
  TrainingCategory,
  TrainingCourse,
  TrainingCourses
} from "../src/TrainingCourses.js"
import { type Received, serve, type TestServer } from "./support/loopback.js"
import { transports } from "./support/transports.js"

const token = Redacted.make("sockets-token-9b3e71d0")

/**
 * The three services under test on a client for `port`, over `transport`. The layer lives until the test's scope
 * ends, so a connection the server sees closing during the test was closed by the call, not by the client shutting
 * down.
 */
const connectOver = (transport: Layer.Layer<HttpClient.HttpClient>) => (port: number) =>
  Layer.mergeAll(TrainingCourses.layer, CustomReports.layer, TrainingAssignments.layer).pipe(
    Layer.provide(SamsaraClient.layer({ token, baseUrl: `http://127.0.0.1:${port}` })),
    Layer.provide(transport),
    Layer.build,
    Effect.map((context) => ({
      courses: Context.get(context, TrainingCourses),
      reports: Context.get(context, CustomReports),
      assignments: Context.get(context, TrainingAssignments)
    }))
  )

const replyJson = (
  response: Http.ServerResponse,
  status: number,
  body: unknown,
  headers: Http.OutgoingHttpHeaders = {}
) => {
  response.writeHead(status, { "content-type": "application/json", ...headers })
  response.end(JSON.stringify(body))
}

/** Resolves `closed` when the connection under `response` closes; `true` only if the response was completed. */
const watchClose = (response: Http.ServerResponse, closed: Deferred.Deferred<boolean>) =>
  response.on("close", () => Deferred.unsafeDone(closed, Exit.succeed(response.writableFinished)))

const requestLines = (server: TestServer) => server.received.map((request) => `${request.method} ${request.url}`)

/**
 * Every header of a request without a body, exactly: none but `authorization` carries the token, and no trace
 * context goes to Samsara.
 */
const expectedHeaders = (server: TestServer) => ({
  host: `127.0.0.1:${server.port}`,
  connection: "keep-alive",
  authorization: `Bearer ${Redacted.value(token)}`,
  accept: "application/json",
  "user-agent": `effect-samsara/${packageJson.version}`
})

/** chai compares `Error`s by name and message only, so errors are compared as their fields plus the message. */
const fieldsOf = (error: SamsaraError) => ({ ...error, message: error.message })

const assertTokenHidden = (error: SamsaraError) => {
  const secret = Redacted.value(token)
  assert.notInclude(error.message, secret)
  assert.notInclude(String(error), secret)
  assert.notInclude(JSON.stringify(error), secret)
}

const courseJson = (n: number) => ({
  category: { id: "category-1", name: "Safety" },
  estimatedTimeToCompleteMinutes: 5 * n,
  id: `course-${n}`,
  revisionId: `revision-${n}`,
  status: "published",
  title: `Course ${n}`
})

const course = (n: number) =>
  TrainingCourse.make({
    category: TrainingCategory.make({ id: "category-1", name: "Safety" }),
    estimatedTimeToCompleteMinutes: 5 * n,
    id: `course-${n}`,
    revisionId: `revision-${n}`,
    status: "published",
    title: `Course ${n}`
  })

const notFound = (response: Http.ServerResponse, request: Received) =>
  replyJson(response, 404, { message: `no route for ${request.method} ${request.url}`, requestId: "req-404" })

describe.each(transports)("SamsaraClient over real sockets (node:http server), on %s", (_, transport) => {
  const connect = connectOver(transport)

  it.scopedLive("streamTrainingCourses follows the cursor across three pages the server serves", () =>
    Effect.gen(function*() {
      // Keyed by the `after` the server receives; the second cursor needs percent-encoding on the way.
      const pages = new Map([
        ["", { data: [courseJson(1), courseJson(2)], pagination: { endCursor: "cursor-1", hasNextPage: true } }],
        ["cursor-1", { data: [courseJson(3)], pagination: { endCursor: "cursor/2=", hasNextPage: true } }],
        ["cursor/2=", { data: [courseJson(4), courseJson(5)], pagination: { endCursor: "", hasNextPage: false } }]
      ])
      const server = yield* serve((request, response) => {
        const url = new URL(request.url, "http://127.0.0.1")
        const page = url.pathname === "/preview/training-courses"
          ? pages.get(url.searchParams.get("after") ?? "")
          : undefined
        return page === undefined ? notFound(response, request) : replyJson(response, 200, page)
      })
      const { courses } = yield* connect(server.port)

      const items = yield* Stream.runCollect(courses.streamTrainingCourses({ categoryIds: ["category-1"] }))

      deepStrictEqual(Chunk.toReadonlyArray(items), [course(1), course(2), course(3), course(4), course(5)])
      deepStrictEqual(requestLines(server), [
        "GET /preview/training-courses?categoryIds=category-1",
        "GET /preview/training-courses?after=cursor-1&categoryIds=category-1",
        "GET /preview/training-courses?after=cursor%2F2%3D&categoryIds=category-1"
      ])
      deepStrictEqual(server.received.map((request) => request.headers), [
        expectedHeaders(server),
        expectedHeaders(server),
        expectedHeaders(server)
      ])
      deepStrictEqual(server.received.map((request) => request.body), ["", "", ""])
    }))

  it.scopedLive("postCustomReportRun sends int64 tagIds as exact JSON numbers and returns the decoded run", () =>
    Effect.gen(function*() {
      const server = yield* serve((request, response) =>
        request.method === "POST" && request.url === "/preview/custom-reports/runs"
          ? replyJson(response, 200, {
            data: { createdAtTime: "2024-06-03T08:00:00Z", customReportId: "report-1", id: "run-1" }
          })
          : notFound(response, request)
      )
      const { reports } = yield* connect(server.port)

      const result = yield* reports.postCustomReportRun({
        customReportId: "report-1",
        startTime: "2024-06-01T00:00:00Z",
        endTime: "2024-06-02T02:00:00+02:00",
        tagIds: [2677784051113612000n, "123", 45]
      })

      deepStrictEqual(
        result,
        PostCustomReportRunResponse.make({
          data: QueuedCustomReportRun.make({
            createdAtTime: DateTime.unsafeMake("2024-06-03T08:00:00Z"),
            customReportId: "report-1",
            id: "run-1"
          })
        })
      )
      const body = `{"customReportId":"report-1","startTime":"2024-06-01T00:00:00Z",`
        + `"endTime":"2024-06-02T02:00:00+02:00","tagIds":[2677784051113612000,123,45]}`
      deepStrictEqual(requestLines(server), ["POST /preview/custom-reports/runs"])
      deepStrictEqual(server.received.map((request) => request.body), [body])
      assert.include(server.received[0]?.body, `"tagIds":[2677784051113612000,123,45]`)
      deepStrictEqual(server.received.map((request) => request.headers), [
        {
          ...expectedHeaders(server),
          "content-type": "application/json",
          "content-length": String(Buffer.byteLength(body))
        }
      ])
    }))

  it.scopedLive("deleteTrainingAssignments succeeds with void on a 204", () =>
    Effect.gen(function*() {
      const server = yield* serve((request, response) => {
        if (request.method === "DELETE" && request.url === "/preview/training-assignments?ids=a,b") {
          response.writeHead(204)
          response.end()
        } else {
          notFound(response, request)
        }
      })
      const { assignments } = yield* connect(server.port)

      const result = yield* assignments.deleteTrainingAssignments({ ids: ["a", "b"] })

      assert.strictEqual(result, undefined)
      deepStrictEqual(requestLines(server), ["DELETE /preview/training-assignments?ids=a,b"])
      deepStrictEqual(server.received.map((request) => request.headers), [expectedHeaders(server)])
    }))

  it.scopedLive("a 429 with Retry-After: 0 is retried once and the 200 that follows is returned", () =>
    Effect.gen(function*() {
      const page = { data: [courseJson(1)], pagination: { endCursor: "", hasNextPage: false } }
      const server = yield* serve((_request, response, index) =>
        index === 0
          ? replyJson(response, 429, { message: "Rate limit exceeded", requestId: "req-429" }, { "retry-after": "0" })
          : replyJson(response, 200, page)
      )
      const { courses } = yield* connect(server.port)

      const result = yield* courses.getTrainingCourses()

      deepStrictEqual(
        result,
        GetTrainingCoursesResponse.make({
          data: [course(1)],
          pagination: Pagination.make({ endCursor: "", hasNextPage: false })
        })
      )
      deepStrictEqual(requestLines(server), ["GET /preview/training-courses", "GET /preview/training-courses"])
    }))

  it.scopedLive("a 429 that outlasts the retry policy keeps Samsara's message and requestId, not the token", () =>
    Effect.gen(function*() {
      const body = JSON.stringify({ message: "Rate limit exceeded", requestId: "req-429" })
      const server = yield* serve((_request, response) => {
        response.writeHead(429, { "content-type": "application/json", "retry-after": "0" })
        response.end(body)
      })
      const { courses } = yield* connect(server.port)

      const error = yield* Effect.flip(courses.getTrainingCourses({}, { retry: Schedule.recurs(1) }))

      const expected = new TooManyRequests({
        operation: "getTrainingCourses",
        samsaraMessage: Option.some("Rate limit exceeded"),
        requestId: Option.some("req-429"),
        body,
        retryAfter: Option.some(Duration.zero)
      })
      deepStrictEqual(fieldsOf(error), fieldsOf(expected))
      assert.strictEqual(
        error.message,
        "getTrainingCourses failed with 429 Too Many Requests: Rate limit exceeded (requestId req-429). "
          + "The operation's rate limit was exceeded; the failure is retryable."
      )
      deepStrictEqual(requestLines(server), ["GET /preview/training-courses", "GET /preview/training-courses"])
      assertTokenHidden(error)
    }))

  it.scopedLive("a 503 with an HTML body and Retry-After fails with ServiceUnavailable when retries are off", () =>
    Effect.gen(function*() {
      const html = "<html><head><title>503</title></head><body><h1>Service Temporarily Unavailable</h1></body></html>"
      const server = yield* serve((_request, response) => {
        response.writeHead(503, { "content-type": "text/html", "retry-after": "7" })
        response.end(html)
      })
      const { courses } = yield* connect(server.port)

      const error = yield* Effect.flip(courses.getTrainingCourses({}, { retry: Schedule.recurs(0) }))

      const expected = new ServiceUnavailable({
        operation: "getTrainingCourses",
        body: html,
        retryAfter: Option.some(Duration.seconds(7))
      })
      deepStrictEqual(fieldsOf(error), fieldsOf(expected))
      assert.strictEqual(
        error.message,
        "getTrainingCourses failed with 503 Service Unavailable. Samsara is failing or overloaded; the failure is retryable."
      )
      deepStrictEqual(requestLines(server), ["GET /preview/training-courses"])
      assertTokenHidden(error)
    }))

  it.scopedLive("a 401 fails with Unauthorized whose message names the scope but not the token", () =>
    Effect.gen(function*() {
      const body = JSON.stringify({ message: "Invalid token", requestId: "req-401" })
      const server = yield* serve((_request, response) => {
        response.writeHead(401, { "content-type": "application/json" })
        response.end(body)
      })
      const { assignments } = yield* connect(server.port)

      const error = yield* Effect.flip(assignments.deleteTrainingAssignments({ ids: ["a"] }))

      const expected = new Unauthorized({
        operation: "deleteTrainingAssignments",
        samsaraMessage: Option.some("Invalid token"),
        requestId: Option.some("req-401"),
        scope: Option.some("Write Training Assignments (Closed Beta)"),
        body
      })
      deepStrictEqual(fieldsOf(error), fieldsOf(expected))
      assert.strictEqual(
        error.message,
        "deleteTrainingAssignments failed with 401 Unauthorized: Invalid token (requestId req-401). "
          + "Check that the token is valid and has the \"Write Training Assignments (Closed Beta)\" scope."
      )
      deepStrictEqual(requestLines(server), ["DELETE /preview/training-assignments?ids=a"])
      assertTokenHidden(error)
    }))

  it.scopedLive("a redirect is not followed: the 302 is the answer and the other host sees no request", () =>
    Effect.gen(function*() {
      const elsewhere = yield* serve((_request, response) => {
        response.writeHead(200, { "content-type": "application/json" })
        response.end(JSON.stringify({ data: [], pagination: { endCursor: "", hasNextPage: false } }))
      })
      const server = yield* serve((_request, response) => {
        response.writeHead(302, { location: `http://127.0.0.1:${elsewhere.port}/preview/training-courses` })
        response.end()
      })
      const { courses } = yield* connect(server.port)

      const error = yield* Effect.flip(courses.getTrainingCourses())

      deepStrictEqual(fieldsOf(error), fieldsOf(new UnexpectedStatus({ operation: "getTrainingCourses", status: 302 })))
      deepStrictEqual(requestLines(server), ["GET /preview/training-courses"])
      deepStrictEqual(elsewhere.received, [])
    }))

  it.scopedLive("a refused connection fails with TransportError NetworkFailure", () =>
    Effect.gen(function*() {
      // Bind a port, then close the server, so nothing listens there any more.
      const port = yield* Effect.scoped(Effect.map(serve(() => undefined), (server) => server.port))
      const { courses } = yield* connect(port)

      const error = yield* Effect.flip(courses.getTrainingCourses({}, { retry: Schedule.recurs(0) }))

      const expected = new TransportError({
        operation: "getTrainingCourses",
        reason: "NetworkFailure",
        description: `no response: Transport error (GET http://127.0.0.1:${port}/preview/training-courses)`
      })
      // The network error is kept as the cause, and its message ends the error's.
      deepStrictEqual({ ...error }, { ...expected })
      assert.instanceOf(error.cause, Error)
      assert.strictEqual(
        error.message,
        `getTrainingCourses: no response: Transport error (GET http://127.0.0.1:${port}/preview/training-courses): `
          + `connect ECONNREFUSED 127.0.0.1:${port}`
      )
      assertTokenHidden(error)
    }))

  it.scopedLive("a per-call timeout fails with TransportError Timeout and aborts the request on the wire", () =>
    Effect.gen(function*() {
      const closed = yield* Deferred.make<boolean>()
      const server = yield* serve((_request, response) => {
        watchClose(response, closed)
      })
      const { courses } = yield* connect(server.port)

      const error = yield* Effect.flip(
        courses.getTrainingCourses({}, { timeout: "200 millis", retry: Schedule.recurs(0) })
      )

      const expected = new TransportError({
        operation: "getTrainingCourses",
        reason: "Timeout",
        description: "no complete response within the 200ms timeout"
      })
      deepStrictEqual(fieldsOf(error), fieldsOf(expected))
      assert.strictEqual(yield* Deferred.await(closed), false, "the connection closed before any response")
      deepStrictEqual(requestLines(server), ["GET /preview/training-courses"])
      assertTokenHidden(error)
    }))

  it.scopedLive.each<{ readonly body: string; readonly length: Readonly<Record<string, string>> }>([
    { body: "of unknown length (read as a stream)", length: {} },
    { body: "of a declared length (read as text)", length: { "content-length": "1000" } }
  ])(
    "a per-call timeout also covers a body $body that stops arriving, and aborts it",
    ({ length }) =>
      Effect.gen(function*() {
        const closed = yield* Deferred.make<boolean>()
        const server = yield* serve((_request, response) => {
          watchClose(response, closed)
          response.writeHead(200, { "content-type": "application/json", ...length })
          response.write(`{"data":[`)
        })
        const { courses } = yield* connect(server.port)

        const error = yield* Effect.flip(
          courses.getTrainingCourses({}, { timeout: "200 millis", retry: Schedule.recurs(0) })
        )

        const expected = new TransportError({
          operation: "getTrainingCourses",
          reason: "Timeout",
          description: "no complete response within the 200ms timeout"
        })
        deepStrictEqual(fieldsOf(error), fieldsOf(expected))
        assert.strictEqual(yield* Deferred.await(closed), false, "the connection closed before the body was complete")
        deepStrictEqual(requestLines(server), ["GET /preview/training-courses"])
        assertTokenHidden(error)
      })
  )

  it.scopedLive("interrupting a call that waits on a slow server closes its connection", () =>
    Effect.gen(function*() {
      const arrived = yield* Deferred.make<void>()
      const closed = yield* Deferred.make<boolean>()
      const server = yield* serve((_request, response) => {
        watchClose(response, closed)
        Deferred.unsafeDone(arrived, Exit.void)
      })
      const { courses } = yield* connect(server.port)

      const fiber = yield* Effect.fork(courses.getTrainingCourses())
      yield* Deferred.await(arrived)
      const interruptedAt = yield* Clock.currentTimeMillis
      const exit = yield* Fiber.interrupt(fiber)

      assert.isTrue(Exit.isInterrupted(exit))
      assert.strictEqual(yield* Deferred.await(closed), false, "the connection closed before any response")
      const closedAfter = (yield* Clock.currentTimeMillis) - interruptedAt
      assert.isBelow(closedAfter, 100, "the server saw the connection close within milliseconds")
      deepStrictEqual(requestLines(server), ["GET /preview/training-courses"])
    }))
})
