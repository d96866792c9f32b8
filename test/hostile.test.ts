/**
 * Hostile servers: whatever a body holds (extreme nesting, huge values, arbitrary text), a call ends with its
 * success or a tagged error in the error channel, never a defect, and messages stay short.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FastCheck from "effect/FastCheck"
import * as Layer from "effect/Layer"
import * as ParseResult from "effect/ParseResult"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import { inspect } from "node:util"
import { CustomReports } from "../src/CustomReports.js"
import { TrainingCourses } from "../src/TrainingCourses.js"
import * as Fixtures from "./support/fixtures.js"
import { clientLayer, type Reply } from "./support/scriptedHttp.js"

/** A JSON value nested `depth` arrays deep: JSON.parse takes it, a recursive formatter overflows on it. */
const nested = (depth: number) => "[".repeat(depth) + "]".repeat(depth)

const provide = <A, E>(effect: Effect.Effect<A, E, TrainingCourses | CustomReports>, answer: () => Reply) =>
  Effect.provide(
    effect,
    Layer.mergeAll(TrainingCourses.layer, CustomReports.layer).pipe(
      Layer.provide(clientLayer(answer, { retry: Schedule.stop }).layer)
    )
  )

const getCourses = Effect.flatMap(TrainingCourses, (courses) => courses.getTrainingCourses())

const ok = (body: string): Reply => ({ status: 200, body, headers: { "content-type": "application/json" } })

const coursePage = (course: string) => `{"data":[${course}],"pagination":{"endCursor":"","hasNextPage":false}}`

/** An error message short enough to log: the bound plus the operation's own words. */
const maxMessage = 2_500

describe("hostile response bodies", () => {
  const deep = nested(100_000)
  const course = JSON.stringify(Fixtures.trainingCourse("c-1"))

  it.effect("nesting 100,000 deep where an object is expected is a short DecodeError", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(provide(getCourses, () => ok(coursePage(deep))))
      assert.strictEqual(error._tag, "DecodeError")
      assert.isAtMost(error.message.length, maxMessage)
    }))

  it.effect("nesting 100,000 deep where a string is expected is a short DecodeError", () =>
    Effect.gen(function*() {
      const body = coursePage(course.replace(`"id":"c-1"`, `"id":${deep}`))
      const error = yield* Effect.flip(provide(getCourses, () => ok(body)))
      assert.strictEqual(error._tag, "DecodeError")
      assert.isAtMost(error.message.length, maxMessage)
    }))

  it.effect("a 5 MB string where an object is expected is a short DecodeError", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(provide(getCourses, () => ok(coursePage(JSON.stringify("x".repeat(5e6))))))
      assert.strictEqual(error._tag, "DecodeError")
      assert.isAtMost(error.message.length, maxMessage)
    }))

  it.effect("a DecodeError keeps its ParseError, and however it is printed it stays short and does not throw", () =>
    Effect.gen(function*() {
      const bodies = [coursePage(deep), coursePage(JSON.stringify("x".repeat(5e6)))]
      for (const body of bodies) {
        const error = yield* Effect.flip(provide(getCourses, () => ok(body)))
        assert(error._tag === "DecodeError")
        assert.isTrue(ParseResult.isParseError(error.cause))
        for (
          const printed of [
            String(error.cause),
            JSON.stringify(error),
            inspect(error, { depth: 10 }),
            Cause.pretty(Cause.fail(error), { renderErrorCause: true })
          ]
        ) {
          assert.isAtMost(printed.length, 4 * maxMessage)
        }
      }
    }))

  it.effect("a report cell nested 100,000 deep is data, delivered as it came", () =>
    Effect.gen(function*() {
      const body = `{"data":{"rows":[[${deep}]]},"pagination":{"endCursor":"","hasNextPage":false}}`
      const rows = yield* provide(
        Stream.runCollect(
          Stream.unwrap(Effect.map(CustomReports, (reports) => reports.streamCustomReportRunData({ id: "run-1" })))
        ),
        () => ok(body)
      )
      assert.strictEqual(rows.length, 1)
    }))

  it.effect("Samsara's message in a huge error body is quoted only in part; the body is kept whole", () =>
    Effect.gen(function*() {
      const body = JSON.stringify({ message: "slow down ".repeat(100_000), requestId: "req-9" })
      const error = yield* Effect.flip(provide(getCourses, () => ({ status: 429, body })))
      assert.strictEqual(error._tag, "TooManyRequests")
      assert.isAtMost(error.message.length, maxMessage)
      assert.include(error.message, "req-9")
      assert.strictEqual(error._tag === "TooManyRequests" ? error.body : "", body)
    }))

  it.effect("any text as a 200 body ends in a success or a tagged error, never a defect", () => {
    const bodies = FastCheck.sample(
      FastCheck.oneof(
        FastCheck.string({ unit: "binary" }),
        FastCheck.json(),
        FastCheck.jsonValue().map((value) => coursePage(JSON.stringify(value)))
      ),
      { numRuns: 200, seed: 42 }
    )
    let body = ""
    return Effect.gen(function*() {
      for (body of bodies) {
        const exit = yield* Effect.exit(getCourses)
        assert.isTrue(
          Exit.isSuccess(exit) || Cause.isFailType(exit.cause),
          `${JSON.stringify(body).slice(0, 200)}: ${Exit.isFailure(exit) ? Cause.pretty(exit.cause) : ""}`
        )
      }
    }).pipe((effect) => provide(effect, () => ok(body)))
  })
})
