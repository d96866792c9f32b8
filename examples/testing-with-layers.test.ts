/**
 * Example: unit-testing your own code by swapping a service for a test layer. `coursesToAssign` depends on
 * `TrainingCourses`; the tests provide partial `TrainingCourses` services with `Layer.mock`, so no HTTP client,
 * token or network is involved, and a failing call is one constructor away.
 */
import { assert, describe, it } from "@effect/vitest"
import { Chunk, Data, Duration, Effect, Layer, Option, Stream } from "effect"
import { TooManyRequests, TrainingCategory, TrainingCourse, TrainingCourses } from "effect-samsara"

// The code under test: published safety courses that take at most `maxMinutes` to assign; when Samsara throttles
// the listing, when to try again instead (what Samsara asked for, or a minute if it did not say).
type Plan = Data.TaggedEnum<{
  Assign: { readonly titles: ReadonlyArray<string> }
  TryAgain: { readonly after: Duration.Duration }
}>
const Plan = Data.taggedEnum<Plan>()

const coursesToAssign = (maxMinutes: number) =>
  Effect.flatMap(TrainingCourses, (courses) =>
    courses.streamTrainingCourses({ status: ["published"] }).pipe(
      Stream.filter((course) =>
        course.category.name === "Safety" && course.estimatedTimeToCompleteMinutes <= maxMinutes
      ),
      Stream.map((course) => course.title),
      Stream.runCollect,
      Effect.map((titles): Plan => Plan.Assign({ titles: Chunk.toReadonlyArray(titles) })),
      Effect.catchTag(
        "TooManyRequests",
        (error) =>
          Effect.succeed(Plan.TryAgain({ after: Option.getOrElse(error.retryAfter, () => Duration.minutes(1)) }))
      )
    ))

const course = (title: string, category: string, minutes: number) =>
  TrainingCourse.make({
    id: title,
    revisionId: `${title}-1`,
    title,
    status: "published",
    estimatedTimeToCompleteMinutes: minutes,
    category: TrainingCategory.make({ id: category, name: category })
  })

// Test doubles: only the method the code uses; `getTrainingCourses` would die with an UnimplementedError.
const Catalogue = Layer.mock(TrainingCourses, {
  streamTrainingCourses: () =>
    Stream.make(
      course("Seatbelt policy", "Safety", 10),
      course("Defensive driving", "Safety", 45),
      course("Fuel-efficient driving", "Efficiency", 15)
    )
})

// A 429 needs only what the test is about: the status, request id and body have defaults.
const throttled = (retryAfter: Option.Option<Duration.Duration>) =>
  Layer.mock(TrainingCourses, {
    streamTrainingCourses: () => Stream.fail(new TooManyRequests({ operation: "getTrainingCourses", retryAfter }))
  })

describe("coursesToAssign", () => {
  it.effect("keeps short safety courses", () =>
    Effect.gen(function*() {
      const outcome = yield* coursesToAssign(30)
      assert.deepStrictEqual(outcome, Plan.Assign({ titles: ["Seatbelt policy"] }))
    }).pipe(Effect.provide(Catalogue)))

  it.effect("tries again when Samsara asks, when throttled", () =>
    Effect.gen(function*() {
      const outcome = yield* coursesToAssign(30)
      assert.deepStrictEqual(outcome, Plan.TryAgain({ after: Duration.seconds(2) }))
    }).pipe(Effect.provide(throttled(Option.some(Duration.seconds(2))))))

  it.effect("tries again in a minute when a 429 has no Retry-After", () =>
    Effect.gen(function*() {
      const outcome = yield* coursesToAssign(30)
      assert.deepStrictEqual(outcome, Plan.TryAgain({ after: Duration.minutes(1) }))
    }).pipe(Effect.provide(throttled(Option.none()))))
})
