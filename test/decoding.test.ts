/**
 * Tolerant decoding: preview APIs grow, so unknown enum values and extra fields must not fail a page, optional
 * fields may be absent or `null`, and a delete succeeds on any of the empty bodies Samsara may send.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as JSONSchema from "effect/JSONSchema"
import * as Layer from "effect/Layer"
import * as ParseResult from "effect/ParseResult"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import { GetCustomReportRunDataResponse } from "../src/CustomReports.js"
import * as PreviewApis from "../src/PreviewApis.js"
import { TrainingAssignments } from "../src/TrainingAssignments.js"
import { GetTrainingCoursesResponse, TrainingCourse, TrainingCourses } from "../src/TrainingCourses.js"
import * as Fixtures from "./support/fixtures.js"
import { clientLayer, json, type Reply } from "./support/scriptedHttp.js"

const answering = <A, E>(effect: Effect.Effect<A, E, PreviewApis.PreviewApis>, reply: Reply) =>
  Effect.either(effect).pipe(
    Effect.provide(PreviewApis.layer.pipe(Layer.provide(clientLayer(() => reply, { retry: Schedule.recurs(0) }).layer)))
  )

const getCourses = Effect.flatMap(TrainingCourses, (courses) => courses.getTrainingCourses())

describe("decoding", () => {
  it.effect("keeps an unknown enum value as the same string", () =>
    Effect.gen(function*() {
      const course = {
        ...Fixtures.trainingCourse("c-1"),
        status: "retired",
        label: { name: "compliance", type: "eld" }
      }
      const result = yield* answering(getCourses, json({ data: [course], pagination: Fixtures.page("", false) }))
      assert(Either.isRight(result))
      const [decoded] = result.right.data
      assert.deepStrictEqual([decoded?.status, decoded?.label?.name, decoded?.label?.type], [
        "retired",
        "compliance",
        "eld"
      ])
    }))

  it.effect("ignores fields the spec does not know", () =>
    Effect.gen(function*() {
      const result = yield* answering(
        getCourses,
        json({ data: [Fixtures.trainingCourse("c-1")], pagination: Fixtures.page("", false), meta: { v: 2 } })
      )
      assert(Either.isRight(result))
      assert.notProperty(result.right.data[0], "language")
      assert.notProperty(result.right, "meta")
    }))

  it.effect("reads an optional null as undefined", () =>
    Effect.gen(function*() {
      const course = { ...Fixtures.trainingCourse("c-1"), description: null, label: null }
      const result = yield* answering(getCourses, json({ data: [course], pagination: Fixtures.page("", false) }))
      assert(Either.isRight(result))
      const decoded = result.right.data[0]
      assert.isDefined(decoded)
      assert.property(decoded, "description")
      assert.isUndefined(decoded.description)
      assert.isUndefined(decoded.label)
      assert.strictEqual(decoded.title, "Course c-1")
    }))

  it.effect("fails a required field sent as null", () =>
    Effect.gen(function*() {
      const course = { ...Fixtures.trainingCourse("c-1"), title: null }
      const result = yield* answering(getCourses, json({ data: [course], pagination: Fixtures.page("", false) }))
      assert(Either.isLeft(result) && result.left._tag === "DecodeError")
      assert.include(result.left.message, "title")
      // The ParseError is kept, so the field can be found by path rather than read out of the message.
      const { cause } = result.left
      assert(ParseResult.isParseError(cause))
      assert.deepStrictEqual(
        ParseResult.ArrayFormatter.formatErrorSync(cause).map((issue) => issue.path),
        [["data", 0, "title"]]
      )
    }))

  const deleteIds = Effect.flatMap(
    TrainingAssignments,
    (assignments) => assignments.deleteTrainingAssignments({ ids: ["a"] })
  )

  for (
    const [description, reply] of [
      ["204", { status: 204 }],
      ["200 with an empty body", { status: 200, body: "" }],
      ["200 with the JSON string \"\"", { status: 200, body: "\"\"" }]
    ] as const
  ) {
    it.effect(`a delete answered ${description} succeeds`, () =>
      Effect.map(answering(deleteIds, reply), (result) => assert.deepStrictEqual(result, Either.right(undefined))))
  }

  it.effect("a delete answered 200 with some other body is a DecodeError", () =>
    Effect.map(answering(deleteIds, json({ deleted: 1 })), (result) => {
      assert(Either.isLeft(result))
      assert.strictEqual(result.left._tag, "DecodeError")
    }))

  it.effect("an empty 200 where a body is expected is a DecodeError", () =>
    Effect.map(answering(getCourses, { status: 200, body: "" }), (result) => {
      assert(Either.isLeft(result))
      assert.strictEqual(result.left._tag, "DecodeError")
    }))
})

describe("response schemas", () => {
  const course = Fixtures.trainingCourse("c-1")

  it("type guards refuse a null that decoding reads as undefined", () => {
    assert.isTrue(Schema.is(TrainingCourse)({ ...course, description: undefined }))
    assert.isFalse(Schema.is(TrainingCourse)({ ...course, description: null }))
  })

  it("describe the wire as JSON Schema: an optional field is the value or null, a report row an array", () => {
    assert.deepNestedPropertyVal(
      JSONSchema.make(GetTrainingCoursesResponse),
      "$defs.TrainingCourse.properties.description",
      { anyOf: [{ type: "string" }, { type: "null" }] }
    )
    assert.nestedPropertyVal(JSONSchema.make(GetCustomReportRunDataResponse), "$defs.CustomReportRow.type", "array")
  })
})
