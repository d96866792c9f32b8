/**
 * Every operation, driven by one table: the exact wire request, the decoded success, each documented status
 * mapped to its tagged error, malformed bodies, and invalid input refused with nothing sent.
 */
import { assert, describe, it } from "@effect/vitest"
import { deepStrictEqual } from "@effect/vitest/utils"
import * as DateTime from "effect/DateTime"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import * as TestClock from "effect/TestClock"
import { CustomReports } from "../src/CustomReports.js"
import {
  CustomReportColumn,
  CustomReportConfig,
  CustomReportRun,
  CustomReportRunData,
  GetCustomReportConfigsResponse,
  GetCustomReportRunDataResponse,
  GetCustomReportRunsResponse,
  PostCustomReportRunResponse,
  QueuedCustomReportRun
} from "../src/CustomReports.js"
import {
  DriverEfficiency,
  DriverEfficiencyByDriver,
  DriverEfficiencyByVehicle,
  DriverEfficiencyPercentages,
  DriverEfficiencyRawData,
  DriverEfficiencyScores,
  GetDriverEfficiencyByDriversResponse,
  GetDriverEfficiencyByVehiclesResponse
} from "../src/DriverEfficiency.js"
import {
  FormFieldDefinition,
  Forms,
  FormsApprovalConfig,
  FormsSelectOption,
  FormsSingleApprovalConfig,
  FormsUser,
  FormTemplate,
  FormTemplateSection,
  GetFormTemplatesResponse
} from "../src/Forms.js"
import { operations } from "../src/internal/registry.js"
import { ListUploadedMediaResponse, Media, UploadedMedia, UploadedMediaList, UrlInfo } from "../src/Media.js"
import type { OperationId } from "../src/OperationId.js"
import { Pagination } from "../src/Pagination.js"
import * as PreviewApis from "../src/PreviewApis.js"
import type { SamsaraClient } from "../src/SamsaraClient.js"
import type { SamsaraError } from "../src/SamsaraError.js"
import {
  PatchTrainingAssignmentsResponse,
  TrainingAssignment,
  TrainingAssignments,
  TrainingCourseRef,
  TrainingLearner
} from "../src/TrainingAssignments.js"
import {
  GetTrainingCoursesResponse,
  TrainingCategory,
  TrainingCourse,
  TrainingCourseLabel,
  TrainingCourses
} from "../src/TrainingCourses.js"
import * as Fixtures from "./support/fixtures.js"
import { clientLayer, json, type Reply, type SentRequest } from "./support/scriptedHttp.js"

type Call = (options?: SamsaraClient.CallOptions) => Effect.Effect<unknown, SamsaraError, PreviewApis.PreviewApis>

interface OperationCase {
  readonly operation: OperationId
  readonly call: Call
  readonly request: { readonly method: string; readonly url: string; readonly body?: string }
  readonly reply: Reply
  readonly expected: unknown
  /** Calls whose input must be refused, with the field the refusal names. */
  readonly invalid: ReadonlyArray<
    readonly [description: string, call: Effect.Effect<unknown, SamsaraError, PreviewApis.PreviewApis>, field: string]
  >
}

const utc = (iso: string) => DateTime.unsafeMake(iso)
const host = "https://api.samsara.com"
const hundredAndOne = Array.from({ length: 101 }, (_, index) => `id-${index}`)

const cases: ReadonlyArray<OperationCase> = [
  {
    operation: "listUploadedMedia",
    call: (options) =>
      Effect.flatMap(Media, (media) =>
        media.listUploadedMedia({
          startTime: "2024-06-01T12:00:00+02:00",
          endTime: new Date("2024-06-01T11:00:00Z"),
          vehicleIds: ["v-1", "v-2"],
          inputs: ["dashcamRoadFacing", "dashcamDriverFacing"],
          mediaTypes: ["image"],
          triggerReasons: ["api"],
          tagIds: ["t-1"],
          parentTagIds: ["p-1", "p-2"],
          availableAfterTime: DateTime.unsafeMake("2024-06-01T10:30:00Z")
        }, options)),
    request: {
      method: "GET",
      url: `${host}/preview/cameras/media?vehicleIds=v-1,v-2&inputs=dashcamRoadFacing&inputs=dashcamDriverFacing` +
        "&mediaTypes=image&triggerReasons=api&tagIds=t-1&parentTagIds=p-1,p-2&startTime=2024-06-01T12%3A00%3A00%2B02%3A00" +
        "&endTime=2024-06-01T11%3A00%3A00.000Z&availableAfterTime=2024-06-01T10%3A30%3A00.000Z"
    },
    reply: json({ data: { media: [Fixtures.uploadedMedia("v-1")] }, pagination: Fixtures.page("", false) }),
    expected: ListUploadedMediaResponse.make({
      data: UploadedMediaList.make({
        media: [
          UploadedMedia.make({
            availableAtTime: "2024-06-01T10:05:00Z",
            endTime: "2024-06-01T10:00:10Z",
            input: "dashcamForwardFacing",
            mediaType: "image",
            startTime: "2024-06-01T10:00:00Z",
            triggerReason: "api",
            urlInfo: UrlInfo.make({ url: "https://media.example/1.jpg", urlExpiryTime: "2024-06-01T18:05:00Z" }),
            vehicleId: "v-1"
          })
        ]
      }),
      pagination: Pagination.make({ endCursor: "", hasNextPage: false })
    }),
    invalid: [
      [
        "a missing startTime",
        Effect.flatMap(Media, (media) => media.listUploadedMedia(JSON.parse(`{"endTime":"2024-06-01T11:00:00Z"}`))),
        "startTime"
      ],
      [
        "a time that is not RFC 3339",
        Effect.flatMap(
          Media,
          (media) => media.listUploadedMedia({ startTime: "yesterday", endTime: "2024-06-01T11:00:00Z" })
        ),
        "startTime"
      ],
      [
        "an endTime before startTime",
        Effect.flatMap(
          Media,
          (media) => media.listUploadedMedia({ startTime: "2024-06-01T11:00:00Z", endTime: "2024-06-01T10:00:00Z" })
        ),
        "endTime"
      ],
      [
        "an Invalid Date",
        Effect.flatMap(
          Media,
          (media) => media.listUploadedMedia({ startTime: new Date(Number.NaN), endTime: "2024-06-01T10:00:00Z" })
        ),
        "startTime"
      ]
    ]
  },
  {
    operation: "getCustomReportConfigs",
    call: (options) =>
      Effect.flatMap(CustomReports, (reports) => reports.getCustomReportConfigs({ limit: 2 }, options)),
    request: { method: "GET", url: `${host}/preview/custom-reports/configs?limit=2` },
    reply: json({ data: [Fixtures.customReportConfig("cr-1")], pagination: Fixtures.page("c1", true) }),
    expected: GetCustomReportConfigsResponse.make({
      data: [
        CustomReportConfig.make({
          id: "cr-1",
          reportName: "Fuel",
          columns: [
            CustomReportColumn.make({ displayName: "Vehicle", type: "string" }),
            CustomReportColumn.make({ displayName: "Fuel used", type: "numeric", unit: "liters", baseUnit: "liter" })
          ]
        })
      ],
      pagination: Pagination.make({ endCursor: "c1", hasNextPage: true })
    }),
    invalid: [
      [
        "a limit of 0",
        Effect.flatMap(CustomReports, (reports) => reports.getCustomReportConfigs({ limit: 0 })),
        "limit"
      ],
      [
        "a limit of 101",
        Effect.flatMap(CustomReports, (reports) => reports.getCustomReportConfigs({ limit: 101 })),
        "limit"
      ],
      [
        "a fractional limit",
        Effect.flatMap(CustomReports, (reports) => reports.getCustomReportConfigs({ limit: 2.5 })),
        "limit"
      ]
    ]
  },
  {
    operation: "getCustomReportRuns",
    call: (options) =>
      Effect.flatMap(CustomReports, (reports) => reports.getCustomReportRuns({ ids: ["run-1", "run-2"] }, options)),
    request: { method: "GET", url: `${host}/preview/custom-reports/runs?ids=run-1,run-2` },
    reply: json({ data: [Fixtures.customReportRun("run-1")], pagination: Fixtures.page("", false) }),
    expected: GetCustomReportRunsResponse.make({
      data: [
        CustomReportRun.make({
          id: "run-1",
          customReportId: "cr-1",
          status: "completed",
          percentComplete: 100,
          startTime: utc("2024-06-01T00:00:00Z"),
          endTime: utc("2024-06-02T00:00:00Z"),
          createdAtTime: utc("2024-06-02T01:00:00Z"),
          updatedAtTime: utc("2024-06-02T01:05:00Z"),
          tagIds: ["2677784051113612000"],
          // Sent as null.
          attributeValueIds: undefined
        })
      ],
      pagination: Pagination.make({ endCursor: "", hasNextPage: false })
    }),
    invalid: [
      [
        "neither customReportIds nor ids",
        Effect.flatMap(CustomReports, (reports) => reports.getCustomReportRuns({})),
        "customReportIds"
      ],
      [
        "both customReportIds and ids",
        Effect.flatMap(
          CustomReports,
          (reports) => reports.getCustomReportRuns({ customReportIds: ["cr-1"], ids: ["r"] })
        ),
        "customReportIds"
      ],
      [
        "an empty id",
        Effect.flatMap(CustomReports, (reports) => reports.getCustomReportRuns({ ids: ["run-1", ""] })),
        "ids.1"
      ]
    ]
  },
  {
    operation: "postCustomReportRun",
    call: (options) =>
      Effect.flatMap(CustomReports, (reports) =>
        reports.postCustomReportRun({
          customReportId: "cr-1",
          startTime: "2024-06-01T00:00:00Z",
          endTime: DateTime.unsafeMake("2024-06-02T00:00:00Z"),
          attributeValueIds: ["a-1"],
          tagIds: [2677784051113612000n, "9007199254740993", 42]
        }, options)),
    request: {
      method: "POST",
      url: `${host}/preview/custom-reports/runs`,
      body: `{"customReportId":"cr-1","startTime":"2024-06-01T00:00:00Z","endTime":"2024-06-02T00:00:00.000Z",` +
        `"attributeValueIds":["a-1"],"tagIds":[2677784051113612000,9007199254740993,42]}`
    },
    reply: json({ data: { id: "run-9", customReportId: "cr-1", createdAtTime: "2024-06-02T01:00:00Z" } }),
    expected: PostCustomReportRunResponse.make({
      data: QueuedCustomReportRun.make({
        id: "run-9",
        customReportId: "cr-1",
        createdAtTime: utc("2024-06-02T01:00:00Z")
      })
    }),
    invalid: [
      [
        "a tag id number beyond 2^53",
        Effect.flatMap(CustomReports, (reports) =>
          reports.postCustomReportRun({
            customReportId: "cr-1",
            startTime: "2024-06-01T00:00:00Z",
            endTime: "2024-06-02T00:00:00Z",
            tagIds: [2677784051113612000]
          })),
        "tagIds.0"
      ],
      [
        "a tag id that is not digits",
        Effect.flatMap(CustomReports, (reports) =>
          reports.postCustomReportRun({
            customReportId: "cr-1",
            startTime: "2024-06-01T00:00:00Z",
            endTime: "2024-06-02T00:00:00Z",
            tagIds: ["12a"]
          })),
        "tagIds.0"
      ],
      [
        "an empty customReportId",
        Effect.flatMap(CustomReports, (reports) =>
          reports.postCustomReportRun({
            customReportId: "",
            startTime: "2024-06-01T00:00:00Z",
            endTime: "2024-06-02T00:00:00Z"
          })),
        "customReportId"
      ]
    ]
  },
  {
    operation: "getCustomReportRunData",
    call: (options) =>
      Effect.flatMap(CustomReports, (reports) => reports.getCustomReportRunData({ id: "run-1", after: "p2" }, options)),
    request: { method: "GET", url: `${host}/preview/custom-reports/runs/data?id=run-1&after=p2` },
    reply: json({
      data: { columns: [{ displayName: "Vehicle", type: "string" }], rows: [["Truck 1", 12.5], ["Truck 2", null]] },
      pagination: Fixtures.page("", false)
    }),
    expected: GetCustomReportRunDataResponse.make({
      data: CustomReportRunData.make({
        columns: [CustomReportColumn.make({ displayName: "Vehicle", type: "string" })],
        rows: [["Truck 1", 12.5], ["Truck 2", null]]
      }),
      pagination: Pagination.make({ endCursor: "", hasNextPage: false })
    }),
    invalid: [
      [
        "a missing id",
        Effect.flatMap(CustomReports, (reports) => reports.getCustomReportRunData(JSON.parse("{}"))),
        "id"
      ]
    ]
  },
  {
    operation: "getDriverEfficiencyByDrivers",
    call: (options) =>
      Effect.flatMap(DriverEfficiency, (efficiency) =>
        efficiency.getDriverEfficiencyByDrivers({
          startTime: "2024-06-01T00:00:00Z",
          endTime: "2024-06-02T05:00:00+05:00",
          driverIds: ["d-1", "d 2"],
          dataFormats: ["score", "raw"],
          tagIds: ["t-1", "t-2"],
          parentTagIds: ["p-1"]
        }, options)),
    request: {
      method: "GET",
      url: `${host}/preview/driver-efficiency/drivers?driverIds=d-1,d%202&startTime=2024-06-01T00%3A00%3A00Z` +
        "&endTime=2024-06-02T05%3A00%3A00%2B05%3A00&dataFormats=score,raw&tagIds=t-1,t-2&parentTagIds=p-1"
    },
    reply: json({ data: [Fixtures.driverEfficiencyByDriver("d-1")], pagination: Fixtures.page("", false) }),
    expected: GetDriverEfficiencyByDriversResponse.make({
      data: [
        DriverEfficiencyByDriver.make({
          driverId: "d-1",
          scoreData: DriverEfficiencyScores.make({ overallScore: "B", idlingScore: "A" }),
          rawData: DriverEfficiencyRawData.make({
            driveTimeDurationMs: 3_600_000,
            engineOnDurationMs: 4_000_000,
            idlingDurationMs: 400_000,
            totalBrakeDurationMs: 20_000
          }),
          // Sent as null.
          percentageData: undefined
        })
      ],
      pagination: Pagination.make({ endCursor: "", hasNextPage: false })
    }),
    invalid: [
      [
        "a start that is not a whole hour",
        Effect.flatMap(DriverEfficiency, (efficiency) =>
          efficiency.getDriverEfficiencyByDrivers({
            startTime: "2024-06-01T00:30:00Z",
            endTime: "2024-06-03T00:00:00Z"
          })),
        "startTime"
      ],
      [
        "a window shorter than a day",
        Effect.flatMap(DriverEfficiency, (efficiency) =>
          efficiency.getDriverEfficiencyByDrivers({
            startTime: "2024-06-01T00:00:00Z",
            endTime: "2024-06-01T23:00:00Z"
          })),
        "endTime"
      ]
    ]
  },
  {
    operation: "getDriverEfficiencyByVehicles",
    call: (options) =>
      Effect.flatMap(DriverEfficiency, (efficiency) =>
        efficiency.getDriverEfficiencyByVehicles({
          startTime: new Date("2024-06-01T00:00:00Z"),
          endTime: "2024-06-03T00:00:00Z",
          vehicleIds: ["v-1", "v-2"],
          dataFormats: ["percentage"]
        }, options)),
    request: {
      method: "GET",
      url: `${host}/preview/driver-efficiency/vehicles?vehicleIds=v-1,v-2&startTime=2024-06-01T00%3A00%3A00.000Z` +
        "&endTime=2024-06-03T00%3A00%3A00Z&dataFormats=percentage"
    },
    reply: json({ data: [Fixtures.driverEfficiencyByVehicle("v-1")], pagination: Fixtures.page("", false) }),
    expected: GetDriverEfficiencyByVehiclesResponse.make({
      data: [
        DriverEfficiencyByVehicle.make({
          vehicleId: "v-1",
          percentageData: DriverEfficiencyPercentages.make({ idlingPercentage: 12.5, coastingPercentage: 3.25 })
        })
      ],
      pagination: Pagination.make({ endCursor: "", hasNextPage: false })
    }),
    invalid: [
      [
        "an end time that is not a whole hour",
        Effect.flatMap(DriverEfficiency, (efficiency) =>
          efficiency.getDriverEfficiencyByVehicles({
            startTime: "2024-06-01T00:00:00Z",
            endTime: "2024-06-03T00:00:00.001Z"
          })),
        "endTime"
      ]
    ]
  },
  {
    operation: "getFormTemplates",
    call: (options) => Effect.flatMap(Forms, (forms) => forms.getFormTemplates({ ids: ["f-1", "f/2"] }, options)),
    request: { method: "GET", url: `${host}/preview/form-templates?ids=f-1,f%2F2` },
    reply: json({ data: [Fixtures.formTemplate("f-1")], pagination: Fixtures.page("", false) }),
    expected: GetFormTemplatesResponse.make({
      data: [
        FormTemplate.make({
          id: "f-1",
          revisionId: "rev-1",
          title: "Pre-trip inspection",
          description: "Daily checks",
          createdAtTime: utc("2024-01-01T08:00:00Z"),
          updatedAtTime: utc("2024-02-01T08:00:00.250Z"),
          createdBy: FormsUser.make({ id: "u-1", type: "user" }),
          updatedBy: FormsUser.make({ id: "d-1", type: "driver" }),
          fields: [
            FormFieldDefinition.make({
              id: "f-1",
              label: "Tyres OK",
              type: "check_boxes",
              isRequired: true,
              options: [FormsSelectOption.make({ id: "o-1", label: "Yes" })]
            }),
            FormFieldDefinition.make({
              id: "f-2",
              label: "Odometer",
              type: "number",
              isRequired: false,
              numDecimalPlaces: 0
            })
          ],
          sections: [
            FormTemplateSection.make({ fieldIndexFirstInclusive: 0, fieldIndexLastInclusive: 1, label: "Checks" })
          ],
          approvalConfig: FormsApprovalConfig.make({
            type: "singleApproval",
            singleApprovalConfig: FormsSingleApprovalConfig.make({
              allowManualApproverSelection: false,
              requirements: { roleIds: ["r-1"] }
            })
          })
        })
      ],
      pagination: Pagination.make({ endCursor: "", hasNextPage: false })
    }),
    invalid: [
      ["101 ids", Effect.flatMap(Forms, (forms) => forms.getFormTemplates({ ids: hundredAndOne })), "ids"]
    ]
  },
  {
    operation: "deleteTrainingAssignments",
    call: (options) =>
      Effect.flatMap(
        TrainingAssignments,
        (assignments) => assignments.deleteTrainingAssignments({ ids: ["a-1", "a-2"] }, options)
      ),
    request: { method: "DELETE", url: `${host}/preview/training-assignments?ids=a-1,a-2` },
    reply: { status: 204 },
    expected: undefined,
    invalid: [
      [
        "no ids",
        Effect.flatMap(TrainingAssignments, (assignments) => assignments.deleteTrainingAssignments({ ids: [] })),
        "ids"
      ],
      [
        "101 ids",
        Effect.flatMap(
          TrainingAssignments,
          (assignments) => assignments.deleteTrainingAssignments({ ids: hundredAndOne })
        ),
        "ids"
      ]
    ]
  },
  {
    operation: "patchTrainingAssignments",
    call: (options) =>
      Effect.flatMap(
        TrainingAssignments,
        (assignments) =>
          assignments.patchTrainingAssignments({ ids: ["a-1"], dueAtTime: "2024-07-01T12:00:00.000+02:00" }, options)
      ),
    request: {
      method: "PATCH",
      url: `${host}/preview/training-assignments?ids=a-1&dueAtTime=2024-07-01T12%3A00%3A00.000%2B02%3A00`
    },
    reply: json({ data: [Fixtures.trainingAssignment("a-1")] }),
    expected: PatchTrainingAssignmentsResponse.make({
      data: [
        TrainingAssignment.make({
          id: "a-1",
          course: TrainingCourseRef.make({ id: "c-1", revisionId: "c-1-r" }),
          learner: TrainingLearner.make({ id: "d-1", type: "driver" }),
          status: "notStarted",
          durationMinutes: 30,
          createdAtTime: utc("2024-05-01T00:00:00Z"),
          createdById: "u-1",
          updatedAtTime: utc("2024-05-02T00:00:00Z"),
          updatedById: "u-1",
          dueAtTime: utc("2024-07-01T10:00:00Z"),
          isOverdue: false
        })
      ]
    }),
    invalid: [
      [
        "no ids",
        Effect.flatMap(
          TrainingAssignments,
          (assignments) => assignments.patchTrainingAssignments({ ids: [], dueAtTime: "2024-07-01T12:00:00Z" })
        ),
        "ids"
      ],
      [
        "a malformed dueAtTime",
        Effect.flatMap(
          TrainingAssignments,
          (assignments) => assignments.patchTrainingAssignments({ ids: ["a-1"], dueAtTime: "2024-07-01 12:00" })
        ),
        "dueAtTime"
      ]
    ]
  },
  {
    operation: "getTrainingCourses",
    call: (options) =>
      Effect.flatMap(TrainingCourses, (courses) =>
        courses.getTrainingCourses({
          courseIds: ["c-1", "c,2"],
          categoryIds: ["cat-1"],
          status: ["published", "archived"],
          after: "cursor=1"
        }, options)),
    request: {
      method: "GET",
      url: `${host}/preview/training-courses?after=cursor%3D1&courseIds=c-1,c%2C2&categoryIds=cat-1` +
        "&status=published,archived"
    },
    reply: json({ data: [Fixtures.trainingCourse("c-1")], pagination: Fixtures.page("", false) }),
    expected: GetTrainingCoursesResponse.make({
      data: [
        TrainingCourse.make({
          id: "c-1",
          revisionId: "c-1-r",
          title: "Course c-1",
          status: "published",
          estimatedTimeToCompleteMinutes: 15,
          category: TrainingCategory.make({ id: "cat-1", name: "Safety" }),
          label: TrainingCourseLabel.make({ name: "safety", type: "speeding" })
        })
      ],
      pagination: Pagination.make({ endCursor: "", hasNextPage: false })
    }),
    invalid: [
      [
        "101 course ids",
        Effect.flatMap(TrainingCourses, (courses) => courses.getTrainingCourses({ courseIds: hundredAndOne })),
        "courseIds"
      ],
      [
        "101 category ids",
        Effect.flatMap(TrainingCourses, (courses) => courses.getTrainingCourses({ categoryIds: hundredAndOne })),
        "categoryIds"
      ]
    ]
  }
]

/** A month after the windows above, so the driver-efficiency "three hours before now" rule holds. */
const now = Date.parse("2024-07-01T00:00:00Z")

/** Runs `effect` against all six services on a scripted transport with retries off; returns what was sent too. */
const runScripted = <A, E>(
  effect: Effect.Effect<A, E, PreviewApis.PreviewApis>,
  answer: (request: SentRequest, index: number) => Reply
) => {
  const http = clientLayer(answer, { retry: Schedule.recurs(0) })
  return TestClock.setTime(now).pipe(
    Effect.zipRight(effect),
    Effect.either,
    Effect.map((result) => ({ result, sent: http.sent })),
    Effect.provide(PreviewApis.layer.pipe(Layer.provide(http.layer)))
  )
}

const errorStatuses = [
  [400, "BadRequest"],
  [401, "Unauthorized"],
  [404, "NotFound"],
  [405, "MethodNotAllowed"],
  [429, "TooManyRequests"],
  [500, "InternalServerError"],
  [501, "NotImplemented"],
  [502, "BadGateway"],
  [503, "ServiceUnavailable"],
  [504, "GatewayTimeout"],
  [418, "UnexpectedStatus"],
  [599, "UnexpectedStatus"]
] as const

for (const operation of cases) {
  describe(operation.operation, () => {
    it.effect("sends the documented request and decodes the response", () =>
      Effect.gen(function*() {
        const { result, sent } = yield* runScripted(operation.call(), () => operation.reply)
        deepStrictEqual(result, Either.right(operation.expected))
        assert.strictEqual(sent.length, 1)
        const [request] = sent
        deepStrictEqual(
          { method: request?.method, url: request?.url, body: request?.body },
          { method: operation.request.method, url: operation.request.url, body: operation.request.body }
        )
        assert.strictEqual(request?.headers["authorization"], "Bearer test-token-4f1c")
        assert.strictEqual(request?.headers["accept"], "application/json")
        assert.strictEqual(request?.headers["user-agent"], "effect-samsara/0.1.0")
        assert.strictEqual(
          request?.headers["content-type"],
          operation.request.body === undefined ? undefined : "application/json"
        )
      }))

    for (const [status, tag] of errorStatuses) {
      it.effect(`maps ${status} to ${tag}`, () =>
        Effect.gen(function*() {
          const body = { message: `status ${status} from Samsara`, requestId: `req-${status}` }
          const { result } = yield* runScripted(
            operation.call(),
            () => json(body, status, { "retry-after": "7" })
          )
          assert(result._tag === "Left")
          const error = result.left
          assert(error._tag === tag)
          assert.strictEqual(error.status, status)
          assert.strictEqual(error.operation, operation.operation)
          deepStrictEqual(error.requestId, Option.some(`req-${status}`))
          assert.strictEqual(error.body, JSON.stringify(body))
          assert.include(error.message, `${operation.operation} failed with ${status}`)
          assert.include(error.message, `status ${status} from Samsara (requestId req-${status})`)
          if (error._tag === "TooManyRequests" || error._tag === "ServiceUnavailable") {
            deepStrictEqual(error.retryAfter, Option.some(Duration.seconds(7)))
          }
          if (error._tag === "Unauthorized") {
            const scope = operations.find((declared) => declared.id === operation.operation)?.scope
            deepStrictEqual(error.scope, Option.fromNullable(scope))
            assert.include(error.message, `has the "${scope}" scope.`)
          }
        }))
    }

    it.effect("gives the right tag for an error body that is not JSON", () =>
      Effect.gen(function*() {
        const html = "<html><body>502 Bad Gateway</body></html>"
        const { result } = yield* runScripted(operation.call(), () => ({ status: 502, body: html }))
        assert(result._tag === "Left" && result.left._tag === "BadGateway")
        assert.strictEqual(result.left.body, html)
        deepStrictEqual(result.left.requestId, Option.none())
      }))

    if (operation.operation !== "deleteTrainingAssignments") {
      it.effect("fails with DecodeError on a body that is not JSON", () =>
        Effect.gen(function*() {
          const { result } = yield* runScripted(operation.call(), () => ({ status: 200, body: "<html>ok</html>" }))
          assert(result._tag === "Left" && result.left._tag === "DecodeError")
          assert.strictEqual(result.left.operation, operation.operation)
        }))

      it.effect("fails with DecodeError when a required field is missing", () =>
        Effect.gen(function*() {
          const { result } = yield* runScripted(operation.call(), () => json({ pagination: Fixtures.page("", false) }))
          assert(result._tag === "Left" && result.left._tag === "DecodeError")
          assert.include(result.left.message, "data")
        }))
    }

    for (const [description, call, field] of operation.invalid) {
      it.effect(`refuses ${description} before sending`, () =>
        Effect.gen(function*() {
          const { result, sent } = yield* runScripted(call, () => operation.reply)
          assert.strictEqual(sent.length, 0)
          assert(result._tag === "Left" && result.left._tag === "InvalidRequest")
          assert.strictEqual(result.left.operation, operation.operation)
          assert.include(result.left.issues.map((issue) => issue.field), field)
          assert.include(result.left.message, field)
        }))
    }
  })
}
