/**
 * Example: the first tests a user writes. The real services stream every course, and run a custom report to its
 * last row, from the in-memory stand-in under `TestClock`, with no token, no network and no clock to move.
 */
import { assert, it } from "@effect/vitest"
import { Array as Arr, Chunk, Effect, Layer, Stream } from "effect"
import { CustomReports, PreviewApis, TrainingCourses } from "effect-samsara"
import { layerClient } from "effect-samsara/testing"

const TestApis = PreviewApis.layer.pipe(Layer.provide(layerClient()))

it.effect("streams every training course", () =>
  Effect.gen(function*() {
    const courses = yield* TrainingCourses
    const all = yield* Stream.runCollect(courses.streamTrainingCourses())
    assert.strictEqual(Chunk.size(all), 1000) // the stand-in's 1000 courses, across 10 pages
  }).pipe(Effect.provide(TestApis)))

it.effect("runs a custom report to its last row", () =>
  Effect.gen(function*() {
    const reports = yield* CustomReports
    const configs = yield* reports.getCustomReportConfigs({ limit: 1 })
    const config = yield* Arr.head(configs.data)
    const rows = yield* Stream.runCollect(reports.runCustomReport({
      customReportId: config.id,
      startTime: "2025-06-01T00:00:00Z",
      endTime: "2025-06-08T00:00:00Z"
    }))
    assert.strictEqual(Chunk.size(rows), 250) // every row of the run, as records keyed by column
  }).pipe(Effect.provide(TestApis)))
