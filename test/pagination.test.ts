/**
 * The `stream*` methods: every item of every page in order, cursors followed exactly, resumption from `after`,
 * pages fetched only when pulled, and a failure surfacing after the items already delivered.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import { CustomReports } from "../src/CustomReports.js"
import { Media } from "../src/Media.js"
import * as PreviewApis from "../src/PreviewApis.js"
import type { RepeatedCursor, SamsaraError } from "../src/SamsaraError.js"
import { TrainingCourses } from "../src/TrainingCourses.js"
import * as Fixtures from "./support/fixtures.js"
import { clientLayer, json, type Reply, type SentRequest } from "./support/scriptedHttp.js"

/** Serves `pages` of course ids, cursor `p<n>` naming page n; the last page has an empty cursor. */
const coursePages = (pages: ReadonlyArray<ReadonlyArray<string>>) => (request: SentRequest): Reply => {
  const after = new URL(request.url).searchParams.get("after")
  const index = after === null ? 0 : Number(after.slice(1))
  const last = index === pages.length - 1
  return json({
    data: (pages[index] ?? []).map(Fixtures.trainingCourse),
    pagination: Fixtures.page(last ? "" : `p${index + 1}`, !last)
  })
}

const collect = <A>(
  stream: (apis: {
    courses: TrainingCourses.Service
    media: Media.Service
    reports: CustomReports.Service
  }) => Stream.Stream<A, SamsaraError | RepeatedCursor>,
  answer: (request: SentRequest, index: number) => Reply
) => {
  const http = clientLayer(answer, { retry: Schedule.recurs(0) })
  return Effect.gen(function*() {
    const apis = { courses: yield* TrainingCourses, media: yield* Media, reports: yield* CustomReports }
    const items = yield* Stream.runCollect(Stream.either(stream(apis)))
    return { items: Chunk.toReadonlyArray(items), sent: http.sent.map((request) => request.url) }
  }).pipe(Effect.provide(PreviewApis.layer.pipe(Layer.provide(http.layer))))
}

const ids = (items: ReadonlyArray<Either.Either<{ readonly id: string }, SamsaraError | RepeatedCursor>>) =>
  items.map(Either.match({ onLeft: (error) => error._tag, onRight: (item) => item.id }))

const coursesUrl = "https://api.samsara.com/preview/training-courses"

describe("streams", () => {
  it.effect("emits every item of every page in order, following each cursor", () =>
    Effect.gen(function*() {
      const { items, sent } = yield* collect(
        ({ courses }) => courses.streamTrainingCourses({ status: ["published"] }),
        coursePages([["a", "b"], ["c"], ["d", "e"]])
      )
      assert.deepStrictEqual(ids(items), ["a", "b", "c", "d", "e"])
      assert.deepStrictEqual(sent, [
        `${coursesUrl}?status=published`,
        `${coursesUrl}?after=p1&status=published`,
        `${coursesUrl}?after=p2&status=published`
      ])
    }))

  it.effect("resumes from a caller-supplied cursor", () =>
    Effect.gen(function*() {
      const { items, sent } = yield* collect(
        ({ courses }) => courses.streamTrainingCourses({ after: "p1" }),
        coursePages([["a"], ["b"], ["c"]])
      )
      assert.deepStrictEqual(ids(items), ["b", "c"])
      assert.deepStrictEqual(sent, [`${coursesUrl}?after=p1`, `${coursesUrl}?after=p2`])
    }))

  it.effect("fetches only the pages the consumer pulls", () =>
    Effect.gen(function*() {
      const pages = coursePages([["a", "b"], ["c", "d"], ["e"]])
      const one = yield* collect(({ courses }) => Stream.take(courses.streamTrainingCourses(), 1), pages)
      assert.deepStrictEqual(ids(one.items), ["a"])
      assert.strictEqual(one.sent.length, 1)
      const three = yield* collect(({ courses }) => Stream.take(courses.streamTrainingCourses(), 3), pages)
      assert.deepStrictEqual(ids(three.items), ["a", "b", "c"])
      assert.strictEqual(three.sent.length, 2)
    }))

  it.effect("stops at an empty endCursor even when hasNextPage says otherwise", () =>
    Effect.gen(function*() {
      const { items, sent } = yield* collect(
        ({ courses }) => courses.streamTrainingCourses(),
        () => json({ data: [Fixtures.trainingCourse("a")], pagination: Fixtures.page("", true) })
      )
      assert.deepStrictEqual(ids(items), ["a"])
      assert.strictEqual(sent.length, 1)
    }))

  it.effect("stops when hasNextPage is false even though a cursor is given", () =>
    Effect.gen(function*() {
      const { items, sent } = yield* collect(
        ({ courses }) => courses.streamTrainingCourses(),
        () => json({ data: [Fixtures.trainingCourse("a")], pagination: Fixtures.page("more", false) })
      )
      assert.deepStrictEqual(ids(items), ["a"])
      assert.strictEqual(sent.length, 1)
    }))

  it.effect("a cursor that does not advance ends the stream with RepeatedCursor after the items delivered", () =>
    Effect.gen(function*() {
      const { items, sent } = yield* collect(
        ({ courses }) => courses.streamTrainingCourses(),
        (_, index) => json({ data: [Fixtures.trainingCourse(`c${index}`)], pagination: Fixtures.page("same", true) })
      )
      assert.deepStrictEqual(ids(items), ["c0", "c1", "RepeatedCursor"])
      assert.strictEqual(sent.length, 2)
      const error = items[2]
      assert(error !== undefined && Either.isLeft(error) && error.left._tag === "RepeatedCursor")
      assert.deepStrictEqual([error.left.operation, error.left.cursor], ["getTrainingCourses", "same"])
      assert.include(error.left.message, `"same"`)
    }))

  it.effect("a cursor that comes round again, or back to where the stream started, is a RepeatedCursor", () =>
    Effect.gen(function*() {
      const cycle = ["a", "b", "a"]
      const { items, sent } = yield* collect(
        ({ courses }) => courses.streamTrainingCourses(),
        (_, index) => json({ data: [], pagination: Fixtures.page(cycle[index] ?? "", true) })
      )
      assert.deepStrictEqual(ids(items), ["RepeatedCursor"])
      assert.strictEqual(sent.length, 3)
      const resumed = yield* collect(
        ({ courses }) => courses.streamTrainingCourses({ after: "start" }),
        () => json({ data: [], pagination: Fixtures.page("start", true) })
      )
      assert.deepStrictEqual([ids(resumed.items), resumed.sent.length], [["RepeatedCursor"], 1])
    }))

  it.effect("each run of a stream value follows its cursors afresh", () =>
    Effect.gen(function*() {
      const { items, sent } = yield* collect(
        ({ courses }) => {
          const stream = courses.streamTrainingCourses()
          return Stream.concat(stream, stream)
        },
        (_, index) => json({ data: [], pagination: Fixtures.page(index % 2 === 0 ? "p1" : "", index % 2 === 0) })
      )
      assert.deepStrictEqual(ids(items), [])
      assert.strictEqual(sent.length, 4)
    }))

  it.effect("resuming from the empty cursor of a last page yields nothing and sends nothing", () =>
    Effect.gen(function*() {
      const { items, sent } = yield* collect(
        ({ courses }) => courses.streamTrainingCourses({ after: "" }),
        coursePages([["a"]])
      )
      assert.deepStrictEqual(items, [])
      assert.strictEqual(sent.length, 0)
    }))

  it.effect("delivers the items before a failing page, then the page's error", () =>
    Effect.gen(function*() {
      const pages = coursePages([["a", "b"], ["c"]])
      const { items } = yield* collect(
        ({ courses }) => courses.streamTrainingCourses(),
        (request, index) => index === 1 ? json({ message: "down", requestId: "r" }, 503) : pages(request)
      )
      assert.deepStrictEqual(ids(items), ["a", "b", "ServiceUnavailable"])
    }))

  it.effect("refuses invalid parameters before the first page", () =>
    Effect.gen(function*() {
      const { items, sent } = yield* collect(
        ({ media }) =>
          media.streamUploadedMedia({ startTime: "2024-06-02T00:00:00Z", endTime: "2024-06-01T00:00:00Z" }),
        () => json({})
      )
      assert.deepStrictEqual(items.map(Either.match({ onLeft: (error) => error._tag, onRight: () => "item" })), [
        "InvalidRequest"
      ])
      assert.strictEqual(sent.length, 0)
    }))

  it.effect("streams uploaded media from data.media", () =>
    Effect.gen(function*() {
      const { items, sent } = yield* collect(
        ({ media }) =>
          media.streamUploadedMedia({ startTime: "2024-06-01T00:00:00Z", endTime: "2024-06-02T00:00:00Z" }),
        (_, index) =>
          json({
            data: { media: [Fixtures.uploadedMedia(`v-${index}`)] },
            pagination: Fixtures.page(index === 0 ? "m1" : "", index === 0)
          })
      )
      assert.deepStrictEqual(
        items.map(Either.match({ onLeft: (error) => error._tag, onRight: (item) => item.vehicleId })),
        ["v-0", "v-1"]
      )
      assert.include(sent[1], "&after=m1")
    }))

  it.effect("streams report rows from data.rows", () =>
    Effect.gen(function*() {
      const { items } = yield* collect(
        ({ reports }) => reports.streamCustomReportRunData({ id: "run-1" }),
        (_, index) =>
          json({
            data: { rows: [[`row ${index}`, index]] },
            pagination: Fixtures.page(index === 0 ? "d1" : "", index === 0)
          })
      )
      assert.deepStrictEqual(items, [Either.right(["row 0", 0]), Either.right(["row 1", 1])])
    }))
})
