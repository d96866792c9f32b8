/**
 * `runCustomReport`: queue, poll on a `Schedule` until the run completes, then stream rows keyed by column;
 * failed, cancelled and overdue runs end in their own tagged errors. Driven by `TestClock`.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import { CustomReports, type RunCustomReportOptions } from "../src/CustomReports.js"
import * as Fixtures from "./support/fixtures.js"
import { clientLayer, json, type Reply, type SentRequest } from "./support/scriptedHttp.js"

const queued = json({ data: { id: "run-7", customReportId: "cr-1", createdAtTime: "2024-06-02T01:00:00Z" } })
const runs = (...statuses: ReadonlyArray<string>) =>
  json({
    data: statuses.map((status) => Fixtures.customReportRun("run-7", status)),
    pagination: Fixtures.page("", false)
  })

/** Answers the POST, then the run's status from `statuses` poll by poll (the last one repeating), then two data pages. */
const reportServer = (statuses: ReadonlyArray<ReadonlyArray<string>>) => {
  let polls = 0
  return (request: SentRequest): Reply => {
    const url = new URL(request.url)
    if (request.method === "POST") return queued
    if (url.pathname.endsWith("/runs")) return runs(...(statuses[Math.min(polls++, statuses.length - 1)] ?? []))
    return url.searchParams.get("after") === null
      ? json({
        data: {
          columns: [{ displayName: "Vehicle", type: "string" }, { displayName: "Litres", type: "numeric" }],
          rows: [["Truck 1", 40.5], ["Truck 2", 12]]
        },
        pagination: Fixtures.page("d2", true)
      })
      : json({ data: { rows: [["Truck 3", 7, "extra"]] }, pagination: Fixtures.page("", false) })
  }
}

const start = (statuses: ReadonlyArray<ReadonlyArray<string>>, options?: RunCustomReportOptions) => {
  const http = clientLayer(reportServer(statuses))
  const rows = Effect.flatMap(CustomReports, (reports) =>
    Stream.runCollect(reports.runCustomReport({
      customReportId: "cr-1",
      startTime: "2024-06-01T00:00:00Z",
      endTime: "2024-06-02T00:00:00Z"
    }, options)))
  return Effect.map(
    Effect.fork(Effect.provide(rows, CustomReports.layer.pipe(Layer.provide(http.layer)))),
    (fiber) => ({ fiber, sent: http.sent })
  )
}

const requestLines = (sent: ReadonlyArray<SentRequest>) =>
  sent.map((request) => `${request.method} ${new URL(request.url).pathname}${new URL(request.url).search}`)

describe("runCustomReport", () => {
  it.effect("polls until the run completes, then streams its rows keyed by column", () =>
    Effect.gen(function*() {
      const run = yield* start([[], ["pending"], ["completed"]])
      yield* TestClock.adjust("3 seconds")
      assert.strictEqual(run.sent.length, 3)
      yield* TestClock.adjust("1 second")
      const rows = yield* Fiber.join(run.fiber)
      assert.deepStrictEqual(Chunk.toReadonlyArray(rows), [
        { Vehicle: "Truck 1", Litres: 40.5 },
        { Vehicle: "Truck 2", Litres: 12 },
        { Vehicle: "Truck 3", Litres: 7, column3: "extra" }
      ])
      assert.deepStrictEqual(requestLines(run.sent), [
        "POST /preview/custom-reports/runs",
        "GET /preview/custom-reports/runs?ids=run-7",
        "GET /preview/custom-reports/runs?ids=run-7",
        "GET /preview/custom-reports/runs?ids=run-7",
        "GET /preview/custom-reports/runs/data?id=run-7",
        "GET /preview/custom-reports/runs/data?id=run-7&after=d2"
      ])
    }))

  for (const status of ["failed", "cancelled"]) {
    it.effect(`fails with CustomReportRunFailed when the run is ${status}`, () =>
      Effect.gen(function*() {
        const run = yield* start([["pending"], [status]])
        yield* TestClock.adjust("2 seconds")
        const exit = yield* Fiber.await(run.fiber)
        assert(Exit.isFailure(exit) && exit.cause._tag === "Fail")
        assert.deepInclude(exit.cause.error, { _tag: "CustomReportRunFailed", runId: "run-7", status })
        assert.strictEqual(run.sent.length, 3)
      }))
  }

  it.effect("fails with CustomReportRunTimedOut at the deadline", () =>
    Effect.gen(function*() {
      const run = yield* start([["pending"]], { deadline: "5 seconds", poll: Schedule.spaced("1 second") })
      yield* TestClock.adjust("5 seconds")
      const exit = yield* Fiber.await(run.fiber)
      assert(Exit.isFailure(exit) && exit.cause._tag === "Fail")
      assert.deepInclude(exit.cause.error, {
        _tag: "CustomReportRunTimedOut",
        message: "custom report run run-7 did not complete within 5s"
      })
    }))

  it.effect("fails with CustomReportRunTimedOut when the poll schedule gives up", () =>
    Effect.gen(function*() {
      const run = yield* start([["pending"]], {
        poll: Schedule.spaced("1 second").pipe(Schedule.intersect(Schedule.recurs(2)))
      })
      yield* TestClock.adjust("10 seconds")
      const exit = yield* Fiber.await(run.fiber)
      assert(Exit.isFailure(exit) && exit.cause._tag === "Fail")
      assert.deepInclude(exit.cause.error, {
        _tag: "CustomReportRunTimedOut",
        message: "custom report run run-7 was still pending when polling stopped"
      })
      assert.strictEqual(run.sent.length, 4)
    }))
})
