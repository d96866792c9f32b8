/**
 * Example: the first test of code on Samsara's current API. The real `effect-samsara/ga` services run against the
 * in-memory stand-in under `TestClock`: every course streams with no clock to move, and a report run is complete
 * as soon as it is created, so `runReport` needs no clock either.
 */
import { assert, it } from "@effect/vitest"
import { Array as Arr, Chunk, Effect, Layer, Stream } from "effect"
import { Api, Reports, TrainingCourses } from "effect-samsara/ga"
import { layerClient } from "effect-samsara/testing"

it.effect("streams every training course", () =>
  Effect.gen(function*() {
    const courses = yield* TrainingCourses
    const all = yield* Stream.runCollect(courses.streamTrainingCourses())
    assert.strictEqual(Chunk.size(all), 1000) // the stand-in's 1000 courses, across 10 pages
  }).pipe(Effect.provide(Api.layer.pipe(Layer.provide(layerClient())))))

it.effect("runs a report to its last row", () =>
  Effect.gen(function*() {
    const reports = yield* Reports
    const configs = yield* reports.getReportConfigs({ limit: 1 })
    const config = yield* Arr.head(configs.data)
    const rows = yield* Stream.runCollect(reports.runReport({ reportConfig: { id: config.id } }))
    assert.strictEqual(Chunk.size(rows), 250) // every row of the run, as records keyed by column
  }).pipe(Effect.provide(Api.layer.pipe(Layer.provide(layerClient())))))
