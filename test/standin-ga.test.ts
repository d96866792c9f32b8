/**
 * The stand-in serving Samsara's current API beside the preview, from the one generated organisation: every current
 * endpoint answered and decoded strictly, the two generations agreeing on every shared entity, the stand-in's own
 * checks of the current rules, every page streamed without moving `TestClock`, `runReport` in memory and over a
 * socket, and faults aimed at one generation.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { assert, describe, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import { CustomReports } from "../src/CustomReports.js"
import { DriverEfficiency } from "../src/DriverEfficiency.js"
import { Forms } from "../src/Forms.js"
import * as Ga from "../src/ga.js"
import { Media } from "../src/Media.js"
import * as PreviewApis from "../src/PreviewApis.js"
import { SamsaraClient } from "../src/SamsaraClient.js"
import { Fault, layerClient, type LayerClientOptions, serve, StandIn, type StandInResponse } from "../src/testing.js"
import { TrainingAssignments } from "../src/TrainingAssignments.js"
import { TrainingCourses } from "../src/TrainingCourses.js"

/** Mid-January 2026: driver-efficiency windows must end three hours before now. */
const now = Date.parse("2026-01-15T12:00:00Z")
const atNow = TestClock.setTime(now)

/** Both generations' services on one stand-in, client retries off so each call is one request. */
const services = (options?: LayerClientOptions) =>
  Layer.mergeAll(PreviewApis.layer, Ga.Api.layer).pipe(
    Layer.provideMerge(layerClient({ ...options, client: { retry: Schedule.stop, ...options?.client } }))
  )

/** One request straight to `handle`, bypassing the client's own validation. */
const send = (method: string, target: string, body = "") =>
  Effect.flatMap(StandIn, (standIn) =>
    standIn.handle({
      method,
      url: new URL(target, "http://standin.local"),
      headers: { authorization: "Bearer standin-token" },
      body
    }))

const replyOf = (response: StandInResponse) => {
  if (response._tag !== "Reply") return assert.fail(`expected a reply, got ${response._tag}`)
  return response
}

const ErrorBody = Schema.parseJson(Schema.Struct({ message: Schema.String, requestId: Schema.String }))

/** The status and Samsara's error body, which has exactly `message` and `requestId`. */
const refusal = (response: StandInResponse) => {
  const reply = replyOf(response)
  const { message } = Schema.decodeUnknownSync(ErrorBody, { onExcessProperty: "error" })(reply.body)
  return { status: reply.status, message }
}

/** Decodes a body with one of the client's schemas, refusing any field the schema does not declare. */
const decodeStrict = <A, I>(schema: Schema.Schema<A, I>, response: StandInResponse): A => {
  const reply = replyOf(response)
  assert.strictEqual(reply.status, 200, reply.body)
  return Schema.decodeUnknownSync(Schema.parseJson(schema), { onExcessProperty: "error" })(reply.body)
}

const received = Effect.flatMap(StandIn, (standIn) => standIn.received)

const collect = <A, E, R>(stream: Stream.Stream<A, E, R>) => Effect.map(Stream.runCollect(stream), Chunk.toArray)

/** A week of whole hours ending well before `now`, and a day of June 2025 when the media were captured. */
const efficiencyWindow = { startTime: "2026-01-01T00:00:00Z", endTime: "2026-01-08T00:00:00Z" }
const june = { startTime: "2025-06-01T00:00:00Z", endTime: "2025-07-01T00:00:00Z" }

/** The fleet's vehicle ids, read from the preview's media, which the current API needs as a filter. */
const fleetOf = (media: ReadonlyArray<{ readonly vehicleId: string }>) => [...new Set(media.map((m) => m.vehicleId))]

/** A day of media: the day of the first item captured in June. */
const mediaDay = (media: ReadonlyArray<{ readonly startTime: string }>) => {
  const day = (media[0]?.startTime ?? "2025-06-01").slice(0, 10)
  const start = Date.parse(`${day}T00:00:00Z`)
  return { startTime: `${day}T00:00:00Z`, endTime: new Date(start + 86_400_000).toISOString() }
}

describe("StandIn serves the current API", () => {
  it.effect("answers all 12 operations, each body decoding strictly with the current API's schemas", () =>
    Effect.gen(function*() {
      yield* atNow
      const courses = decodeStrict(Ga.GetTrainingCoursesResponse, yield* send("GET", "/training-courses"))
      assert.deepStrictEqual([courses.data.length, courses.pagination.hasNextPage], [100, true])
      const templates = decodeStrict(Ga.GetFormTemplatesResponse, yield* send("GET", "/form-templates"))
      assert.deepStrictEqual([templates.data.length, templates.pagination.endCursor], [50, ""])
      const vehicles = yield* send(
        "GET",
        "/preview/cameras/media?startTime=2025-06-01T00:00:00Z&endTime=2025-07-01T00:00:00Z"
      )
      const fleet = fleetOf(
        Schema.decodeUnknownSync(Schema.parseJson(Schema.Struct({
          data: Schema.Struct({ media: Schema.Array(Schema.Struct({ vehicleId: Schema.String })) })
        })))(replyOf(vehicles).body).data.media
      )
      const day = "startTime=2025-06-20T00:00:00Z&endTime=2025-06-21T00:00:00Z"
      const media = decodeStrict(
        Ga.ListUploadedMediaResponse,
        yield* send("GET", `/cameras/media?vehicleIds=${encodeURIComponent(fleet.slice(0, 20).join(","))}&${day}`)
      )
      assert.isAbove(media.data.media.length, 0)
      const window = "startTime=2026-01-01T00:00:00Z&endTime=2026-01-08T00:00:00Z"
      const byDriver = decodeStrict(
        Ga.GetDriverEfficiencyByDriversResponse,
        yield* send("GET", `/driver-efficiency/drivers?${window}&dataFormats=score&dataFormats=raw`)
      )
      assert.strictEqual(byDriver.data.length, 40)
      const byVehicle = decodeStrict(
        Ga.GetDriverEfficiencyByVehiclesResponse,
        yield* send("GET", `/driver-efficiency/vehicles?${window}`)
      )
      assert.strictEqual(byVehicle.data.length, 30)
      const configs = decodeStrict(Ga.GetReportConfigsResponse, yield* send("GET", "/reports/configs"))
      assert.deepStrictEqual(configs.data.map((config) => [config.name, config.datasetId]), [
        ["Fuel Usage by Vehicle", "FuelUsageByVehicle"],
        ["Driver Safety Scorecard", "DriverSafetyScorecard"],
        ["Reefer Temperature Compliance", "ReeferTemperatureCompliance"],
        ["Engine Health Summary", "EngineHealthSummary"],
        ["EV Energy Usage", "EVEnergyUsage"]
      ])
      const datasets = decodeStrict(Ga.GetDatasetsResponse, yield* send("GET", "/reports/datasets"))
      assert.strictEqual(datasets.data.length, 7)
      assert.deepStrictEqual(datasets.data[0], {
        displayName: "Fuel Usage by Vehicle",
        fields: [
          { dataType: "string", displayName: "Vehicle", name: "vehicle" },
          { dataType: "string", displayName: "Date", name: "date" },
          { dataType: "float", displayName: "Distance", name: "distance", unit: "miles" },
          { dataType: "float", displayName: "Fuel Used", name: "fuelUsed", unit: "gallons" },
          { dataType: "float", displayName: "Fuel Economy", name: "fuelEconomy", unit: "milesPerGallon" },
          { dataType: "integer", displayName: "Idle Time", name: "idleTime", unit: "milliseconds" }
        ],
        hasTimeRangeFilter: true,
        id: "FuelUsageByVehicle",
        timeRangeLimitDays: 31
      })
      const runs = decodeStrict(Ga.GetReportRunsResponse, yield* send("GET", "/reports/runs"))
      assert.isAtLeast(runs.data.length, 5)
      const created = decodeStrict(
        Ga.CreateReportRunResponse,
        yield* send("POST", "/reports/runs", JSON.stringify({ reportConfig: { id: configs.data[0]?.id } }))
      )
      assert.strictEqual(created.data.status, "pending")
      const pending = decodeStrict(
        Ga.GetReportRunDataResponse,
        yield* send("GET", `/reports/runs/data?id=${created.data.id}`)
      )
      assert.deepStrictEqual([pending.data.status, pending.data.rows.length], ["pending", 0])
      yield* TestClock.adjust("3 seconds")
      const data = decodeStrict(
        Ga.GetReportRunDataResponse,
        yield* send("GET", `/reports/runs/data?id=${created.data.id}`)
      )
      assert.deepStrictEqual([data.data.status, data.data.rows.length, data.data.columns.length], ["complete", 100, 6])
      const ids = (yield* Effect.flatMap(StandIn, (standIn) => standIn.trainingAssignmentIds)).slice(0, 2)
      const patched = decodeStrict(
        Ga.PatchTrainingAssignmentsResponse,
        yield* send("PATCH", `/training-assignments?ids=${ids[0]}&ids=${ids[1]}&dueAtTime=2026-02-01T09:00:00Z`)
      )
      assert.deepStrictEqual(patched.data.map((assignment) => assignment.id), ids)
      assert.strictEqual(
        replyOf(yield* send("DELETE", `/training-assignments?ids=${ids[0]}&ids=${ids[1]}`)).status,
        204
      )
      assert.deepStrictEqual(
        (yield* received).filter((request) => request.generation === "ga").map((
          request
        ) => [request.operation, request.status]),
        [
          ["getTrainingCourses", 200],
          ["getFormTemplates", 200],
          ["listUploadedMedia", 200],
          ["getDriverEfficiencyByDrivers", 200],
          ["getDriverEfficiencyByVehicles", 200],
          ["getReportConfigs", 200],
          ["getDatasets", 200],
          ["getReportRuns", 200],
          ["createReportRun", 200],
          ["getReportRunData", 200],
          ["getReportRunData", 200],
          ["patchTrainingAssignments", 200],
          ["deleteTrainingAssignments", 204]
        ]
      )
    }).pipe(Effect.provide(services({ runDuration: "3 seconds" }))))

  it.effect("both generations agree on every shared entity", () =>
    Effect.gen(function*() {
      yield* atNow
      const ga = {
        courses: yield* Ga.TrainingCourses,
        forms: yield* Ga.Forms,
        media: yield* Ga.Media,
        efficiency: yield* Ga.DriverEfficiency,
        reports: yield* Ga.Reports,
        assignments: yield* Ga.TrainingAssignments
      }
      const previewCourses = yield* collect((yield* TrainingCourses).streamTrainingCourses())
      const gaCourses = yield* collect(ga.courses.streamTrainingCourses())
      assert.deepStrictEqual(
        gaCourses.map((course) => [course.id, course.revisionId, course.title, course.status, course.labels]),
        previewCourses.map((course) => [
          course.id,
          course.revisionId,
          course.title,
          course.status,
          course.label === undefined ? undefined : [course.label]
        ])
      )

      const previewTemplates = yield* collect((yield* Forms).streamFormTemplates())
      const gaTemplates = yield* collect(ga.forms.streamFormTemplates())
      const outline = (template: { readonly id: string; readonly fields: ReadonlyArray<{ readonly id: string }> }) => [
        template.id,
        template.fields.map((field) => field.id)
      ]
      assert.deepStrictEqual(gaTemplates.map(outline), previewTemplates.map(outline))
      // Asset types in the current API's lower camel case: the preview's `Vehicle` is `vehicle`.
      const assetTypes = (fields: ReadonlyArray<{ readonly allowedAssetTypes?: ReadonlyArray<string> | undefined }>) =>
        fields.flatMap((field) => field.allowedAssetTypes ?? [])
      assert.deepStrictEqual(
        gaTemplates.flatMap((template) => assetTypes(template.fields)),
        previewTemplates.flatMap((template) => assetTypes(template.fields)).map((type) => type.toLowerCase())
      )

      const previewMedia = yield* collect((yield* Media).streamUploadedMedia(june))
      const day = mediaDay(previewMedia)
      const fleet = fleetOf(previewMedia)
      const gaMedia = [
        ...(yield* collect(ga.media.streamUploadedMedia({ vehicleIds: fleet.slice(0, 20), ...day }))),
        ...(yield* collect(ga.media.streamUploadedMedia({ vehicleIds: fleet.slice(20), ...day })))
      ].sort((left, right) => left.startTime.localeCompare(right.startTime))
      const inDay = previewMedia.filter((item) => item.startTime >= day.startTime && item.startTime < day.endTime)
      assert.isAbove(inDay.length, 5)
      // The preview's rear-facing camera is the current API's first analog input.
      const gaInput = { dashcamForwardFacing: "dashcamForwardFacing", dashcamInwardFacing: "dashcamInwardFacing" }
      assert.deepStrictEqual(
        gaMedia.map((item) => [item.vehicleId, item.startTime, item.input, item.urlInfo?.url]),
        inDay.map((item) => [
          item.vehicleId,
          item.startTime,
          item.input === "dashcamRearFacing" ? "analog1" : gaInput[item.input as keyof typeof gaInput],
          item.urlInfo?.url
        ])
      )

      const efficiency = yield* DriverEfficiency
      const formats = { dataFormats: ["score", "raw", "percentage"] as const }
      assert.deepStrictEqual(
        (yield* ga.efficiency.getDriverEfficiencyByDrivers({ ...efficiencyWindow, ...formats })).data,
        (yield* efficiency.getDriverEfficiencyByDrivers({ ...efficiencyWindow, ...formats })).data
      )
      assert.deepStrictEqual(
        (yield* ga.efficiency.getDriverEfficiencyByVehicles(efficiencyWindow)).data,
        (yield* efficiency.getDriverEfficiencyByVehicles(efficiencyWindow)).data
      )

      const reports = yield* CustomReports
      const previewConfigs = (yield* reports.getCustomReportConfigs()).data
      const gaConfigs = (yield* ga.reports.getReportConfigs()).data
      assert.deepStrictEqual(
        gaConfigs.map((config) => [config.id, config.name, config.columns.map((column) => [column.name, column.unit])]),
        previewConfigs.map((config) => [
          config.id,
          config.reportName,
          config.columns.map((column) => [column.displayName, column.unit])
        ])
      )
      const previewRuns = (yield* reports.getCustomReportRuns({ customReportIds: previewConfigs.map(({ id }) => id) }))
        .data
      const gaRuns = (yield* ga.reports.getReportRuns({ reportConfigIds: gaConfigs.map(({ id }) => id) })).data
      assert.deepStrictEqual(
        gaRuns.map((run) => [run.id, run.status]),
        previewRuns.map((run) => [run.id, run.status === "completed" ? "complete" : run.status])
      )
      const completed = previewRuns.find((run) => run.status === "completed")
      assert.isDefined(completed)
      const previewRows = yield* collect(reports.streamCustomReportRunData({ id: completed?.id ?? "" }))
      const gaRows = yield* collect(ga.reports.streamReportRunData({ id: completed?.id ?? "" }))
      assert.strictEqual(gaRows.length, 250)
      assert.deepStrictEqual(gaRows, previewRows)

      // One set of assignments: a patch through either generation is seen by the other, and so is a delete.
      const standIn = yield* StandIn
      const ids = (yield* standIn.trainingAssignmentIds).slice(0, 2)
      const assignments = yield* TrainingAssignments
      const viaGa = yield* ga.assignments.patchTrainingAssignments({ ids, dueAtTime: "2026-02-01T09:00:00Z" })
      const viaPreview = yield* assignments.patchTrainingAssignments({ ids, dueAtTime: "2026-02-01T09:00:00Z" })
      assert.deepStrictEqual(viaGa, viaPreview)
      yield* ga.assignments.deleteTrainingAssignments({ ids })
      assert.deepStrictEqual(
        (yield* assignments.patchTrainingAssignments({ ids, dueAtTime: "2026-03-01T09:00:00Z" })).data,
        []
      )
      assert.notInclude(yield* standIn.trainingAssignmentIds, ids[0])
    }).pipe(Effect.provide(services())), { timeout: 20_000 })

  describe("its own checks of the current rules, in Samsara's error body", () => {
    const window = "startTime=2026-01-01T00:00:00Z&endTime=2026-01-08T00:00:00Z"
    const mediaDayQuery = "startTime=2025-06-20T00:00:00Z&endTime=2025-06-21T00:00:00Z"
    const ids = (name: string, count: number) => Array.from({ length: count }, (_, i) => `${name}=id${i}`).join("&")
    const run = (reportConfig: unknown) => JSON.stringify({ reportConfig })
    const cases: ReadonlyArray<readonly [string, string, string, string | undefined, number, string]> = [
      ["media without vehicleIds", "GET", `/cameras/media?${mediaDayQuery}`, undefined, 400, "vehicleIds"],
      [
        "media for 21 vehicles",
        "GET",
        `/cameras/media?vehicleIds=${Array.from({ length: 21 }, (_, i) => i + 1).join("%2C")}&${mediaDayQuery}`,
        undefined,
        400,
        "at most 20"
      ],
      [
        "media vehicleIds sent twice",
        "GET",
        `/cameras/media?vehicleIds=1&vehicleIds=2&${mediaDayQuery}`,
        undefined,
        400,
        "vehicleIds was given 2 times"
      ],
      [
        "media over more than a day",
        "GET",
        "/cameras/media?vehicleIds=1&startTime=2025-06-20T00:00:00Z&endTime=2025-06-21T00:00:01Z",
        undefined,
        400,
        "24 hours"
      ],
      [
        "media ending before it starts",
        "GET",
        "/cameras/media?vehicleIds=1&startTime=2025-06-21T00:00:00Z&endTime=2025-06-20T00:00:00Z",
        undefined,
        400,
        "after startTime"
      ],
      [
        "media with the preview's analog input",
        "GET",
        `/cameras/media?vehicleIds=1&${mediaDayQuery}&inputs=analog`,
        undefined,
        400,
        "inputs"
      ],
      [
        "media on February 30th",
        "GET",
        "/cameras/media?vehicleIds=1&startTime=2025-02-30T00:00:00Z&endTime=2025-03-01T00:00:00Z",
        undefined,
        400,
        "startTime"
      ],
      [
        "efficiency off the hour",
        "GET",
        "/driver-efficiency/drivers?startTime=2026-01-01T00:30:00Z&endTime=2026-01-08T00:00:00Z",
        undefined,
        400,
        "whole hour"
      ],
      [
        "efficiency ending less than three hours ago",
        "GET",
        "/driver-efficiency/vehicles?startTime=2026-01-14T00:00:00Z&endTime=2026-01-15T11:00:00Z",
        undefined,
        400,
        "three hours"
      ],
      [
        "efficiency in an unknown format",
        "GET",
        `/driver-efficiency/drivers?${window}&dataFormats=grade`,
        undefined,
        400,
        "dataFormats"
      ],
      ["101 form templates", "GET", `/form-templates?${ids("ids", 101)}`, undefined, 400, "at most 100"],
      ["a delete naming no assignment", "DELETE", "/training-assignments", undefined, 400, "ids"],
      ["a patch without dueAtTime", "PATCH", "/training-assignments?ids=a", undefined, 400, "dueAtTime"],
      ["101 courses", "GET", `/training-courses?${ids("courseIds", 101)}`, undefined, 400, "at most 100"],
      ["a course status that is not one", "GET", "/training-courses?status=draft", undefined, 400, "status"],
      ["11 report configs", "GET", `/reports/configs?${ids("ids", 11)}`, undefined, 400, "at most 10"],
      ["a config page of 101", "GET", "/reports/configs?limit=101", undefined, 400, "1 to 100"],
      ["11 runs", "GET", `/reports/runs?${ids("ids", 11)}`, undefined, 400, "at most 10"],
      ["11 configs' runs", "GET", `/reports/runs?${ids("reportConfigIds", 11)}`, undefined, 400, "at most 10"],
      ["a run page of 0", "GET", "/reports/runs?limit=0", undefined, 400, "limit"],
      ["run data without an id", "GET", "/reports/runs/data", undefined, 400, "id"],
      ["run data pages of 1025 rows", "GET", "/reports/runs/data?id=x&limit=1025", undefined, 400, "1 to 1024"],
      ["run data of an unknown run", "GET", "/reports/runs/data?id=nope", undefined, 404, "nope"],
      ["11 datasets", "GET", `/reports/datasets?${ids("ids", 11)}`, undefined, 400, "at most 10"],
      ["a dataset page of 0", "GET", "/reports/datasets?limit=0", undefined, 400, "limit"],
      ["a run body that is not JSON", "POST", "/reports/runs", "{", 400, "JSON"],
      ["a run without reportConfig", "POST", "/reports/runs", "{}", 400, "reportConfig"],
      ["the SDK's own example, an empty reportConfig", "POST", "/reports/runs", run({}), 400, "exactly one"],
      [
        "a run of a config and a dataset",
        "POST",
        "/reports/runs",
        run({ id: "x", datasetId: "FuelUsageByVehicle", columns: [{ fieldName: "vehicle" }] }),
        400,
        "exactly one"
      ],
      [
        "a run of a dataset without columns",
        "POST",
        "/reports/runs",
        run({ datasetId: "FuelUsageByVehicle" }),
        400,
        "columns"
      ],
      [
        "a run of columns without a dataset",
        "POST",
        "/reports/runs",
        run({ columns: [{ fieldName: "a" }] }),
        400,
        "datasetId"
      ],
      [
        "a run of no columns",
        "POST",
        "/reports/runs",
        run({ datasetId: "FuelUsageByVehicle", columns: [] }),
        400,
        "non-empty array"
      ],
      [
        "a run of a field the dataset lacks",
        "POST",
        "/reports/runs",
        run({ datasetId: "FuelUsageByVehicle", columns: [{ fieldName: "speed" }] }),
        400,
        "Unknown fields in dataset FuelUsageByVehicle: speed"
      ],
      [
        "a time range on a dataset without one",
        "POST",
        "/reports/runs",
        run({
          datasetId: "DriverSafetyScorecard",
          columns: [{ fieldName: "driver" }],
          filters: { primaryTimeRange: { startTime: "2025-06-01T00:00:00Z", endTime: "2025-06-02T00:00:00Z" } }
        }),
        400,
        "no time range filter"
      ],
      [
        "a time range over the dataset's 31 days",
        "POST",
        "/reports/runs",
        run({
          datasetId: "FuelUsageByVehicle",
          columns: [{ fieldName: "vehicle" }],
          filters: { primaryTimeRange: { startTime: "2025-06-01T00:00:00Z", endTime: "2025-07-02T00:00:01Z" } }
        }),
        400,
        "at most 31 days"
      ],
      [
        "a time range ending before it starts",
        "POST",
        "/reports/runs",
        run({
          id: "x",
          filters: { primaryTimeRange: { startTime: "2025-06-02T00:00:00Z", endTime: "2025-06-01T00:00:00Z" } }
        }),
        400,
        "after its startTime"
      ],
      ["a run of an unknown config", "POST", "/reports/runs", run({ id: "nope" }), 404, "Report config nope"],
      [
        "a run of an unknown dataset",
        "POST",
        "/reports/runs",
        run({ datasetId: "Nope", columns: [{ fieldName: "a" }] }),
        404,
        "Dataset Nope"
      ],
      ["a wrong method on the runs", "PUT", "/reports/runs", undefined, 405, "use GET or POST"],
      ["a wrong method on the assignments", "GET", "/training-assignments", undefined, 405, "DELETE or PATCH"],
      ["an unknown path", "GET", "/reports", undefined, 404, "No endpoint"]
    ]
    for (const [name, method, target, body, status, message] of cases) {
      it.effect(`${name}: ${status}`, () =>
        Effect.gen(function*() {
          yield* atNow
          const answer = refusal(yield* send(method, target, body))
          assert.strictEqual(answer.status, status, answer.message)
          assert.include(answer.message, message)
        }).pipe(Effect.provide(services())))
    }

    it.effect("a cursor of one generation does not continue the other's listing", () =>
      Effect.gen(function*() {
        const Page = Schema.parseJson(Schema.Struct({ pagination: Schema.Struct({ endCursor: Schema.String }) }))
        const { pagination } = Schema.decodeUnknownSync(Page)(
          replyOf(yield* send("GET", "/preview/training-courses")).body
        )
        const answer = refusal(yield* send("GET", `/training-courses?after=${pagination.endCursor}`))
        assert.deepStrictEqual([answer.status, answer.message], [
          400,
          "The cursor in after belongs to a different query; keep the other parameters unchanged between pages"
        ])
      }).pipe(Effect.provide(services())))

    it.effect("lists go as repeated keys (ids=a,b is the one id a,b); vehicleIds as one value, split once decoded", () =>
      Effect.gen(function*() {
        const courses = (target: string) =>
          Effect.map(send("GET", target), (response) => decodeStrict(Ga.GetTrainingCoursesResponse, response).data)
        const [first, second] = (yield* courses("/training-courses?limit=2")).map((course) => course.id)
        assert.strictEqual((yield* courses(`/training-courses?courseIds=${first}&courseIds=${second}`)).length, 2)
        assert.strictEqual((yield* courses(`/training-courses?courseIds=${first},${second}`)).length, 0)
        const day = "startTime=2025-06-20T00:00:00Z&endTime=2025-06-21T00:00:00Z"
        const media = (vehicleIds: string) =>
          Effect.map(
            send("GET", `/cameras/media?vehicleIds=${vehicleIds}&${day}`),
            (response) => [
              ...new Set(decodeStrict(Ga.ListUploadedMediaResponse, response).data.media.map((m) => m.vehicleId))
            ]
          )
        const PreviewMedia = Schema.Struct({
          data: Schema.Struct({ media: Schema.Array(Schema.Struct({ vehicleId: Schema.String })) })
        })
        const previewReply = yield* send("GET", `/preview/cameras/media?${day}`)
        const [a, b] = fleetOf(
          Schema.decodeUnknownSync(Schema.parseJson(PreviewMedia))(replyOf(previewReply).body).data.media
        )
        assert.deepStrictEqual((yield* media(`${a}%2C${b}`)).sort(), [a, b].sort())
        assert.deepStrictEqual(yield* media(`${a}`), [a])
      }).pipe(Effect.provide(services())))
  })
})

/** A week that ended three hours before `TestClock`'s epoch, where driver efficiency is answered at the epoch. */
const lastWeekOf1969 = { startTime: "1969-12-24T00:00:00Z", endTime: "1969-12-31T00:00:00Z" }

/** How many requests each current endpoint got, and every status answered. */
const gaRequests = Effect.map(received, (requests) => ({
  statuses: [...new Set(requests.map((request) => request.status))],
  pages: requests.reduce<Record<string, number>>(
    (pages, { generation, operation }) =>
      generation !== "ga" || operation === undefined ? pages : { ...pages, [operation]: (pages[operation] ?? 0) + 1 },
    {}
  )
}))

describe("413 for a body over 64 KiB", () => {
  /** A run of one dataset field named over and over, its body about `bytes` long. */
  const columns = (bytes: number) => Array.from({ length: Math.ceil(bytes / 24) }, () => ({ fieldName: "vehicle" }))

  it.effect("the client's createReportRun fails with ContentTooLarge, and no budget is spent", () =>
    Effect.gen(function*() {
      const reports = yield* Ga.Reports
      const error = yield* Effect.flip(
        reports.createReportRun({ reportConfig: { datasetId: "FuelUsageByVehicle", columns: columns(70_000) } })
      )
      assert.strictEqual(error._tag, "ContentTooLarge")
      const answer = refusal(
        yield* send(
          "POST",
          "/reports/runs",
          JSON.stringify({ reportConfig: { datasetId: "FuelUsageByVehicle", columns: columns(70_000) } })
        )
      )
      assert.strictEqual(answer.status, 413)
      assert.match(answer.message, /^The request body is \d+ bytes; createReportRun accepts at most 65536 bytes$/)
      // Refused for their size, neither spent any of the 50 an hour: all 50 runs within the limit are made.
      const small = JSON.stringify({ reportConfig: { datasetId: "FuelUsageByVehicle", columns: columns(60_000) } })
      const statuses: Array<number> = []
      for (let run = 0; run < 51; run++) statuses.push(replyOf(yield* send("POST", "/reports/runs", small)).status)
      assert.deepStrictEqual(statuses, [...Array.from({ length: 50 }, () => 200), 429])
    }).pipe(Effect.provide(services({ rateLimits: true }))))

  it.effect("the preview's endpoints document no 413 and read the body as before", () =>
    Effect.gen(function*() {
      const answer = refusal(
        yield* send("POST", "/preview/custom-reports/runs", JSON.stringify({ pad: "x".repeat(70_000) }))
      )
      assert.strictEqual(answer.status, 400)
    }).pipe(Effect.provide(services())))
})

describe("layerClient and the current API under TestClock", () => {
  it.effect("streams every page of every current stream without moving the clock", () =>
    Effect.gen(function*() {
      const media = yield* Media
      const previewMedia = yield* collect(media.streamUploadedMedia(june))
      const day = mediaDay(previewMedia)
      const fleet = fleetOf(previewMedia)
      const reports = yield* Ga.Reports
      const configs = yield* collect(reports.streamReportConfigs())
      const runs = yield* collect(reports.streamReportRuns())
      // A past run has finished whatever the clock says, so its data is there at the epoch.
      const complete = runs.find((run) => run.status === "complete")
      assert.isDefined(complete)
      const efficiency = yield* Ga.DriverEfficiency
      const items = {
        listUploadedMedia:
          (yield* collect((yield* Ga.Media).streamUploadedMedia({ vehicleIds: fleet.slice(0, 20), ...day })))
            .length,
        getDriverEfficiencyByDrivers:
          (yield* collect(efficiency.streamDriverEfficiencyByDrivers(lastWeekOf1969))).length,
        getDriverEfficiencyByVehicles: (yield* collect(efficiency.streamDriverEfficiencyByVehicles(lastWeekOf1969)))
          .length,
        getFormTemplates: (yield* collect((yield* Ga.Forms).streamFormTemplates())).length,
        getTrainingCourses: (yield* collect((yield* Ga.TrainingCourses).streamTrainingCourses())).length,
        getReportConfigs: configs.length,
        getReportRuns: runs.length,
        getReportRunData: (yield* collect(reports.streamReportRunData({ id: complete?.id ?? "" }))).length,
        getDatasets: (yield* collect(reports.streamDatasets())).length
      }
      const { getReportRuns, listUploadedMedia, ...generated } = items
      assert.isAtLeast(getReportRuns, 5)
      assert.isAtLeast(listUploadedMedia, 4)
      assert.deepStrictEqual(generated, {
        getDriverEfficiencyByDrivers: 40,
        getDriverEfficiencyByVehicles: 30,
        getFormTemplates: 50,
        getTrainingCourses: 1000,
        getReportConfigs: 5,
        getReportRunData: 250,
        getDatasets: 7
      })
      const pages = Object.fromEntries(
        Object.entries(items).map(([id, size]) => [id, Math.max(1, Math.ceil(size / 7))])
      )
      assert.deepStrictEqual(yield* gaRequests, { statuses: [200], pages })
    }).pipe(Effect.provide(services({ pageSize: 7 }))), { timeout: 20_000 })

  it.effect("runReport with runDuration 0: created complete, never polled, every row keyed by column", () =>
    Effect.gen(function*() {
      const reports = yield* Ga.Reports
      const [config] = (yield* reports.getReportConfigs({ limit: 1 })).data
      const rows = yield* collect(reports.runReport({ reportConfig: { id: config?.id ?? "" } }))
      assert.strictEqual(rows.length, 250)
      assert.deepStrictEqual(Object.keys(rows[0] ?? {}), config?.columns.map((column) => column.name))
      assert.deepStrictEqual((yield* gaRequests).pages, {
        getReportConfigs: 1,
        createReportRun: 1,
        getReportRunData: 3
      })
    }).pipe(Effect.provide(services({ runDuration: 0 }))))

  it.effect("runReport of a dataset's fields: pending, polled on the clock until complete, then its rows", () =>
    Effect.gen(function*() {
      const reports = yield* Ga.Reports
      const fiber = yield* Effect.fork(collect(reports.runReport({
        reportConfig: {
          datasetId: "FuelUsageByVehicle",
          columns: [{ fieldName: "vehicle" }, { fieldName: "fuelUsed" }],
          filters: { primaryTimeRange: { startTime: "1969-12-01T00:00:00Z", endTime: "1969-12-08T00:00:00Z" } }
        }
      })))
      yield* TestClock.adjust("2 seconds")
      assert.isTrue(Option.isNone(yield* Fiber.poll(fiber)))
      yield* TestClock.adjust("2 seconds")
      const rows = yield* Fiber.join(fiber)
      assert.strictEqual(rows.length, 250)
      assert.deepStrictEqual(Object.keys(rows[0] ?? {}), ["Vehicle", "Fuel Used"])
      assert.deepStrictEqual((yield* received).map((request) => [request.operation, request.status]), [
        ["createReportRun", 200],
        ["getReportRuns", 200],
        ["getReportRuns", 200],
        ["getReportRunData", 200],
        ["getReportRunData", 200],
        ["getReportRunData", 200]
      ])
    }).pipe(Effect.provide(services({ runDuration: "3 seconds" }))))

  it.effect("budgets are per endpoint: the current media's 5 a second spent leaves the preview's 100 a minute", () =>
    Effect.gen(function*() {
      const previewMedia = yield* Media
      const media = yield* Ga.Media
      const day = { vehicleIds: ["1"], startTime: "2025-06-20T00:00:00Z", endTime: "2025-06-21T00:00:00Z" }
      // Five preview calls first: had they spent the current endpoint's budget too, its first call would be a 429.
      for (let call = 0; call < 5; call++) yield* previewMedia.listUploadedMedia(june)
      for (let call = 0; call < 5; call++) yield* media.listUploadedMedia(day)
      const refused = yield* Effect.flip(media.listUploadedMedia(day))
      assert.strictEqual(refused._tag, "TooManyRequests")
      yield* previewMedia.listUploadedMedia(june)
      assert.deepStrictEqual(
        (yield* received).map((request) => `${request.generation} ${request.status}`),
        [
          ...Array.from({ length: 5 }, () => "preview 200"),
          ...Array.from({ length: 5 }, () => "ga 200"),
          "ga 429",
          "preview 200"
        ]
      )
    }).pipe(Effect.provide(services({ rateLimits: true }))))
})

describe("faults on the current API", () => {
  it.effect("a rule with a generation faults only that generation's operation of the shared id", () =>
    Effect.gen(function*() {
      const standIn = yield* StandIn
      yield* standIn.inject({ operation: "getTrainingCourses", generation: "ga", fault: Fault.status(503) })
      yield* (yield* TrainingCourses).getTrainingCourses()
      const error = yield* Effect.flip((yield* Ga.TrainingCourses).getTrainingCourses())
      assert.strictEqual(error._tag, "ServiceUnavailable")
      assert.deepStrictEqual(
        (yield* received).map((request) => [request.generation, request.operation, request.status]),
        [["preview", "getTrainingCourses", 200], ["ga", "getTrainingCourses", 503]]
      )
    }).pipe(Effect.provide(services())))

  it.effect("a rule naming only the shared id faults both generations", () =>
    Effect.gen(function*() {
      const standIn = yield* StandIn
      yield* standIn.inject({ operation: "getTrainingCourses", fault: Fault.status(500) })
      assert.strictEqual(
        (yield* Effect.flip((yield* TrainingCourses).getTrainingCourses()))._tag,
        "InternalServerError"
      )
      assert.strictEqual(
        (yield* Effect.flip((yield* Ga.TrainingCourses).getTrainingCourses()))._tag,
        "InternalServerError"
      )
    }).pipe(Effect.provide(services())))

  it.effect("a reset createReportRun fails runReport with TransportError after exactly one POST", () =>
    Effect.gen(function*() {
      const standIn = yield* StandIn
      yield* standIn.inject({ operation: "createReportRun", fault: Fault.reset })
      const reports = yield* Ga.Reports
      const error = yield* Effect.flip(collect(reports.runReport({ reportConfig: { id: "any" } })))
      assert.strictEqual(error._tag, "TransportError")
      assert.deepStrictEqual(
        (yield* received).map((request) => [request.method, request.operation, request.status]),
        [["POST", "createReportRun", undefined]]
      )
    }).pipe(Effect.provide(services({ client: { retry: Schedule.recurs(3) } }))))
})

describe("the current API over the loopback server", () => {
  it.scopedLive("runReport end to end over a socket, with the stand-in's budgets on", () =>
    Effect.gen(function*() {
      const { url } = yield* serve()
      const standIn = yield* StandIn
      const reports = Context.get(
        yield* Layer.build(Ga.Reports.layer.pipe(
          Layer.provide(SamsaraClient.layer({ token: standIn.token, baseUrl: url, retry: Schedule.stop })),
          Layer.provide(NodeHttpClient.layerUndici)
        )),
        Ga.Reports
      )
      const [config] = (yield* reports.getReportConfigs({ limit: 1 })).data
      const rows = yield* collect(
        reports.runReport({ reportConfig: { id: config?.id ?? "" } }, { poll: Schedule.spaced("50 millis") })
      )
      assert.strictEqual(rows.length, 250)
      const requests = yield* received
      assert.deepStrictEqual([...new Set(requests.map((request) => request.status))], [200])
      assert.deepStrictEqual(
        [...new Set(requests.map((request) => `${request.method} ${request.path}`))],
        ["GET /reports/configs", "POST /reports/runs", "GET /reports/runs", "GET /reports/runs/data"]
      )
    }).pipe(Effect.provide(StandIn.layer({ runDuration: "120 millis" }))))
})
