/**
 * The demo's job on Samsara's current API (`effect-samsara/ga`), written only against the public API: the same
 * catalogue, the fleet's efficiency and its latest media, and a report run end to end with `runReport`.
 */
import { DriverEfficiency, Media, Reports, TrainingCourses } from "effect-samsara/ga"
import * as Chunk from "effect/Chunk"
import * as Console from "effect/Console"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import { efficiencyWindow } from "./report.js"
import { section, withProgress } from "./terminal.js"

export const current = Effect.gen(function*() {
  const courses = yield* TrainingCourses
  const efficiency = yield* DriverEfficiency
  const media = yield* Media
  const reports = yield* Reports

  yield* section("Training courses")
  const allCourses = yield* Stream.runCollect(withProgress("courses")(courses.streamTrainingCourses()))
  const labelled = Chunk.filter(allCourses, (course) => (course.labels ?? []).length > 0)
  yield* Console.log(`  ${allCourses.length} courses, ${labelled.length} of them labelled`)

  yield* section("Driver efficiency by vehicle, last full day")
  const window = yield* efficiencyWindow
  const vehicles = yield* Stream.runCollect(efficiency.streamDriverEfficiencyByVehicles(window))
  yield* Console.log(`  ${vehicles.length} vehicles scored`)

  // The current API lists media per vehicle (up to 20 a call) over at most a day.
  yield* section("Uploaded media, last 24 hours, first 20 of those vehicles")
  const vehicleIds = Chunk.toReadonlyArray(Chunk.map(Chunk.take(vehicles, 20), (vehicle) => vehicle.vehicleId))
  const now = yield* DateTime.now
  const uploads = vehicleIds.length === 0
    ? Chunk.empty()
    : yield* Stream.runCollect(
      media.streamUploadedMedia({ vehicleIds, startTime: DateTime.subtract(now, { days: 1 }), endTime: now })
    )
  yield* Console.log(`  ${uploads.length} stills and clips`)

  yield* section("Custom report with runReport")
  const datasets = yield* Stream.runCollect(reports.streamDatasets())
  const config = yield* Stream.runHead(reports.streamReportConfigs())
  yield* Option.match(config, {
    onNone: () => Console.log(`  ${datasets.length} datasets, no report configs`),
    onSome: (config) =>
      Effect.gen(function*() {
        const rows = yield* Stream.runCollect(
          reports.runReport({ reportConfig: { id: config.id } }, { poll: Schedule.spaced("1 second") })
        )
        yield* Console.log(
          `  ${datasets.length} datasets; "${config.name}" (dataset ${config.datasetId}): ${rows.length} rows`
        )
        yield* Console.log(`  columns: ${config.columns.map((column) => column.name).join(", ")}`)
      })
  })
})
