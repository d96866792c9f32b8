/**
 * Client-side validation in detail: the rules that depend on the clock, on UTC hours and on int64 ranges, and
 * how an `InvalidRequest` reports several problems at once.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as TestClock from "effect/TestClock"
import { CustomReports } from "../src/CustomReports.js"
import { DriverEfficiency } from "../src/DriverEfficiency.js"
import { Media } from "../src/Media.js"
import * as PreviewApis from "../src/PreviewApis.js"
import type { SamsaraError } from "../src/SamsaraError.js"
import { TrainingCourses } from "../src/TrainingCourses.js"
import * as Fixtures from "./support/fixtures.js"
import { clientLayer, json } from "./support/scriptedHttp.js"

const emptyPage = json({ data: [], pagination: Fixtures.page("", false) })

/** The call's outcome (`"sent"` or the refusal's fields and reasons) and how many requests went out. */
const attempt = <A>(effect: Effect.Effect<A, SamsaraError, PreviewApis.PreviewApis>) => {
  const http = clientLayer(() => emptyPage)
  return Effect.either(effect).pipe(
    Effect.provide(PreviewApis.layer.pipe(Layer.provide(http.layer))),
    Effect.map((result) => ({
      outcome: Either.match(result, {
        onRight: () => "sent",
        onLeft: (error) =>
          error._tag === "InvalidRequest"
            ? error.issues.map((issue) => `${issue.field}: ${issue.reason}`).join(" | ")
            : error._tag
      }),
      sent: http.sent.length
    }))
  )
}

const byDrivers = (startTime: string, endTime: string) =>
  Effect.flatMap(DriverEfficiency, (efficiency) => efficiency.getDriverEfficiencyByDrivers({ startTime, endTime }))

describe("driver efficiency windows", () => {
  it.effect("accept an end exactly three hours before now, read from the Clock", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(Date.parse("2024-06-03T03:00:00Z"))
      assert.deepStrictEqual(yield* attempt(byDrivers("2024-06-01T00:00:00Z", "2024-06-03T00:00:00Z")), {
        outcome: "sent",
        sent: 1
      })
    }))

  it.effect("refuse an end later than three hours before now", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(Date.parse("2024-06-03T02:59:59Z"))
      assert.deepStrictEqual(yield* attempt(byDrivers("2024-06-01T00:00:00Z", "2024-06-03T00:00:00Z")), {
        outcome: "endTime: must be no later than three hours before now (2024-06-02T23:59:59.000Z)",
        sent: 0
      })
    }))

  it.effect("judge whole hours on the UTC instant, so a +05:30 offset can be whole", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(Date.parse("2024-07-01T00:00:00Z"))
      const whole = yield* attempt(byDrivers("2024-06-01T05:30:00+05:30", "2024-06-02T05:30:00+05:30"))
      assert.deepStrictEqual(whole, { outcome: "sent", sent: 1 })
      const half = yield* attempt(byDrivers("2024-06-01T05:00:00+05:30", "2024-06-02T05:30:00+05:30"))
      assert.deepStrictEqual(half, {
        outcome: "startTime: must be a whole hour (minutes, seconds and milliseconds zero in UTC)",
        sent: 0
      })
    }))

  it.effect("report every problem at once", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(Date.parse("2024-06-01T12:00:00Z"))
      const { outcome } = yield* attempt(byDrivers("2024-06-01T00:15:00Z", "2024-06-01T10:00:00Z"))
      assert.strictEqual(
        outcome,
        [
          "startTime: must be a whole hour (minutes, seconds and milliseconds zero in UTC)",
          "endTime: must be at least one day after startTime",
          "endTime: must be no later than three hours before now (2024-06-01T09:00:00.000Z)"
        ].join(" | ")
      )
    }))
})

describe("int64 tag ids", () => {
  const post = (tagIds: ReadonlyArray<bigint | number | string>) =>
    Effect.flatMap(CustomReports, (reports) =>
      reports.postCustomReportRun({
        customReportId: "cr-1",
        startTime: "2024-06-01T00:00:00Z",
        endTime: "2024-06-02T00:00:00Z",
        tagIds
      }))

  it.effect("refuse a value beyond the int64 range", () =>
    Effect.map(attempt(post(["9223372036854775808"])), (result) => {
      assert.deepStrictEqual(result, { outcome: "tagIds.0: 9223372036854775808 does not fit in an int64", sent: 0 })
    }))

  it.effect("send the int64 extremes as exact JSON numbers", () =>
    Effect.gen(function*() {
      const http = clientLayer(() =>
        json({ data: { id: "r", customReportId: "cr-1", createdAtTime: "2024-06-02T01:00:00Z" } })
      )
      yield* post([9223372036854775807n, "-9223372036854775808"]).pipe(
        Effect.provide(PreviewApis.layer.pipe(Layer.provide(http.layer)))
      )
      assert.include(http.sent[0]?.body, `"tagIds":[9223372036854775807,-9223372036854775808]`)
    }))
})

describe("strings and dates", () => {
  const media = (startTime: string) =>
    Effect.flatMap(Media, (media) => media.listUploadedMedia({ startTime, endTime: "2024-03-10T00:00:00Z" }))

  for (
    const impossible of [
      "2024-02-30T00:00:00Z",
      "2023-02-29T00:00:00Z",
      "2024-01-01T24:00:00Z",
      "2024-01-01T00:00:00+24:00"
    ]
  ) {
    it.effect(`refuse ${impossible}, which Date.parse would roll over`, () =>
      Effect.map(attempt(media(impossible)), (result) => {
        assert.strictEqual(result.sent, 0)
        assert.match(result.outcome, /^startTime: expected an RFC 3339 date-time/)
      }))
  }

  it.effect("report every bad field of a call at once", () =>
    Effect.gen(function*() {
      const result = yield* attempt(Effect.flatMap(Media, (media) =>
        media.listUploadedMedia({
          startTime: "yesterday",
          endTime: "2024-13-01T00:00:00Z",
          // @ts-expect-error "video" is not a media type the preview documents
          mediaTypes: ["image", "video"]
        })))
      assert.strictEqual(result.sent, 0)
      assert.deepStrictEqual(
        result.outcome.split(" | ").map((issue) => issue.slice(0, issue.indexOf(":"))),
        ["startTime", "endTime", "mediaTypes.1"]
      )
    }))

  it.effect("accept 29 February in a leap year", () =>
    Effect.map(attempt(media("2024-02-29T00:00:00Z")), (result) => assert.strictEqual(result.sent, 1)))

  it.effect("refuse an id with a lone surrogate, which cannot be percent-encoded", () =>
    Effect.map(
      attempt(
        Effect.flatMap(TrainingCourses, (courses) => courses.getTrainingCourses({ courseIds: ["ok", "\uD800"] }))
      ),
      (result) =>
        assert.deepStrictEqual(result, {
          outcome: "courseIds.1: is not well-formed Unicode (a lone surrogate)",
          sent: 0
        })
    ))

  it.effect("refuse an empty cursor on a single page call", () =>
    Effect.map(
      attempt(Effect.flatMap(TrainingCourses, (courses) => courses.getTrainingCourses({ after: "" }))),
      (result) => assert.deepStrictEqual(result, { outcome: "after: must not be empty", sent: 0 })
    ))

  it.effect("accept undefined for any optional parameter", () =>
    Effect.map(
      attempt(
        Effect.flatMap(
          TrainingCourses,
          (courses) => courses.getTrainingCourses({ after: undefined, status: undefined })
        )
      ),
      (result) => assert.deepStrictEqual(result, { outcome: "sent", sent: 1 })
    ))
})

describe("InvalidRequest", () => {
  it.effect("names the operation, the field and the reason in its message", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(
        Effect.flatMap(
          Media,
          (media) => media.listUploadedMedia({ startTime: "soon", endTime: "2024-06-01T00:00:00Z" })
        )
      ).pipe(Effect.provide(PreviewApis.layer.pipe(Layer.provide(clientLayer(() => emptyPage).layer))))
      assert.strictEqual(error._tag, "InvalidRequest")
      assert.strictEqual(
        error.message,
        "listUploadedMedia was not sent: startTime expected an RFC 3339 date-time such as 2024-06-01T10:00:00Z or " +
          "2024-06-01T12:00:00+02:00, got \"soon\""
      )
    }))

  it.effect("refuses an enum value the spec does not list", () =>
    Effect.map(
      attempt(Effect.flatMap(Media, (media) =>
        media.listUploadedMedia(
          JSON.parse(`{"startTime":"2024-06-01T00:00:00Z","endTime":"2024-06-02T00:00:00Z","inputs":["rearCam"]}`)
        ))),
      (result) => {
        assert.strictEqual(result.sent, 0)
        assert.match(result.outcome, /^inputs\.0: /)
      }
    ))
})
