/**
 * The stand-in in memory, driven through the real client services over `layerClient`, and through `handle` for
 * requests the client would refuse to send. Everything runs on `TestClock`: run progress, rate-limit windows and
 * injected latency move only when a test moves the clock.
 */
import { assert, describe, it } from "@effect/vitest"
import { deepStrictEqual } from "@effect/vitest/utils"
import * as Chunk from "effect/Chunk"
import * as DateTime from "effect/DateTime"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as FastCheck from "effect/FastCheck"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import {
  CustomReports,
  GetCustomReportConfigsResponse,
  GetCustomReportRunDataResponse,
  GetCustomReportRunsResponse,
  PostCustomReportRunResponse
} from "../src/CustomReports.js"
import {
  DriverEfficiency,
  GetDriverEfficiencyByDriversResponse,
  GetDriverEfficiencyByVehiclesResponse
} from "../src/DriverEfficiency.js"
import { Forms, GetFormTemplatesResponse } from "../src/Forms.js"
import { ListUploadedMediaResponse, Media } from "../src/Media.js"
import * as PreviewApis from "../src/PreviewApis.js"
import { SamsaraClient } from "../src/SamsaraClient.js"
import {
  Fault,
  type FaultRule,
  layerClient,
  type LayerClientOptions,
  layerHttpClient,
  StandIn,
  type StandInResponse
} from "../src/testing.js"
import { PatchTrainingAssignmentsResponse, TrainingAssignments } from "../src/TrainingAssignments.js"
import { GetTrainingCoursesResponse, TrainingCourses } from "../src/TrainingCourses.js"
import { recording } from "./support/recording.js"

/** Mid-January 2026: driver-efficiency windows must end three hours before now, and TestClock starts in 1970. */
const now = Date.parse("2026-01-15T12:00:00Z")
const atNow = TestClock.setTime(now)

/** The six services on a stand-in, with client retries off so each call is exactly one request. */
const services = (options?: LayerClientOptions) =>
  PreviewApis.layer.pipe(Layer.provideMerge(layerClient({ ...options, client: { retry: Schedule.stop } })))

/** One request straight to `handle`, bypassing the client's own validation. */
const send = (
  method: string,
  target: string,
  init?: { readonly body?: string; readonly token?: string | null }
) =>
  Effect.flatMap(StandIn, (standIn) =>
    standIn.handle({
      method,
      url: new URL(target, "http://standin.local"),
      headers: init?.token === null ? {} : { authorization: `Bearer ${init?.token ?? "standin-token"}` },
      body: init?.body ?? ""
    }))

const replyOf = (response: StandInResponse) => {
  if (response._tag !== "Reply") return assert.fail(`expected a reply, got ${response._tag}`)
  return response
}

/** Samsara's error body: exactly `message` and `requestId`, nothing else. */
const ErrorBody = Schema.parseJson(Schema.Struct({ message: Schema.String, requestId: Schema.String }))
const errorBody = (response: StandInResponse) =>
  Schema.decodeUnknownSync(ErrorBody, { onExcessProperty: "error" })(replyOf(response).body)

/** Decodes a body with one of the client's schemas, refusing any field the spec does not declare. */
const decodeStrict = <A, I>(schema: Schema.Schema<A, I>, response: StandInResponse): A =>
  Schema.decodeUnknownSync(Schema.parseJson(schema), { onExcessProperty: "error" })(replyOf(response).body)

const Page = Schema.parseJson(Schema.Struct({
  pagination: Schema.Struct({ endCursor: Schema.String, hasNextPage: Schema.Boolean })
}))

/** Every page of a list, following `endCursor` as `after`, each decoded strictly with `schema`. */
const allPages = <A, I>(target: string, schema: Schema.Schema<A, I>) =>
  Effect.gen(function*() {
    const pages: Array<A> = []
    let after = ""
    for (;;) {
      const separator = target.includes("?") ? "&" : "?"
      const response = yield* send("GET", after === "" ? target : `${target}${separator}after=${after}`)
      assert.strictEqual(replyOf(response).status, 200, replyOf(response).body)
      pages.push(decodeStrict(schema, response))
      const { pagination } = Schema.decodeUnknownSync(Page)(replyOf(response).body)
      if (!pagination.hasNextPage) {
        assert.strictEqual(pagination.endCursor, "")
        return pages
      }
      after = pagination.endCursor
    }
  })

const received = Effect.flatMap(StandIn, (standIn) => standIn.received)

/** `tagIds` and `parentTagIds`, as the three tag-filtered operations take them. */
interface TagFilter {
  readonly tagIds?: ReadonlyArray<string>
  readonly parentTagIds?: ReadonlyArray<string>
}

const june = { startTime: "2025-06-01T00:00:00Z", endTime: "2025-07-01T00:00:00Z" }
const efficiencyWindow = { startTime: "2026-01-01T00:00:00Z", endTime: "2026-01-08T00:00:00Z" }

describe("StandIn in memory", () => {
  it.effect("answers all 11 operations, and the client decodes every answer", () =>
    Effect.gen(function*() {
      yield* atNow
      const courses = yield* TrainingCourses
      const forms = yield* Forms
      const media = yield* Media
      const reports = yield* CustomReports
      const efficiency = yield* DriverEfficiency
      const assignments = yield* TrainingAssignments
      const standIn = yield* StandIn

      const coursePage = yield* courses.getTrainingCourses()
      assert.strictEqual(coursePage.data.length, 100)
      assert.isTrue(coursePage.pagination.hasNextPage)
      const formPage = yield* forms.getFormTemplates()
      deepStrictEqual([formPage.data.length, formPage.pagination.endCursor], [50, ""])
      const mediaPage = yield* media.listUploadedMedia(june)
      assert.strictEqual(mediaPage.data.media.length, 100)
      const configs = yield* reports.getCustomReportConfigs()
      deepStrictEqual(configs.data.map((config) => config.reportName), [
        "Fuel Usage by Vehicle",
        "Driver Safety Scorecard",
        "Reefer Temperature Compliance",
        "Engine Health Summary",
        "EV Energy Usage"
      ])
      const pastRuns = yield* reports.getCustomReportRuns({ customReportIds: configs.data.map((config) => config.id) })
      assert.isAtLeast(pastRuns.data.length, 5)
      const queued = yield* reports.postCustomReportRun({
        customReportId: configs.data[0]?.id ?? "",
        startTime: "2025-12-01T00:00:00Z",
        endTime: "2025-12-08T00:00:00Z"
      })
      yield* TestClock.adjust("3 seconds")
      const rows = yield* reports.getCustomReportRunData({ id: queued.data.id })
      assert.strictEqual(rows.data.rows.length, 100)
      const byDriver = yield* efficiency.getDriverEfficiencyByDrivers(efficiencyWindow)
      assert.strictEqual(byDriver.data.length, 40)
      const byVehicle = yield* efficiency.getDriverEfficiencyByVehicles(efficiencyWindow)
      assert.strictEqual(byVehicle.data.length, 30)
      const ids = (yield* standIn.trainingAssignmentIds).slice(0, 2)
      const patched = yield* assignments.patchTrainingAssignments({ ids, dueAtTime: "2026-02-01T09:00:00Z" })
      deepStrictEqual(patched.data.map((assignment) => assignment.id), ids)
      yield* assignments.deleteTrainingAssignments({ ids })

      deepStrictEqual((yield* received).map((request) => [request.operation, request.status]), [
        ["getTrainingCourses", 200],
        ["getFormTemplates", 200],
        ["listUploadedMedia", 200],
        ["getCustomReportConfigs", 200],
        ["getCustomReportRuns", 200],
        ["postCustomReportRun", 200],
        ["getCustomReportRunData", 200],
        ["getDriverEfficiencyByDrivers", 200],
        ["getDriverEfficiencyByVehicles", 200],
        ["patchTrainingAssignments", 200],
        ["deleteTrainingAssignments", 204]
      ])
    }).pipe(Effect.provide(services())))

  describe("pagination", () => {
    it.effect("streams every course, page by page, with opaque cursors", () =>
      Effect.gen(function*() {
        const courses = yield* TrainingCourses
        const all = yield* Stream.runCollect(courses.streamTrainingCourses())
        assert.strictEqual(new Set(Chunk.toReadonlyArray(all).map((course) => course.id)).size, 1000)
        const requests = yield* received
        assert.strictEqual(requests.length, 10)
        assert.strictEqual(requests[0]?.query, "")
        for (const request of requests.slice(1)) {
          assert.match(request.query, /^after=[A-Za-z0-9_-]+$/)
          // Opaque: the offset is not readable off the cursor.
          assert.notMatch(request.query, /after=\d/)
        }
      }).pipe(Effect.provide(services())))

    it.effect("a cursor continues only the query it came from", () =>
      Effect.gen(function*() {
        const first = decodeStrict(GetTrainingCoursesResponse, yield* send("GET", "/preview/training-courses"))
        const cursor = first.pagination.endCursor
        const next = decodeStrict(
          GetTrainingCoursesResponse,
          yield* send("GET", `/preview/training-courses?after=${cursor}`)
        )
        assert.notStrictEqual(next.data[0]?.id, first.data[0]?.id)

        const otherQuery = yield* send("GET", `/preview/training-courses?status=published&after=${cursor}`)
        assert.strictEqual(replyOf(otherQuery).status, 400)
        assert.include(errorBody(otherQuery).message, "different query")
        const garbage = yield* send("GET", "/preview/training-courses?after=not-a-cursor")
        assert.strictEqual(replyOf(garbage).status, 400)
        assert.include(errorBody(garbage).message, "Invalid cursor")
      }).pipe(Effect.provide(StandIn.layer({ rateLimits: false }))))

    it.effect("limit sets the page size of getCustomReportConfigs, and pageSize the others", () =>
      Effect.gen(function*() {
        const reports = yield* CustomReports
        const page = yield* reports.getCustomReportConfigs({ limit: 2 })
        assert.strictEqual(page.data.length, 2)
        assert.isTrue(page.pagination.hasNextPage)
        const all = yield* Stream.runCollect(reports.streamCustomReportConfigs({ limit: 2 }))
        assert.strictEqual(Chunk.size(all), 7)
        const forms = yield* Forms
        assert.strictEqual((yield* forms.getFormTemplates()).data.length, 20)
      }).pipe(Effect.provide(services({ pageSize: 20, sizes: { customReports: 7 } }))))

    it.effect("10,000 courses stream through", () =>
      Effect.gen(function*() {
        const courses = yield* TrainingCourses
        const all = yield* Stream.runCollect(courses.streamTrainingCourses({ status: ["published"] }))
        assert.isAbove(Chunk.size(all), 7000)
        assert.isTrue(Chunk.every(all, (course) => course.status === "published"))
      }).pipe(Effect.provide(services({ sizes: { trainingCourses: 10_000 } }))))
  })

  describe("query parsing and filters", () => {
    it.effect("csv parameters split on literal commas; an encoded comma stays inside its value", () =>
      Effect.gen(function*() {
        const first = decodeStrict(GetTrainingCoursesResponse, yield* send("GET", "/preview/training-courses"))
        const [a, b] = first.data.map((course) => course.id)
        const both = decodeStrict(
          GetTrainingCoursesResponse,
          yield* send("GET", `/preview/training-courses?courseIds=${a},${b}`)
        )
        deepStrictEqual(both.data.map((course) => course.id), [a, b])
        const joined = decodeStrict(
          GetTrainingCoursesResponse,
          yield* send("GET", `/preview/training-courses?courseIds=${encodeURIComponent(`${a},${b}`)}`)
        )
        deepStrictEqual(joined.data, [])
        const repeated = yield* send("GET", `/preview/training-courses?courseIds=${a}&courseIds=${b}`)
        assert.strictEqual(replyOf(repeated).status, 400)
        assert.include(errorBody(repeated).message, "courseIds=a,b")
      }).pipe(Effect.provide(StandIn.layer())))

    it.effect("getTrainingCourses filters by category and status, and the client's csv is understood", () =>
      Effect.gen(function*() {
        const courses = yield* TrainingCourses
        const all = Chunk.toReadonlyArray(yield* Stream.runCollect(courses.streamTrainingCourses()))
        const categories = [...new Set(all.map((course) => course.category.id))].slice(0, 2)
        const filtered = yield* Stream.runCollect(
          courses.streamTrainingCourses({ categoryIds: categories, status: ["archived", "deleted"] })
        )
        deepStrictEqual(
          Chunk.toReadonlyArray(filtered).map((course) => course.id),
          all.filter((course) => categories.includes(course.category.id) && course.status !== "published")
            .map((course) => course.id)
        )
        const last = (yield* received).at(-1)
        assert.match(last?.query ?? "", /categoryIds=[^&]+,[^&]+&status=archived,deleted/)
      }).pipe(Effect.provide(services())))

    it.effect("listUploadedMedia: repeated enums, vehicle ids, time window and availableAfterTime", () =>
      Effect.gen(function*() {
        const regions = (yield* (yield* StandIn).tags).filter((tag) => tag.parentTagId === undefined)
        const media = yield* Media
        const all = Chunk.toReadonlyArray(yield* Stream.runCollect(media.streamUploadedMedia(june)))
        assert.strictEqual(all.length, 500)
        const vehicles = [...new Set(all.map((item) => item.vehicleId))].slice(0, 3)
        const window = { startTime: "2025-06-10T00:00:00Z", endTime: "2025-06-20T00:00:00Z" }
        const filtered = Chunk.toReadonlyArray(
          yield* Stream.runCollect(media.streamUploadedMedia({
            ...window,
            vehicleIds: vehicles,
            inputs: ["dashcamRoadFacing", "analog"],
            triggerReasons: ["periodicStill", "tripStartStill", "tripEndStill"],
            mediaTypes: ["image"],
            // Every vehicle's depot is in one of the two regions, so this keeps everything.
            parentTagIds: regions.map((tag) => tag.id),
            availableAfterTime: "2025-06-12T00:00:00Z"
          }))
        )
        const expected = all.filter((item) =>
          item.startTime >= window.startTime && item.startTime < window.endTime &&
          vehicles.includes(item.vehicleId) &&
          item.input !== "dashcamInwardFacing" &&
          ["periodicStill", "tripStartStill", "tripEndStill"].includes(item.triggerReason) &&
          item.availableAtTime > "2025-06-12T00:00:00Z"
        )
        assert.isAbove(expected.length, 0)
        deepStrictEqual(filtered, expected)
        assert.include((yield* received).at(-1)?.query, "inputs=dashcamRoadFacing&inputs=analog&mediaTypes=image")
      }).pipe(Effect.provide(services())))

    it.effect("the organisation has two regions with four depots each, and tags list them", () =>
      Effect.gen(function*() {
        const tags = yield* (yield* StandIn).tags
        const regions = tags.filter((tag) => tag.parentTagId === undefined)
        deepStrictEqual(
          regions.map((region) => [
            region.name,
            tags.filter((tag) => tag.parentTagId === region.id).map((tag) => tag.name)
          ]),
          [["North", ["Denver", "Columbus", "Newark", "Omaha"]], ["South", [
            "Dallas",
            "Atlanta",
            "Phoenix",
            "Sacramento"
          ]]]
        )
        assert.strictEqual(new Set(tags.map((tag) => tag.id)).size, 10)
        for (const tag of tags) assert.match(tag.id, /^[1-9]\d{6}$/)
        const again = yield* Effect.provide(Effect.flatMap(StandIn, (standIn) => standIn.tags), StandIn.layer())
        deepStrictEqual(again, tags)
      }).pipe(Effect.provide(StandIn.layer())))

    /**
     * The tag laws every filtered list obeys, whatever the fleet's draw: depot tags split the list, a region's
     * `parentTagIds` is its depots' `tagIds`, `parentTagIds` includes the tag itself, and nothing carries a region
     * tag directly.
     */
    const tagLaws = <A, E, R>(list: (filter: TagFilter) => Effect.Effect<ReadonlyArray<A>, E, R>) =>
      Effect.gen(function*() {
        const tags = yield* (yield* StandIn).tags
        const all = yield* list({})
        const [north, south] = tags.filter((tag) => tag.parentTagId === undefined)
        const depotsOf = (region: typeof north) => tags.filter((tag) => tag.parentTagId === region?.id)
        const byDepot = yield* Effect.forEach(
          tags.filter((tag) => tag.parentTagId !== undefined),
          (depot) => list({ tagIds: [depot.id] })
        )
        assert.strictEqual(byDepot.flat().length, all.length)
        assert.strictEqual(new Set(byDepot.flat()).size, all.length)
        const northern = yield* list({ parentTagIds: [north?.id ?? ""] })
        deepStrictEqual(northern, yield* list({ tagIds: depotsOf(north).map((tag) => tag.id) }))
        assert.isAbove(northern.length, 0)
        assert.isBelow(northern.length, all.length)
        deepStrictEqual(
          yield* list({ parentTagIds: [north?.id ?? "", south?.id ?? ""] }),
          all
        )
        const [denver] = depotsOf(north)
        const inDenver = yield* list({ tagIds: [denver?.id ?? ""] })
        deepStrictEqual(yield* list({ parentTagIds: [denver?.id ?? ""] }), inDenver)
        // Given together, an item either filter keeps is kept.
        const southern = yield* list({ parentTagIds: [south?.id ?? ""] })
        deepStrictEqual(
          yield* list({ tagIds: [denver?.id ?? ""], parentTagIds: [south?.id ?? ""] }),
          all.filter((item) => inDenver.includes(item) || southern.includes(item))
        )
        deepStrictEqual(yield* list({ tagIds: [north?.id ?? "", "4242"] }), [])
      })

    it.effect("listUploadedMedia filters by the tag of each item's vehicle", () =>
      tagLaws((filter) =>
        Effect.gen(function*() {
          const media = yield* Media
          const items = yield* Stream.runCollect(media.streamUploadedMedia({ ...june, ...filter }))
          // Whole JSON texts, so items compare by value across calls.
          return Chunk.toReadonlyArray(items).map((item) => JSON.stringify(item))
        })
      ).pipe(Effect.provide(services())))

    it.effect("driver efficiency filters drivers by driver tag and vehicles by vehicle tag", () =>
      Effect.gen(function*() {
        yield* atNow
        const efficiency = yield* DriverEfficiency
        yield* tagLaws((filter) =>
          Effect.map(
            efficiency.getDriverEfficiencyByDrivers({ ...efficiencyWindow, ...filter }),
            (page) => page.data.map((entry) => entry.driverId)
          )
        )
        yield* tagLaws((filter) =>
          Effect.map(
            efficiency.getDriverEfficiencyByVehicles({ ...efficiencyWindow, ...filter }),
            (page) => page.data.map((entry) => entry.vehicleId)
          )
        )
      }).pipe(Effect.provide(services())))

    it.effect("getFormTemplates filters by ids and ignores unknown ones", () =>
      Effect.gen(function*() {
        const forms = yield* Forms
        const all = (yield* forms.getFormTemplates()).data
        const ids = [all[3]?.id ?? "", all[0]?.id ?? "", "00000000-0000-4000-8000-000000000000"]
        const picked = yield* forms.getFormTemplates({ ids })
        deepStrictEqual(picked.data.map((template) => template.id), [all[0]?.id, all[3]?.id])
      }).pipe(Effect.provide(services())))

    it.effect("driver efficiency: dataFormats picks the parts, ids filter, and a window's figures repeat", () =>
      Effect.gen(function*() {
        yield* atNow
        const efficiency = yield* DriverEfficiency
        const scoresOnly = yield* efficiency.getDriverEfficiencyByDrivers(efficiencyWindow)
        for (const entry of scoresOnly.data) {
          deepStrictEqual([entry.scoreData !== undefined, entry.rawData, entry.percentageData], [
            true,
            undefined,
            undefined
          ])
        }
        const driverIds = scoresOnly.data.slice(0, 2).map((entry) => entry.driverId)
        const detailed = yield* efficiency.getDriverEfficiencyByDrivers({
          ...efficiencyWindow,
          driverIds,
          dataFormats: ["raw", "percentage"]
        })
        deepStrictEqual(detailed.data.map((entry) => entry.driverId), driverIds)
        for (const entry of detailed.data) {
          assert.isUndefined(entry.scoreData)
          assert.isDefined(entry.rawData)
          assert.isDefined(entry.percentageData)
        }
        const again = yield* efficiency.getDriverEfficiencyByDrivers({
          ...efficiencyWindow,
          driverIds,
          dataFormats: ["raw", "percentage"]
        })
        deepStrictEqual(again, detailed)

        const vehicles = yield* efficiency.getDriverEfficiencyByVehicles(efficiencyWindow)
        const vehicleIds = vehicles.data.slice(5, 8).map((entry) => entry.vehicleId)
        const picked = yield* efficiency.getDriverEfficiencyByVehicles({ ...efficiencyWindow, vehicleIds })
        deepStrictEqual(picked.data.map((entry) => entry.vehicleId), vehicleIds)
      }).pipe(Effect.provide(services())))
  })

  describe("error statuses", () => {
    it.effect("401 for a wrong token through the client, and for a missing one", () =>
      Effect.gen(function*() {
        const courses = yield* TrainingCourses
        const error = yield* Effect.flip(courses.getTrainingCourses())
        assert.strictEqual(error._tag, "Unauthorized")
        assert.isTrue(Option.isSome(error._tag === "Unauthorized" ? error.requestId : Option.none()))

        const missing = yield* send("GET", "/preview/training-courses", { token: null })
        assert.strictEqual(replyOf(missing).status, 401)
        assert.include(errorBody(missing).message, "Authorization: Bearer")
        deepStrictEqual((yield* received).map((request) => request.status), [401, 401])
      }).pipe(
        Effect.provide(
          TrainingCourses.layer.pipe(
            Layer.provide(
              SamsaraClient.layer({ token: Redacted.make("not-the-token"), baseUrl: "http://localhost" })
            ),
            Layer.provide(layerHttpClient),
            Layer.provideMerge(StandIn.layer())
          )
        )
      ))

    it.effect("404 for an unknown path, 405 with Allow for a wrong method", () =>
      Effect.gen(function*() {
        const unknown = yield* send("GET", "/preview/vehicles")
        assert.strictEqual(replyOf(unknown).status, 404)
        assert.include(errorBody(unknown).message, "/preview/vehicles")
        const wrongMethod = yield* send("PUT", "/preview/custom-reports/runs")
        assert.strictEqual(replyOf(wrongMethod).status, 405)
        assert.strictEqual(replyOf(wrongMethod).headers["allow"], "GET, POST")
        deepStrictEqual((yield* received).map((request) => request.operation), [undefined, undefined])
      }).pipe(Effect.provide(StandIn.layer())))

    it.effect("the app runs apart from its caller: the client's span gets no attribute from the router", () =>
      Effect.gen(function*() {
        const recorded = recording()
        yield* Effect.withTracer((yield* TrainingCourses).getTrainingCourses(), recorded.tracer)
        deepStrictEqual(
          recorded.spans.map((span) => [span.name, span.attributes.has("http.route")]),
          [["Samsara.getTrainingCourses", false]]
        )
      }).pipe(Effect.provide(services())))

    it.effect("paths match exactly, HEAD is a wrong method, and a method's case does not matter", () =>
      Effect.gen(function*() {
        const statuses = yield* Effect.forEach(
          [
            ["GET", "/preview/training-courses/"],
            ["GET", "/preview/Training-Courses"],
            ["HEAD", "/preview/training-courses"],
            ["get", "/preview/training-courses"]
          ] as const,
          ([method, target]) => Effect.map(send(method, target), (response) => replyOf(response).status)
        )
        deepStrictEqual(statuses, [404, 404, 405, 200])
        deepStrictEqual(
          (yield* received).map((request) => [request.method, request.operation]),
          [["GET", undefined], ["GET", undefined], ["HEAD", undefined], ["GET", "getTrainingCourses"]]
        )
      }).pipe(Effect.provide(StandIn.layer())))

    const hundredAndOne = Array.from({ length: 101 }, (_, index) => `id-${index}`).join(",")
    const media = "/preview/cameras/media?startTime=2025-06-01T00:00:00Z&endTime=2025-06-02T00:00:00Z"
    const efficiency = "/preview/driver-efficiency/drivers"
    const badRequests: ReadonlyArray<readonly [name: string, method: string, target: string, expected: string]> = [
      ["a missing required time", "GET", "/preview/cameras/media?endTime=2025-06-02T00:00:00Z", "startTime"],
      [
        "a time that is not RFC 3339",
        "GET",
        "/preview/cameras/media?startTime=yesterday&endTime=2025-06-02T00:00:00Z",
        "Invalid value for startTime"
      ],
      [
        "an unencoded + offset, which arrives as a space",
        "GET",
        "/preview/cameras/media?startTime=2025-06-01T02:00:00+02:00&endTime=2025-06-02T00:00:00Z",
        "%2B"
      ],
      [
        "endTime not after startTime",
        "GET",
        "/preview/cameras/media?startTime=2025-06-02T00:00:00Z&endTime=2025-06-02T00:00:00Z",
        "endTime must be after startTime"
      ],
      ["an unknown input", "GET", `${media}&inputs=rearCamera`, "inputs"],
      ["inputs sent comma-separated", "GET", `${media}&inputs=analog,dashcamRoadFacing`, "inputs=a&inputs=b"],
      ["an unknown media type", "GET", `${media}&mediaTypes=video`, "mediaTypes"],
      ["an unknown trigger reason", "GET", `${media}&triggerReasons=harshEvent`, "triggerReasons"],
      ["limit 0", "GET", "/preview/custom-reports/configs?limit=0", "limit"],
      ["limit 101", "GET", "/preview/custom-reports/configs?limit=101", "limit"],
      ["limit that is not a number", "GET", "/preview/custom-reports/configs?limit=ten", "limit"],
      ["101 course ids", "GET", `/preview/training-courses?courseIds=${hundredAndOne}`, "at most 100"],
      ["101 category ids", "GET", `/preview/training-courses?categoryIds=${hundredAndOne}`, "at most 100"],
      ["101 form template ids", "GET", `/preview/form-templates?ids=${hundredAndOne}`, "at most 100"],
      ["runs with neither filter", "GET", "/preview/custom-reports/runs", "exactly one of customReportIds or ids"],
      ["runs with both filters", "GET", "/preview/custom-reports/runs?customReportIds=a&ids=b", "exactly one"],
      ["run data without an id", "GET", "/preview/custom-reports/runs/data", "id"],
      [
        "an efficiency window off the hour",
        "GET",
        `${efficiency}?startTime=2026-01-01T00:30:00Z&endTime=2026-01-08T00:00:00Z`,
        "startTime must be a whole hour"
      ],
      [
        "an efficiency window shorter than a day",
        "GET",
        `${efficiency}?startTime=2026-01-01T00:00:00Z&endTime=2026-01-01T23:00:00Z`,
        "at least one day"
      ],
      [
        "an efficiency window ending within three hours of now",
        "GET",
        `${efficiency}?startTime=2026-01-14T00:00:00Z&endTime=2026-01-15T10:00:00Z`,
        "three hours in the past"
      ],
      ["a delete without ids", "DELETE", "/preview/training-assignments", "ids"],
      ["a delete of 101 ids", "DELETE", `/preview/training-assignments?ids=${hundredAndOne}`, "at most 100"],
      ["a patch without ids", "PATCH", "/preview/training-assignments?dueAtTime=2026-02-01T00:00:00Z", "ids"],
      ["a patch without dueAtTime", "PATCH", "/preview/training-assignments?ids=a", "dueAtTime"],
      ["a malformed percent-encoding", "GET", "/preview/training-courses?courseIds=%E0%A4%A", "percent-encoding"]
    ]

    const impossibleTimes: ReadonlyArray<readonly [name: string, time: string]> = [
      ["February 30", "2024-02-30T00:00:00Z"],
      ["February 29 of a common year", "2023-02-29T00:00:00Z"],
      ["February 29 of a century year", "1900-02-29T00:00:00Z"],
      ["April 31", "2025-04-31T00:00:00Z"],
      ["day 0", "2025-06-00T00:00:00Z"],
      ["month 13", "2025-13-01T00:00:00Z"],
      ["month 0", "2025-00-10T00:00:00Z"],
      ["hour 24", "2025-06-01T24:00:00Z"],
      ["minute 60", "2025-06-01T10:60:00Z"],
      ["second 60", "2025-06-01T10:00:60Z"],
      ["an offset of 24 hours", "2025-06-01T10:00:00-24:00"],
      ["an offset with 60 minutes", "2025-06-01T10:00:00%2B05:60"]
    ]
    for (const [name, time] of impossibleTimes) {
      it.effect(`400 for a time off the calendar: ${name}`, () =>
        Effect.gen(function*() {
          const response = yield* send("GET", `/preview/cameras/media?startTime=${time}&endTime=2025-07-01T00:00:00Z`)
          assert.strictEqual(replyOf(response).status, 400)
          assert.include(errorBody(response).message, "Invalid value for startTime")
        }).pipe(Effect.provide(StandIn.layer())))
    }

    it.effect("times at the edges of the calendar are accepted", () =>
      Effect.gen(function*() {
        const statuses = yield* Effect.forEach(
          [
            "2024-02-29T23:59:59Z",
            "2000-02-29T00:00:00Z",
            "2025-12-31T23:59:59.999Z",
            "2025-01-31T00:00:00%2B23:59",
            "2025-06-30T00:00:00-00:00"
          ],
          (time) =>
            Effect.map(
              send("GET", `/preview/cameras/media?startTime=${time}&endTime=2026-07-01T00:00:00Z`),
              (response) => replyOf(response).status
            )
        )
        deepStrictEqual(statuses, [200, 200, 200, 200, 200])
      }).pipe(Effect.provide(StandIn.layer({ rateLimits: false }))))

    it.effect("a time is read as the instant it names: its offset, its fraction to the millisecond, in any year", () =>
      Effect.gen(function*() {
        const configs = decodeStrict(
          GetCustomReportConfigsResponse,
          yield* send("GET", "/preview/custom-reports/configs")
        )
        // A posted run echoes its startTime in UTC, as the stand-in read it.
        const readAs = (startTime: string) =>
          Effect.gen(function*() {
            const body = JSON.stringify({
              customReportId: configs.data[0]?.id,
              startTime,
              endTime: "2100-01-01T00:00:00Z"
            })
            const posted = decodeStrict(
              PostCustomReportRunResponse,
              yield* send("POST", "/preview/custom-reports/runs", { body })
            )
            const runs = decodeStrict(
              GetCustomReportRunsResponse,
              yield* send("GET", `/preview/custom-reports/runs?ids=${posted.data.id}`)
            )
            return runs.data.map((run) => run.startTime)
          })
        const read = yield* Effect.forEach(
          [
            "2025-06-01T12:00:00+02:00",
            "2024-02-29T23:30:00.25-01:00",
            "1969-12-31T23:59:59.9999z",
            "0099-12-31T23:00:00-01:00"
          ],
          readAs
        )
        deepStrictEqual(read.map((times) => times.map(DateTime.formatIso)), [
          ["2025-06-01T10:00:00.000Z"],
          ["2024-03-01T00:30:00.250Z"],
          ["1969-12-31T23:59:59.999Z"],
          ["0100-01-01T00:00:00.000Z"]
        ])
      }).pipe(Effect.provide(StandIn.layer({ rateLimits: false }))))

    for (const [name, method, target, expected] of badRequests) {
      it.effect(`400 with {message, requestId} for ${name}`, () =>
        Effect.gen(function*() {
          yield* atNow
          const response = yield* send(method, target)
          assert.strictEqual(replyOf(response).status, 400)
          assert.include(errorBody(response).message, expected)
        }).pipe(Effect.provide(StandIn.layer())))
    }

    const runBody = (fields: string) =>
      `{"startTime":"2025-06-01T00:00:00Z","endTime":"2025-06-08T00:00:00Z"${fields === "" ? "" : `,${fields}`}}`
    const badRuns: ReadonlyArray<readonly [name: string, body: string, status: number, expected: string]> = [
      ["a body that is not JSON", "{\"customReportId\":", 400, "not valid JSON"],
      ["a missing customReportId", runBody(""), 400, "customReportId is required"],
      ["fractional tag ids", runBody("\"customReportId\":\"r\",\"tagIds\":[1.5]"), 400, "tagIds"],
      ["exponent tag ids", runBody("\"customReportId\":\"r\",\"tagIds\":[1e3]"), 400, "tagIds"],
      ["string tag ids", runBody("\"customReportId\":\"r\",\"tagIds\":[\"12\"]"), 400, "tagIds"],
      ["an unknown report", runBody("\"customReportId\":\"no-such-report\""), 404, "no-such-report"]
    ]

    for (const [name, body, status, expected] of badRuns) {
      it.effect(`postCustomReportRun answers ${status} for ${name}`, () =>
        Effect.gen(function*() {
          const response = yield* send("POST", "/preview/custom-reports/runs", { body })
          assert.strictEqual(replyOf(response).status, status)
          assert.include(errorBody(response).message, expected)
        }).pipe(Effect.provide(StandIn.layer())))
    }
  })

  describe("rate limits", () => {
    it.effect("429 with Retry-After once an operation's budget is spent, and recovery as the window slides", () =>
      Effect.gen(function*() {
        const courses = yield* TrainingCourses
        for (let call = 0; call < 5; call++) yield* courses.getTrainingCourses()
        const error = yield* Effect.flip(courses.getTrainingCourses())
        assert.strictEqual(error._tag, "TooManyRequests")
        deepStrictEqual(
          error._tag === "TooManyRequests" ? error.retryAfter : Option.none(),
          Option.some(Duration.seconds(1))
        )
        // Budgets are per operation: another operation is unaffected.
        yield* (yield* Forms).getFormTemplates()
        yield* TestClock.adjust("999 millis")
        assert.strictEqual((yield* Effect.flip(courses.getTrainingCourses()))._tag, "TooManyRequests")
        yield* TestClock.adjust("1 millis")
        assert.strictEqual((yield* courses.getTrainingCourses()).data.length, 100)
      }).pipe(Effect.provide(services({ rateLimits: true }))))

    it.effect("the client's default retries wait out the Retry-After and finish the stream", () =>
      Effect.gen(function*() {
        const courses = yield* TrainingCourses
        const fiber = yield* Effect.fork(Stream.runCount(courses.streamTrainingCourses()))
        yield* TestClock.adjust("1 second")
        yield* TestClock.adjust("1 second")
        assert.strictEqual(yield* Fiber.join(fiber), 1000)
        const statuses = (yield* received).map((request) => request.status)
        assert.strictEqual(statuses.filter((status) => status === 200).length, 10)
        assert.include(statuses, 429)
      }).pipe(Effect.provide(PreviewApis.layer.pipe(Layer.provideMerge(layerClient({ rateLimits: true }))))))

    it.effect("postCustomReportRun allows 240 a day; the 241st waits about a day", () =>
      Effect.gen(function*() {
        const configs = decodeStrict(
          GetCustomReportConfigsResponse,
          yield* send("GET", "/preview/custom-reports/configs")
        )
        const body = JSON.stringify({
          customReportId: configs.data[0]?.id,
          startTime: "2025-06-01T00:00:00Z",
          endTime: "2025-06-02T00:00:00Z"
        })
        for (let run = 0; run < 240; run++) {
          assert.strictEqual(replyOf(yield* send("POST", "/preview/custom-reports/runs", { body })).status, 200)
          yield* TestClock.adjust("1 second")
        }
        const refused = replyOf(yield* send("POST", "/preview/custom-reports/runs", { body }))
        assert.strictEqual(refused.status, 429)
        assert.strictEqual(refused.headers["retry-after"], String(86_400 - 240))
        yield* TestClock.adjust(Duration.seconds(86_400 - 240))
        assert.strictEqual(replyOf(yield* send("POST", "/preview/custom-reports/runs", { body })).status, 200)
      }).pipe(Effect.provide(StandIn.layer())))

    it.effect("StandIn.layer enforces budgets unless rateLimits: false; layerClient only with rateLimits: true", () =>
      Effect.gen(function*() {
        const sixCalls = Effect.gen(function*() {
          for (let call = 0; call < 6; call++) yield* send("GET", "/preview/training-courses")
          return (yield* received).map((request) => request.status)
        })
        const throttled = [200, 200, 200, 200, 200, 429]
        const unthrottled = [200, 200, 200, 200, 200, 200]
        const statuses = yield* Effect.all([
          Effect.provide(sixCalls, StandIn.layer()),
          Effect.provide(sixCalls, StandIn.layer({ rateLimits: false })),
          Effect.provide(sixCalls, layerClient()),
          Effect.provide(sixCalls, layerClient({ rateLimits: true })),
          // An option given as undefined is absent, under exactOptionalPropertyTypes too.
          Effect.provide(sixCalls, StandIn.layer({ rateLimits: undefined })),
          Effect.provide(sixCalls, layerClient({ rateLimits: undefined }))
        ])
        deepStrictEqual(statuses, [throttled, unthrottled, unthrottled, throttled, throttled, unthrottled])
      }))
  })

  describe("state changed by writes", () => {
    it.effect("a queued run goes from pending to completed on the clock, then serves its data page by page", () =>
      Effect.gen(function*() {
        const reports = yield* CustomReports
        const config = (yield* reports.getCustomReportConfigs()).data[2]
        assert.isDefined(config)
        const queued = yield* reports.postCustomReportRun({
          customReportId: config?.id ?? "",
          startTime: "2025-11-01T00:00:00Z",
          endTime: "2025-11-08T00:00:00Z",
          tagIds: [2677784051113612001n, 42],
          attributeValueIds: ["attr-1"]
        })
        assert.strictEqual(DateTime.formatIso(queued.data.createdAtTime), "1970-01-01T00:00:00.000Z")
        const progress = () =>
          Effect.map(
            reports.getCustomReportRuns({ ids: [queued.data.id] }),
            (page) => page.data.map((run) => [run.status, run.percentComplete])
          )

        deepStrictEqual(yield* progress(), [["pending", 0]])
        const early = yield* Effect.flip(reports.getCustomReportRunData({ id: queued.data.id }))
        assert.strictEqual(early._tag, "BadRequest")
        assert.include(early.message, "still pending")
        yield* TestClock.adjust("4 seconds")
        deepStrictEqual(yield* progress(), [["pending", 40]])
        yield* TestClock.adjust("6 seconds")
        deepStrictEqual(yield* progress(), [["completed", 100]])
        const run = (yield* reports.getCustomReportRuns({ ids: [queued.data.id] })).data[0]
        deepStrictEqual([run?.tagIds, run?.attributeValueIds], [["2677784051113612001", "42"], ["attr-1"]])
        assert.strictEqual(run && DateTime.formatIso(run.updatedAtTime), "1970-01-01T00:00:10.000Z")

        yield* TestClock.adjust("1 second")
        const rows = Chunk.toReadonlyArray(
          yield* Stream.runCollect(reports.streamCustomReportRunData({ id: queued.data.id }))
        )
        assert.strictEqual(rows.length, 250)
        const types = config?.columns.map((column) => column.type) ?? []
        for (const row of rows) {
          deepStrictEqual(row.map((cell) => typeof cell === "number" ? "numeric" : "string"), types)
        }
        deepStrictEqual(
          (yield* received).filter((request) => request.operation === "getCustomReportRunData").map((request) =>
            request.status
          ),
          [400, 200, 200, 200]
        )
      }).pipe(Effect.provide(services({ runDuration: "10 seconds" }))))

    it.effect("patch sets due dates and returns the assignments it changed; unknown ids are ignored", () =>
      Effect.gen(function*() {
        yield* atNow
        const assignments = yield* TrainingAssignments
        const ids = (yield* (yield* StandIn).trainingAssignmentIds).slice(10, 13)
        const patched = yield* assignments.patchTrainingAssignments({
          ids: [...ids, "no-such-assignment"],
          dueAtTime: "2026-03-01T17:00:00+01:00"
        })
        deepStrictEqual(patched.data.map((assignment) => assignment.id), ids)
        for (const assignment of patched.data) {
          deepStrictEqual(
            [
              assignment.dueAtTime && DateTime.formatIso(assignment.dueAtTime),
              DateTime.formatIso(assignment.updatedAtTime)
            ],
            ["2026-03-01T16:00:00.000Z", "2026-01-15T12:00:00.000Z"]
          )
        }
      }).pipe(Effect.provide(services())))

    it.effect("delete removes assignments: 204, and a later patch no longer returns them", () =>
      Effect.gen(function*() {
        const assignments = yield* TrainingAssignments
        const standIn = yield* StandIn
        const ids = (yield* standIn.trainingAssignmentIds).slice(0, 4)
        yield* assignments.deleteTrainingAssignments({ ids: ids.slice(0, 2) })
        const patched = yield* assignments.patchTrainingAssignments({ ids, dueAtTime: "2026-03-01T00:00:00Z" })
        deepStrictEqual(patched.data.map((assignment) => assignment.id), ids.slice(2))
        assert.strictEqual((yield* standIn.trainingAssignmentIds).length, 198)
        deepStrictEqual((yield* received)[0]?.status, 204)
      }).pipe(Effect.provide(services())))
  })

  describe("determinism", () => {
    const script = Effect.gen(function*() {
      yield* atNow
      const targets = [
        "/preview/training-courses?status=published",
        "/preview/form-templates",
        "/preview/cameras/media?startTime=2025-06-01T00:00:00Z&endTime=2025-06-05T00:00:00Z",
        "/preview/custom-reports/configs",
        `${"/preview/driver-efficiency/vehicles"}?startTime=2026-01-01T00:00:00Z&endTime=2026-01-02T00:00:00Z` +
        "&dataFormats=score,raw,percentage",
        "/preview/no-such-path"
      ]
      return yield* Effect.forEach(
        targets,
        (target) => Effect.map(send("GET", target), (response) => replyOf(response).body)
      )
    })

    it.effect("the same seed gives the same bodies, byte for byte; another seed does not", () =>
      Effect.gen(function*() {
        const first = yield* Effect.provide(script, StandIn.layer({ seed: 7 }))
        const second = yield* Effect.provide(script, StandIn.layer({ seed: 7 }))
        const other = yield* Effect.provide(script, StandIn.layer({ seed: 8 }))
        deepStrictEqual(first, second)
        first.forEach((body, index) => assert.notStrictEqual(body, other[index]))
      }))

    it.effect("every option given as undefined is absent: the same bodies as no options", () =>
      Effect.gen(function*() {
        const absent = yield* Effect.provide(
          script,
          StandIn.layer({
            seed: undefined,
            sizes: { trainingCourses: undefined, uploadedMedia: undefined },
            pageSize: undefined,
            token: undefined,
            rateLimits: undefined,
            faults: undefined,
            runDuration: undefined,
            mediaCapturedBefore: undefined
          })
        )
        deepStrictEqual(absent, yield* Effect.provide(script, StandIn.layer()))
      }))
  })

  describe("faults", () => {
    it.effect("a status fault answers with its body and headers, for `times` requests", () =>
      Effect.gen(function*() {
        const courses = yield* TrainingCourses
        const error = yield* Effect.flip(courses.getTrainingCourses())
        assert.strictEqual(error._tag, "ServiceUnavailable")
        if (error._tag === "ServiceUnavailable") {
          deepStrictEqual(error.retryAfter, Option.some(Duration.seconds(7)))
          assert.strictEqual(error.body, "{\"message\":\"maintenance\",\"requestId\":\"r-1\"}")
        }
        assert.strictEqual((yield* courses.getTrainingCourses()).data.length, 100)
      }).pipe(Effect.provide(services({
        faults: [{
          operation: "getTrainingCourses",
          times: 1,
          fault: Fault.status(503, {
            body: "{\"message\":\"maintenance\",\"requestId\":\"r-1\"}",
            headers: { "retry-after": "7" }
          })
        }]
      }))))

    it.effect("the client's default retries honour an injected 429's Retry-After", () =>
      Effect.gen(function*() {
        yield* (yield* StandIn).inject({
          operation: "getTrainingCourses",
          times: 1,
          fault: Fault.status(429, { headers: { "retry-after": "3" } })
        })
        const courses = yield* TrainingCourses
        const fiber = yield* Effect.fork(courses.getTrainingCourses())
        yield* TestClock.adjust("2 seconds")
        assert.isTrue(Option.isNone(yield* Fiber.poll(fiber)))
        yield* TestClock.adjust("1 second")
        assert.strictEqual((yield* Fiber.join(fiber)).data.length, 100)
        deepStrictEqual((yield* received).map((request) => request.status), [429, 200])
      }).pipe(Effect.provide(TrainingCourses.layer.pipe(Layer.provideMerge(layerClient())))))

    it.effect("a status fault without a body sends the standard error body", () =>
      Effect.gen(function*() {
        yield* (yield* StandIn).inject({ fault: Fault.status(500) })
        const response = yield* send("GET", "/preview/form-templates")
        assert.strictEqual(replyOf(response).status, 500)
        assert.strictEqual(errorBody(response).message, "Injected 500 from the stand-in")
      }).pipe(Effect.provide(StandIn.layer())))

    it.effect("a status fault's headers are sent as given, a content type included", () =>
      Effect.gen(function*() {
        const standIn = yield* StandIn
        yield* standIn.inject({
          times: 1,
          fault: Fault.status(502, { body: "<html>Bad Gateway</html>", headers: { "Content-Type": "text/html" } })
        })
        yield* standIn.inject({ times: 1, fault: Fault.status(503, { headers: { "retry-after": "2" } }) })
        const page = replyOf(yield* send("GET", "/preview/form-templates"))
        const unavailable = replyOf(yield* send("GET", "/preview/form-templates"))
        deepStrictEqual(
          [page.status, page.headers["content-type"], page.body],
          [502, "text/html", "<html>Bad Gateway</html>"]
        )
        deepStrictEqual(
          [unavailable.status, unavailable.headers["content-type"], unavailable.headers["retry-after"]],
          [503, "application/json; charset=utf-8", "2"]
        )
      }).pipe(Effect.provide(StandIn.layer())))

    it.effect("a rule's and a fault's fields given as undefined are absent: every request, the standard body", () =>
      Effect.gen(function*() {
        yield* (yield* StandIn).inject({
          operation: undefined,
          nth: undefined,
          times: undefined,
          fault: Fault.status(500, { body: undefined, headers: undefined })
        })
        for (const target of ["/preview/form-templates", "/preview/training-courses", "/preview/form-templates"]) {
          const response = yield* send("GET", target)
          assert.strictEqual(replyOf(response).status, 500)
          assert.strictEqual(errorBody(response).message, "Injected 500 from the stand-in")
        }
      }).pipe(Effect.provide(StandIn.layer())))

    it.effect("latency holds the answer until the clock has moved", () =>
      Effect.gen(function*() {
        yield* (yield* StandIn).inject({ operation: "getFormTemplates", fault: Fault.latency("2 seconds") })
        const forms = yield* Forms
        const fiber = yield* Effect.fork(forms.getFormTemplates())
        yield* TestClock.adjust("1999 millis")
        assert.isTrue(Option.isNone(yield* Fiber.poll(fiber)))
        yield* TestClock.adjust("1 millis")
        assert.strictEqual((yield* Fiber.join(fiber)).data.length, 50)
      }).pipe(Effect.provide(services())))

    it.effect("a reset is a TransportError, recorded with no status", () =>
      Effect.gen(function*() {
        yield* (yield* StandIn).inject({ fault: Fault.reset, times: 1 })
        const error = yield* Effect.flip((yield* Forms).getFormTemplates())
        deepStrictEqual([error._tag, "reason" in error ? error.reason : undefined], [
          "TransportError",
          "NetworkFailure"
        ])
        deepStrictEqual((yield* received).map((request) => request.status), [undefined])
      }).pipe(Effect.provide(services())))

    it.effect("a truncated body is a TransportError: the body could not be read", () =>
      Effect.gen(function*() {
        yield* (yield* StandIn).inject({ fault: Fault.truncated })
        const error = yield* Effect.flip((yield* Forms).getFormTemplates())
        assert.strictEqual(error._tag, "TransportError")
        assert.include(error.message, "could not be read")
        const raw = replyOf(yield* send("GET", "/preview/form-templates"))
        assert.strictEqual(raw.truncateAt, Math.floor(new TextEncoder().encode(raw.body).length / 2))
      }).pipe(Effect.provide(services())))

    it.effect("a malformed or HTML body is a DecodeError", () =>
      Effect.gen(function*() {
        const standIn = yield* StandIn
        yield* standIn.inject({ fault: Fault.malformed, times: 1 })
        yield* standIn.inject({ fault: Fault.html, times: 1 })
        const forms = yield* Forms
        const malformed = yield* Effect.flip(forms.getFormTemplates())
        assert.strictEqual(malformed._tag, "DecodeError")
        // The client words the rest of the message; the stand-in's part is that the 200 body did not parse.
        assert.match(malformed.message, /^getFormTemplates: the 200 response is not /)
        const html = yield* Effect.flip(forms.getFormTemplates())
        assert.strictEqual(html._tag, "DecodeError")
        assert.strictEqual((yield* forms.getFormTemplates()).data.length, 50)
      }).pipe(Effect.provide(services())))

    it.effect("nth picks one matching request; rules for other operations do not count it", () =>
      Effect.gen(function*() {
        const rules: ReadonlyArray<FaultRule> = [
          { operation: "getTrainingCourses", nth: 2, fault: Fault.status(502) },
          { operation: "getFormTemplates", fault: Fault.status(504) },
          { operation: "getTrainingCourses", nth: 3, times: 2, fault: Fault.status(500) }
        ]
        const standIn = yield* StandIn
        for (const rule of rules) yield* standIn.inject(rule)
        const statuses = yield* Effect.forEach(
          Array.from({ length: 6 }),
          () => Effect.map(send("GET", "/preview/training-courses"), (response) => replyOf(response).status)
        )
        deepStrictEqual(statuses, [200, 502, 500, 500, 200, 200])
      }).pipe(Effect.provide(StandIn.layer({ rateLimits: false }))))
  })

  describe("every generated body decodes with the client's schemas", () => {
    const sizes = {
      trainingCourses: FastCheck.integer({ min: 0, max: 250 }),
      formTemplates: FastCheck.integer({ min: 0, max: 30 }),
      uploadedMedia: FastCheck.integer({ min: 0, max: 150 }),
      drivers: FastCheck.integer({ min: 0, max: 20 }),
      vehicles: FastCheck.integer({ min: 0, max: 15 }),
      customReports: FastCheck.integer({ min: 0, max: 9 }),
      trainingAssignments: FastCheck.integer({ min: 0, max: 40 }),
      reportRowsPerRun: FastCheck.integer({ min: 0, max: 120 })
    }

    it.effect.prop(
      "for any seed, sizes and page size",
      { seed: FastCheck.integer(), sizes: FastCheck.record(sizes), pageSize: FastCheck.integer({ min: 1, max: 100 }) },
      ({ pageSize, seed, sizes }) =>
        Effect.gen(function*() {
          yield* atNow
          const courses = yield* allPages("/preview/training-courses", GetTrainingCoursesResponse)
          assert.strictEqual(courses.flatMap((page) => page.data).length, sizes.trainingCourses)
          const forms = yield* allPages("/preview/form-templates", GetFormTemplatesResponse)
          assert.strictEqual(forms.flatMap((page) => page.data).length, sizes.formTemplates)
          const media = yield* allPages(
            "/preview/cameras/media?startTime=2025-06-01T00:00:00Z&endTime=2025-07-01T00:00:00Z",
            ListUploadedMediaResponse
          )
          assert.strictEqual(
            media.flatMap((page) => page.data.media).length,
            sizes.vehicles === 0 ? 0 : sizes.uploadedMedia
          )
          const window = "startTime=2025-12-01T00:00:00Z&endTime=2025-12-31T00:00:00Z&dataFormats=score,raw,percentage"
          yield* allPages(`/preview/driver-efficiency/drivers?${window}`, GetDriverEfficiencyByDriversResponse)
          yield* allPages(`/preview/driver-efficiency/vehicles?${window}`, GetDriverEfficiencyByVehiclesResponse)
          const configs = (yield* allPages("/preview/custom-reports/configs", GetCustomReportConfigsResponse))
            .flatMap((page) => page.data)
          assert.strictEqual(configs.length, sizes.customReports)
          for (const config of configs) {
            const posted = decodeStrict(
              PostCustomReportRunResponse,
              yield* send("POST", "/preview/custom-reports/runs", {
                body: `{"customReportId":"${config.id}","startTime":"2025-12-01T00:00:00Z",` +
                  `"endTime":"2025-12-02T00:00:00Z","tagIds":[9007199254740993]}`
              })
            )
            assert.strictEqual(posted.data.customReportId, config.id)
          }
          yield* TestClock.adjust("3 seconds")
          const runs = configs.length === 0
            ? []
            : (yield* allPages(
              `/preview/custom-reports/runs?customReportIds=${configs.map((config) => config.id).join(",")}`,
              GetCustomReportRunsResponse
            )).flatMap((page) => page.data)
          for (const run of runs.filter((candidate) => candidate.status === "completed")) {
            const rows =
              (yield* allPages(`/preview/custom-reports/runs/data?id=${run.id}`, GetCustomReportRunDataResponse))
                .flatMap((page) => page.data.rows)
            assert.strictEqual(rows.length, sizes.reportRowsPerRun)
          }
          const ids = (yield* (yield* StandIn).trainingAssignmentIds).slice(0, 100)
          if (ids.length > 0) {
            const patched = decodeStrict(
              PatchTrainingAssignmentsResponse,
              yield* send("PATCH", `/preview/training-assignments?ids=${ids.join(",")}&dueAtTime=2026-02-01T00:00:00Z`)
            )
            assert.strictEqual(patched.data.length, ids.length)
          }
        }).pipe(Effect.provide(StandIn.layer({ seed, sizes, pageSize, rateLimits: false }))),
      // 25 whole organisations, each read page by page: seconds on a busy machine.
      { fastCheck: { numRuns: 25 }, timeout: 30_000 }
    )
  })
})
