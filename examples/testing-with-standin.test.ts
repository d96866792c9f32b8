/**
 * Example: testing retry and error handling with the real client against the in-memory stand-in. A scripted 429
 * with `Retry-After` and `TestClock` prove that the call waits as told and then succeeds, with no network and no
 * real waiting. Samsara's own budgets are off in `layerClient` unless `rateLimits: true` asks for them.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Fiber, Layer, Schedule, Stream, TestClock } from "effect"
import { TrainingCourses } from "effect-samsara"
import { Fault, layerClient, StandIn } from "effect-samsara/testing"

// The code under test: the titles on the first page of published courses.
const publishedTitles = Effect.flatMap(
  TrainingCourses,
  (courses) =>
    Effect.map(courses.getTrainingCourses({ status: ["published"] }), (page) => page.data.map((c) => c.title))
)

// The real TrainingCourses service, on a SamsaraClient whose transport is the stand-in.
const TestSamsara = TrainingCourses.layer.pipe(Layer.provideMerge(layerClient({ seed: 7 })))

describe("publishedTitles", () => {
  it.effect("waits out a 429's Retry-After, then succeeds", () =>
    Effect.gen(function*() {
      const standIn = yield* StandIn
      yield* standIn.inject({
        operation: "getTrainingCourses",
        times: 1,
        fault: Fault.status(429, { headers: { "retry-after": "3" } })
      })

      const fiber = yield* Effect.fork(publishedTitles)
      yield* TestClock.adjust("2 seconds")
      assert.strictEqual((yield* standIn.received).length, 1) // still waiting out Retry-After

      yield* TestClock.adjust("1 second")
      const titles = yield* Fiber.join(fiber)
      assert.isAbove(titles.length, 0)
      assert.deepStrictEqual((yield* standIn.received).map((request) => request.status), [429, 200])
    }).pipe(Effect.provide(TestSamsara)))

  it.effect("surfaces TooManyRequests when retries are off", () =>
    Effect.gen(function*() {
      const standIn = yield* StandIn
      yield* standIn.inject({ operation: "getTrainingCourses", fault: Fault.status(429) })
      const error = yield* Effect.flip(
        Effect.flatMap(TrainingCourses, (courses) => courses.getTrainingCourses({}, { retry: Schedule.recurs(0) }))
      )
      assert.strictEqual(error._tag, "TooManyRequests")
    }).pipe(Effect.provide(TestSamsara)))
})

// Throttling on purpose: the stand-in enforces Samsara's documented budgets, and the test moves the clock.
it.effect("with Samsara's budgets on, a stream waits for the clock after five pages a second", () =>
  Effect.gen(function*() {
    const courses = yield* TrainingCourses
    const fiber = yield* Effect.fork(Stream.runCount(courses.streamTrainingCourses()))
    yield* TestClock.adjust("1 second") // the sixth page was refused with Retry-After: 1
    assert.strictEqual(yield* Fiber.join(fiber), 1000)
    const statuses = (yield* (yield* StandIn).received).map((request) => request.status)
    assert.strictEqual(statuses.filter((status) => status === 429).length, 1)
  }).pipe(Effect.provide(TrainingCourses.layer.pipe(Layer.provideMerge(layerClient({ rateLimits: true }))))))
