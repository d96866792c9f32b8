/**
 * Example: unit-testing your own code by swapping a service for a test layer. `coursesToAssign` depends on
 * `TrainingCourses`; the test provides a hand-written `TrainingCourses` with `Layer.succeed`, so no HTTP client,
 * token or network is involved.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Stream } from "effect"
import { TrainingCategory, TrainingCourse, TrainingCourses } from "effect-samsara"

// The code under test: published safety courses that take at most `maxMinutes`.
const coursesToAssign = (maxMinutes: number) =>
  Effect.flatMap(TrainingCourses, (courses) =>
    courses.streamTrainingCourses({ status: ["published"] }).pipe(
      Stream.filter((course) =>
        course.category.name === "Safety" && course.estimatedTimeToCompleteMinutes <= maxMinutes
      ),
      Stream.map((course) => course.title),
      Stream.runCollect
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

// The test double: only the method the code uses does anything.
const TestCourses = Layer.succeed(
  TrainingCourses,
  TrainingCourses.of({
    getTrainingCourses: () => Effect.dieMessage("not used by coursesToAssign"),
    streamTrainingCourses: () =>
      Stream.make(
        course("Seatbelt policy", "Safety", 10),
        course("Defensive driving", "Safety", 45),
        course("Fuel-efficient driving", "Efficiency", 15)
      )
  })
)

describe("coursesToAssign", () => {
  it.effect("keeps short safety courses", () =>
    Effect.gen(function*() {
      const titles = yield* coursesToAssign(30)
      assert.deepStrictEqual([...titles], ["Seatbelt policy"])
    }).pipe(Effect.provide(TestCourses)))
})
