/**
 * The demo's main job on the Preview APIs, written only against the public API: stream the catalogue, look at recent
 * media and driver efficiency, run a custom report end to end, and print a short report.
 */
import {
  type CustomReportColumn,
  type CustomReportRecord,
  CustomReports,
  DriverEfficiency,
  Forms,
  Media,
  TrainingCourses
} from "effect-samsara"
import * as Chunk from "effect/Chunk"
import * as Console from "effect/Console"
import * as DateTime from "effect/DateTime"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import { readableDuration, section, table, withProgress } from "./terminal.js"

/** The most recent driver-efficiency window Samsara accepts: a day of whole hours ending three hours ago or earlier. */
export const efficiencyWindow = Effect.map(DateTime.now, (now) => {
  const endTime = DateTime.subtract(DateTime.startOf(now, "hour"), { hours: 3 })
  return { startTime: DateTime.subtract(endTime, { days: 1 }), endTime }
})

/** Rewrites the cells of millisecond columns (a report's "Idle Time", say) as durations with units. */
const withReadableDurations = (columns: ReadonlyArray<CustomReportColumn>) => {
  const durations = new Set(
    columns.filter((column) => column.unit === "milliseconds").map((column) => column.displayName)
  )
  return (row: CustomReportRecord): CustomReportRecord =>
    Object.fromEntries(
      Object.entries(row).map(([key, cell]) => [
        key,
        durations.has(key) && typeof cell === "number" ? readableDuration(Duration.millis(cell)) : cell
      ])
    )
}

export const report = Effect.gen(function*() {
  const courses = yield* TrainingCourses
  const forms = yield* Forms
  const media = yield* Media
  const efficiency = yield* DriverEfficiency
  const reports = yield* CustomReports

  yield* section("Training courses")
  const allCourses = yield* Stream.runCollect(withProgress("courses")(courses.streamTrainingCourses()))
  const byStatus = Chunk.reduce(
    allCourses,
    new Map<string, number>(),
    (counts, course) => counts.set(course.status, (counts.get(course.status) ?? 0) + 1)
  )
  yield* Console.log(
    `  ${allCourses.length} courses: ${[...byStatus].map(([status, n]) => `${n} ${status}`).join(", ")}`
  )

  yield* section("Form templates")
  const templates = yield* Stream.runCollect(withProgress("templates")(forms.streamFormTemplates()))
  const fields = Chunk.reduce(templates, 0, (total, template) => total + template.fields.length)
  yield* Console.log(`  ${templates.length} templates with ${fields} fields in all`)

  yield* section("Uploaded media, last 7 days")
  const now = yield* DateTime.now
  const uploads = yield* Stream.runCollect(
    media.streamUploadedMedia({ startTime: DateTime.subtract(now, { days: 7 }), endTime: now })
  )
  const vehicles = new Set(Chunk.map(uploads, (item) => item.vehicleId))
  yield* Console.log(`  ${uploads.length} stills and clips from ${vehicles.size} vehicles`)

  yield* section("Driver efficiency, last full day")
  const window = yield* efficiencyWindow
  const drivers = yield* Stream.runCollect(efficiency.streamDriverEfficiencyByDrivers(window))
  yield* Console.log(`  ${drivers.length} drivers scored; the first five:`)
  yield* Console.log(table(
    Chunk.toReadonlyArray(Chunk.take(drivers, 5)).map((driver) => ({
      driver: driver.driverId,
      overall: driver.scoreData?.overallScore ?? "-",
      idling: driver.scoreData?.idlingScore ?? "-"
    }))
  ))

  yield* section("Custom report")
  const config = yield* Stream.runHead(reports.streamCustomReportConfigs())
  yield* Option.match(config, {
    onNone: () => Console.log("  no custom reports configured"),
    onSome: (config) =>
      Effect.gen(function*() {
        const rows = yield* Stream.runCollect(
          reports.runCustomReport({
            customReportId: config.id,
            startTime: DateTime.subtract(window.endTime, { days: 7 }),
            endTime: window.endTime
          }, { poll: Schedule.spaced("1 second") })
        )
        yield* Console.log(`  "${config.reportName}": ${rows.length} rows; the first five:`)
        yield* Console.log(table(Chunk.toReadonlyArray(Chunk.take(rows, 5)).map(withReadableDurations(config.columns))))
      })
  })
})
