/**
 * `Reports.runReport` on Samsara's current API: create a run, poll `getReportRuns` on a `Schedule` while it is
 * pending, then stream its rows keyed by column name; failed, canceled and overdue runs end in their own tagged
 * errors. Driven by `TestClock`.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import { type CreateReportRunParams, Reports, type RunReportOptions } from "../src/ga/Reports.js"
import { clientLayer, json, type Reply, type SentRequest } from "./support/scriptedHttp.js"

const run = (status: string) => ({
  createdAtTime: "2024-06-02T01:00:00Z",
  id: "run-7",
  status,
  updatedAtTime: "2024-06-02T01:00:05Z"
})

const lastPage = { endCursor: "", hasNextPage: false }

/** Two pages of rows: a repeated column name, a page that names no columns, and a row longer than the columns. */
const dataPages = (request: SentRequest): Reply =>
  new URL(request.url).searchParams.get("after") === null
    ? json({
      data: {
        columns: [
          { dataType: "string", name: "Vehicle" },
          { dataType: "float", name: "Fuel", unit: "liters" },
          { dataType: "string", name: "Vehicle" }
        ],
        rows: [["Truck 1", 40.5, "Trailer 9"], ["Truck 2", null, { id: "t-3" }]],
        status: "complete"
      },
      pagination: { endCursor: "d2", hasNextPage: true }
    })
    : json({
      data: { columns: [], rows: [["Truck 3", 7, "Trailer 4", "extra"]], status: "complete" },
      pagination: lastPage
    })

/**
 * Answers the POST with the run in `created`, then each poll with the statuses of `polls` in turn (the last one
 * repeating; an empty list is a poll that does not list the run yet), then the data pages.
 */
const reportServer = (created: string, polls: ReadonlyArray<ReadonlyArray<string>>) => {
  let count = 0
  return (request: SentRequest): Reply => {
    if (request.method === "POST") return json({ data: run(created) })
    if (new URL(request.url).pathname.endsWith("/runs")) {
      const statuses = polls[Math.min(count++, polls.length - 1)] ?? []
      return json({ data: statuses.map(run), pagination: lastPage })
    }
    return dataPages(request)
  }
}

const fromConfig: CreateReportRunParams = { reportConfig: { id: "cfg-1" } }

const start = (
  server: (request: SentRequest) => Reply,
  options?: RunReportOptions,
  params: CreateReportRunParams = fromConfig
) => {
  const http = clientLayer(server)
  const rows = Effect.flatMap(Reports, (reports) => Stream.runCollect(reports.runReport(params, options)))
  return Effect.map(
    Effect.fork(Effect.provide(rows, Reports.layer.pipe(Layer.provide(http.layer)))),
    (fiber) => ({ fiber, sent: http.sent })
  )
}

const requestLines = (sent: ReadonlyArray<SentRequest>) =>
  sent.map((request) => {
    const url = new URL(request.url)
    return `${request.at} ${request.method} ${url.pathname}${url.search}`
  })

const failureOf = <A, E>(exit: Exit.Exit<A, E>): E => {
  assert(Exit.isFailure(exit) && exit.cause._tag === "Fail")
  return exit.cause.error
}

const records = [
  { Vehicle: "Truck 1", Fuel: 40.5, "Vehicle (2)": "Trailer 9" },
  { Vehicle: "Truck 2", Fuel: null, "Vehicle (2)": { id: "t-3" } },
  { Vehicle: "Truck 3", Fuel: 7, "Vehicle (2)": "Trailer 4", column4: "extra" }
]

describe("runReport", () => {
  it.effect("polls every 2 seconds while the run is pending, then streams its rows keyed by column across pages", () =>
    Effect.gen(function*() {
      const report = yield* start(reportServer("pending", [[], ["pending"], ["complete"]]))
      yield* TestClock.adjust("5 seconds")
      assert.strictEqual(report.sent.length, 3)
      yield* TestClock.adjust("1 second")
      const rows = yield* Fiber.join(report.fiber)
      assert.deepStrictEqual(Chunk.toReadonlyArray(rows), records)
      assert.deepStrictEqual(requestLines(report.sent), [
        "0 POST /reports/runs",
        "2000 GET /reports/runs?ids=run-7",
        "4000 GET /reports/runs?ids=run-7",
        "6000 GET /reports/runs?ids=run-7",
        "6000 GET /reports/runs/data?id=run-7",
        "6000 GET /reports/runs/data?id=run-7&after=d2"
      ])
      assert.strictEqual(report.sent[0]?.body, `{"reportConfig":{"id":"cfg-1"}}`)
    }))

  it.effect("streams at once, without polling, a run created complete", () =>
    Effect.gen(function*() {
      const report = yield* start(reportServer("complete", [["pending"]]))
      const rows = yield* Fiber.join(report.fiber)
      assert.deepStrictEqual(Chunk.toReadonlyArray(rows), records)
      assert.deepStrictEqual(requestLines(report.sent), [
        "0 POST /reports/runs",
        "0 GET /reports/runs/data?id=run-7",
        "0 GET /reports/runs/data?id=run-7&after=d2"
      ])
    }))

  it.effect("waits on a run whose status is unknown, as on a pending one", () =>
    Effect.gen(function*() {
      const report = yield* start(reportServer("unknown", [["unknown"], ["complete"]]), {
        poll: Schedule.spaced("1 second")
      })
      yield* TestClock.adjust("2 seconds")
      assert.strictEqual(Chunk.size(yield* Fiber.join(report.fiber)), 3)
      assert.strictEqual(report.sent.filter((request) => request.url.endsWith("/runs?ids=run-7")).length, 2)
    }))

  for (const status of ["failed", "canceled"]) {
    it.effect(`fails with CustomReportRunFailed when a poll finds the run ${status}`, () =>
      Effect.gen(function*() {
        const report = yield* start(reportServer("pending", [["pending"], [status]]))
        yield* TestClock.adjust("4 seconds")
        const error = failureOf(yield* Fiber.await(report.fiber))
        assert(error._tag === "CustomReportRunFailed")
        assert.deepInclude(error, { operation: "getReportRuns", runId: "run-7", customReportId: "cfg-1", status })
        assert.strictEqual(error.message, `custom report run run-7 ended ${status}`)
        // The POST and two polls; no data is read.
        assert.strictEqual(report.sent.length, 3)
      }))
  }

  it.effect("fails with CustomReportRunFailed, naming createReportRun, for a run created failed", () =>
    Effect.gen(function*() {
      const report = yield* start(reportServer("failed", [["complete"]]), undefined, {
        reportConfig: { datasetId: "Assets", columns: [{ fieldName: "Name" }] }
      })
      const error = failureOf(yield* Fiber.await(report.fiber))
      assert(error._tag === "CustomReportRunFailed")
      assert.deepInclude(error, { operation: "createReportRun", runId: "run-7", status: "failed" })
      // A run made from a dataset has no report config.
      assert.strictEqual(error.customReportId, undefined)
      assert.strictEqual(report.sent.length, 1)
    }))

  it.effect("fails with CustomReportRunTimedOut at the deadline, with the last status seen", () =>
    Effect.gen(function*() {
      const report = yield* start(reportServer("pending", [["pending"]]), {
        deadline: "5 seconds",
        poll: Schedule.spaced("1 second")
      })
      yield* TestClock.adjust("4999 millis")
      assert.strictEqual(report.fiber.unsafePoll(), null)
      yield* TestClock.adjust("1 millis")
      const error = failureOf(yield* Fiber.await(report.fiber))
      assert(error._tag === "CustomReportRunTimedOut")
      assert.deepInclude(error, {
        operation: "getReportRuns",
        runId: "run-7",
        customReportId: "cfg-1",
        reason: "Deadline"
      })
      // Options are compared by value: chai's deep equality takes any two Options for equal.
      assert.strictEqual(Option.getOrUndefined(error.lastStatus), "pending")
      assert.deepStrictEqual(error.deadline, Duration.seconds(5))
      assert.strictEqual(error.message, "custom report run run-7 did not complete within 5s")
    }))

  it.effect("fails with CustomReportRunTimedOut when the poll schedule gives up", () =>
    Effect.gen(function*() {
      const report = yield* start(reportServer("pending", [[], ["pending"]]), {
        poll: Schedule.spaced("1 second").pipe(Schedule.intersect(Schedule.recurs(2)))
      })
      yield* TestClock.adjust("10 seconds")
      const error = failureOf(yield* Fiber.await(report.fiber))
      assert(error._tag === "CustomReportRunTimedOut")
      assert.strictEqual(error.reason, "PollingStopped")
      assert.strictEqual(Option.getOrUndefined(error.lastStatus), "pending")
      assert.strictEqual(error.message, "custom report run run-7 was still pending when polling stopped")
      // The POST and the two polls the schedule allows.
      assert.deepStrictEqual(requestLines(report.sent), [
        "0 POST /reports/runs",
        "1000 GET /reports/runs?ids=run-7",
        "2000 GET /reports/runs?ids=run-7"
      ])
    }))

  it.effect("does not retry the creating POST unless the call options pass retry", () =>
    Effect.gen(function*() {
      const refused = yield* start(() => json({ message: "busy" }, 503))
      assert(failureOf(yield* Fiber.await(refused.fiber))._tag === "ServiceUnavailable")
      assert.strictEqual(refused.sent.length, 1)
      const retried = yield* start(() => json({ message: "busy" }, 503), { call: { retry: Schedule.recurs(1) } })
      assert(failureOf(yield* Fiber.await(retried.fiber))._tag === "ServiceUnavailable")
      assert.strictEqual(retried.sent.length, 2)
    }))

  it.effect("refuses an invalid run before sending anything", () =>
    Effect.gen(function*() {
      const report = yield* start(reportServer("complete", []), undefined, { reportConfig: {} })
      const error = failureOf(yield* Fiber.await(report.fiber))
      assert(error._tag === "InvalidRequest")
      assert.strictEqual(error.operation, "createReportRun")
      assert.strictEqual(report.sent.length, 0)
    }))
})
