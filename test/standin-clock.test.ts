/**
 * The in-memory test layer never waits for a clock the test does not move. Under `TestClock`, still at the epoch,
 * `layerClient()` streams every page of every paginated operation; with `rateLimits: true` the stand-in throttles
 * as Samsara does, and the test moves the clock to get past a spent budget.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import { CustomReports } from "../src/CustomReports.js"
import { DriverEfficiency } from "../src/DriverEfficiency.js"
import { Forms } from "../src/Forms.js"
import { Media } from "../src/Media.js"
import type { OperationId } from "../src/OperationId.js"
import * as PreviewApis from "../src/PreviewApis.js"
import { layerClient, type LayerClientOptions, StandIn } from "../src/testing.js"
import { TrainingCourses } from "../src/TrainingCourses.js"

const services = (options?: LayerClientOptions) => PreviewApis.layer.pipe(Layer.provideMerge(layerClient(options)))

const count = <A, E, R>(stream: Stream.Stream<A, E, R>) => Effect.map(Stream.runCollect(stream), Chunk.size)

/** The media's June 2025, and a driver-efficiency week that ended three hours before `TestClock`'s epoch. */
const june = { startTime: "2025-06-01T00:00:00Z", endTime: "2025-07-01T00:00:00Z" }
const lastWeekOf1969 = { startTime: "1969-12-24T00:00:00Z", endTime: "1969-12-31T00:00:00Z" }

/** Every item of every paginated operation, counted per operation; the clock is never touched. */
const everyPage = Effect.gen(function*() {
  const reports = yield* CustomReports
  const efficiency = yield* DriverEfficiency
  const configs = yield* Stream.runCollect(reports.streamCustomReportConfigs())
  const runs = yield* Stream.runCollect(
    reports.streamCustomReportRuns({ customReportIds: Chunk.toReadonlyArray(configs).map((config) => config.id) })
  )
  // A past run has finished whatever the clock says, so its data is there at the epoch.
  const completed = Chunk.findFirst(runs, (run) => run.status === "completed")
  assert(Option.isSome(completed), "no completed past run while the clock is at the epoch")
  return {
    listUploadedMedia: yield* count((yield* Media).streamUploadedMedia(june)),
    getCustomReportConfigs: Chunk.size(configs),
    getCustomReportRuns: Chunk.size(runs),
    getCustomReportRunData: yield* count(reports.streamCustomReportRunData({ id: completed.value.id })),
    getDriverEfficiencyByDrivers: yield* count(efficiency.streamDriverEfficiencyByDrivers(lastWeekOf1969)),
    getDriverEfficiencyByVehicles: yield* count(efficiency.streamDriverEfficiencyByVehicles(lastWeekOf1969)),
    getFormTemplates: yield* count((yield* Forms).streamFormTemplates()),
    getTrainingCourses: yield* count((yield* TrainingCourses).streamTrainingCourses())
  }
})

/** How many requests went to each operation, and every status they were answered with. */
const requestsPerOperation = Effect.map(Effect.flatMap(StandIn, (standIn) => standIn.received), (received) => ({
  statuses: [...new Set(received.map((request) => request.status))],
  pages: received.reduce<Partial<Record<OperationId, number>>>(
    (pages, { operation }) => operation === undefined ? pages : { ...pages, [operation]: (pages[operation] ?? 0) + 1 },
    {}
  )
}))

describe("layerClient under TestClock", () => {
  // Default pages, and pages of ten: nearly 200 requests at one instant, past every per-second budget and ceiling.
  for (const pageSize of [100, 10]) {
    it.effect(
      `streams every page of every paginated operation without moving the clock (pages of ${pageSize})`,
      () =>
        Effect.gen(function*() {
          const items = yield* everyPage
          const { getCustomReportRuns: runs, ...generated } = items
          assert.isAtLeast(runs, 5) // one to three past runs per report
          assert.deepStrictEqual(generated, {
            listUploadedMedia: 500,
            getCustomReportConfigs: 5,
            getCustomReportRunData: 250,
            getDriverEfficiencyByDrivers: 40,
            getDriverEfficiencyByVehicles: 30,
            getFormTemplates: 50,
            getTrainingCourses: 1000
          })
          const pages = Object.fromEntries(
            Object.entries(items).map(([operation, size]) => [operation, Math.max(1, Math.ceil(size / pageSize))])
          )
          assert.deepStrictEqual(yield* requestsPerOperation, { statuses: [200], pages })
        }).pipe(Effect.provide(services({ pageSize }))),
      { timeout: 20_000 }
    ) // hundreds of pages on a busy machine
  }

  it.effect("options given as undefined are absent: the stand-in's budgets and the client's pacing stay off", () =>
    Effect.gen(function*() {
      assert.strictEqual(yield* count((yield* TrainingCourses).streamTrainingCourses()), 1000)
      assert.deepStrictEqual(yield* requestsPerOperation, { statuses: [200], pages: { getTrainingCourses: 10 } })
    }).pipe(Effect.provide(services({ rateLimits: undefined, pageSize: undefined, client: { rateLimit: undefined } }))))

  it.effect("a run posted with runDuration 0 serves its data at once", () =>
    Effect.gen(function*() {
      const reports = yield* CustomReports
      const [config] = (yield* reports.getCustomReportConfigs()).data
      const posted = yield* reports.postCustomReportRun({
        customReportId: config?.id ?? "",
        startTime: "1969-12-01T00:00:00Z",
        endTime: "1969-12-08T00:00:00Z"
      })
      assert.strictEqual(yield* count(reports.streamCustomReportRunData({ id: posted.data.id })), 250)
    }).pipe(Effect.provide(services({ runDuration: 0 }))))

  it.effect("rateLimits: true throttles as Samsara does: the sixth page waits for the clock, then the stream ends", () =>
    Effect.gen(function*() {
      const standIn = yield* StandIn
      const statuses = Effect.map(standIn.received, (received) => received.map((request) => request.status))
      const fiber = yield* Effect.fork(count((yield* TrainingCourses).streamTrainingCourses()))
      yield* TestClock.adjust(0)
      // getTrainingCourses allows 5 a second: five pages, then a 429 whose Retry-After the client waits out.
      assert.deepStrictEqual(yield* statuses, [200, 200, 200, 200, 200, 429])
      assert.isTrue(Option.isNone(yield* Fiber.poll(fiber)))
      yield* TestClock.adjust("1 second")
      assert.strictEqual(yield* Fiber.join(fiber), 1000)
      assert.deepStrictEqual(yield* statuses, [200, 200, 200, 200, 200, 429, 200, 200, 200, 200, 200])
    }).pipe(Effect.provide(services({ rateLimits: true }))))
})
