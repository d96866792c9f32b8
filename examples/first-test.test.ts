/**
 * Example: the first test a user writes. The real `TrainingCourses` service streams every course from the in-memory
 * stand-in under `TestClock`, with no token, no network and no clock to move.
 */
import { assert, it } from "@effect/vitest"
import { Chunk, Effect, Layer, Stream } from "effect"
import { TrainingCourses } from "effect-samsara"
import { layerClient } from "effect-samsara/testing"

it.effect("streams every training course", () =>
  Effect.gen(function*() {
    const courses = yield* TrainingCourses
    const all = yield* Stream.runCollect(courses.streamTrainingCourses())
    assert.strictEqual(Chunk.size(all), 1000) // the stand-in's 1000 courses, across 10 pages
  }).pipe(Effect.provide(TrainingCourses.layer.pipe(Layer.provide(layerClient())))))
