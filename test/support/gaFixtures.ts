/**
 * Wire bodies of Samsara's current (GA) operations, and `describeGaOperation`, the table-driven wire test each GA
 * operation runs. The success bodies are the ones the official TypeScript SDK's wire tests serve
 * (samsarahq/samsara-ts v14.7.0, `tests/wire/*.test.ts`), so our decoding is checked against the same JSON the SDK is.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import * as TestClock from "effect/TestClock"
import type { OperationId } from "../../src/OperationId.js"
import type { SamsaraClient } from "../../src/SamsaraClient.js"
import type { RepeatedCursor, SamsaraError } from "../../src/SamsaraError.js"
import { clientLayer, json, type Reply, type SentRequest } from "./scriptedHttp.js"

/** `tests/wire/media.test.ts:17-37`. */
export const listUploadedMediaBody = {
  data: {
    media: [
      {
        auxCamSerial: "ABDVJ123456789",
        availableAtTime: "2019-11-11T14:00:12-04:00",
        endTime: "2019-06-13T19:08:25Z",
        input: "dashcamForwardFacing",
        mediaType: "image",
        startTime: "2019-06-13T19:08:25Z",
        triggerReason: "api",
        urlInfo: { url: "https://sample.s3.url.com/image.jpeg", urlExpiryTime: "2019-11-11T14:00:12-04:00" },
        vehicleId: "1234"
      }
    ]
  },
  pagination: { endCursor: "MjkY", hasNextPage: true }
}

const difficultyScore = { overallScore: "4", topographyScore: "5", vehicleWeightScore: "4" }

const percentageData = {
  anticipationPercentage: 9.5,
  coastingPercentage: 45.6,
  cruiseControlPercentage: 45.6,
  greenBandPercentage: 78.9,
  highGradeRoadDrivingPercentage: 15.3,
  highTorquePercentage: 23.4,
  idlingPercentage: 12.8,
  overSpeedPercentage: 5.6,
  wearFreeBrakePercentage: 88.2
}

const rawData = {
  anticipationBrakeEventCount: 17,
  averageVehicleWeightKg: 14500,
  coastingDurationMs: 1900800,
  cruiseControlDurationMs: 3283200,
  driveTimeDurationMs: 7200000,
  engineOnDurationMs: 7500000,
  greenBandDurationMs: 5683200,
  highGradeRoadDrivingDurationMs: 1108800,
  highTorqueDurationMs: 1684800,
  idlingDurationMs: 921600,
  overSpeedDurationMs: 403200,
  totalBrakeDurationMs: 1022400,
  totalBrakeEventCount: 85,
  wearFreeBrakeDurationMs: 6340800
}

const scoreData = {
  anticipationScore: "C",
  coastingScore: "C",
  cruiseControlScore: "B",
  greenBandScore: "A",
  highTorqueScore: "A",
  idlingScore: "B",
  overSpeedScore: "B",
  overallScore: "A",
  wearFreeBrakeScore: "A"
}

/** The efficiency parts both SDK driver-efficiency fixtures share. */
export const driverEfficiencyParts = { difficultyScore, percentageData, rawData, scoreData }

/** `tests/wire/fuelAndEnergy.test.ts:17-64`. */
export const driverEfficiencyByDriversBody = {
  data: [{ difficultyScore, driverId: "driver_001", percentageData, rawData, scoreData }],
  pagination: { endCursor: "MjkY", hasNextPage: true }
}

/** `tests/wire/fuelAndEnergy.test.ts:401-448`. */
export const driverEfficiencyByVehiclesBody = {
  data: [{ difficultyScore, percentageData, rawData, scoreData, vehicleId: "vehicle_001" }],
  pagination: { endCursor: "MjkY", hasNextPage: true }
}

const selectOption = {
  id: "e879028d-bce5-0238-ffec-11cd9236bcda",
  ignoreQuestionFromScoreIfSelected: false,
  label: "Yes",
  optionScoreWeight: 5
}

/** One template of `tests/wire/forms.test.ts:3727-3802`. */
export const formTemplate = {
  approvalConfig: {
    singleApprovalConfig: {
      allowManualApproverSelection: true,
      requirements: { roleIds: ["23d4d8d3-dc10-4e7a-a183-69968751f23e"] }
    },
    type: "singleApproval"
  },
  createdAtTime: "2019-06-13T19:08:25Z",
  createdBy: { id: "938172", type: "driver" },
  description: "This is a form template description.",
  fields: [
    {
      allowManualEntry: true,
      allowedAssetTypes: ["vehicle", "trailer"],
      autofillFromId: "9814a1fa-f0c6-408b-bf85-51dc3bc71ac7",
      columns: [
        {
          allowManualEntry: true,
          filterByRoleIds: ["23d4d8d3-dc10-4e7a-a183-69968751f23e"],
          id: "9814a1fa-f0c6-408b-bf85-51dc3bc71ac7",
          includeDrivers: true,
          includeUsers: true,
          label: "Engine Hours",
          numDecimalPlaces: 2,
          options: [selectOption],
          type: "number"
        }
      ],
      filterByRoleIds: ["23d4d8d3-dc10-4e7a-a183-69968751f23e"],
      id: "9814a1fa-f0c6-408b-bf85-51dc3bc71ac7",
      includeDrivers: true,
      includeUsers: true,
      isAutofillSource: true,
      isRequired: true,
      label: "Engine Hours",
      numDecimalPlaces: 2,
      options: [selectOption],
      questionWeight: 5,
      type: "number"
    }
  ],
  formCategory: "general",
  id: "9814a1fa-f0c6-408b-bf85-51dc3bc71ac7",
  revisionId: "1214a1fa-f0c6-408b-bf85-51dc3bc71ac7",
  sections: [
    {
      fieldIndexFirstInclusive: 0,
      fieldIndexLastInclusive: 9,
      id: "dbab5bc8-e41c-4b52-bfa5-fd2c7e809b00",
      label: "Engine Hours"
    }
  ],
  title: "Form Template Title",
  updatedAtTime: "2019-06-13T19:08:25Z",
  updatedBy: { id: "938172", type: "driver" }
}

/** `tests/wire/forms.test.ts:3727-3802`. */
export const formTemplatesBody = {
  data: [formTemplate],
  pagination: { endCursor: "MjkY", hasNextPage: true }
}

const trainingAssignment = {
  completedAtTime: "2024-01-15T09:30:00Z",
  course: { id: "id", revisionId: "revisionId" },
  createdAtTime: "2024-01-15T09:30:00Z",
  createdById: "createdById",
  deletedAtTime: "2024-01-15T09:30:00Z",
  dueAtTime: "2024-01-15T09:30:00Z",
  durationMinutes: 1000000,
  id: "id",
  isCompletedLate: true,
  isOverdue: true,
  learner: { id: "id", type: "driver" },
  scorePercent: 1.1,
  startedAtTime: "2024-01-15T09:30:00Z",
  status: "notStarted",
  updatedAtTime: "2024-01-15T09:30:00Z",
  updatedById: "updatedById"
}

/** `tests/wire/trainingAssignments.test.ts:601-641`: the same assignment twice. */
export const patchTrainingAssignmentsBody = { data: [trainingAssignment, trainingAssignment] }

/** `tests/wire/trainingCourses.test.ts:17-31`. */
export const trainingCoursesBody = {
  data: [
    {
      category: { id: "a4db8702-79d5-4396-a717-e301d52ecc11", name: "Samsara Driver App" },
      description: "Training for how to operate a wheel loader.",
      estimatedTimeToCompleteMinutes: 30,
      id: "a4db8702-79d5-4396-a717-e301d52ecc11",
      labels: [{ name: "safety", type: "accel" }],
      revisionId: "1214a1fa-f0c6-408b-bf85-51dc3bc71ac7",
      status: "published",
      title: "Wheel Loader"
    }
  ],
  pagination: { endCursor: "MjkY", hasNextPage: true }
}

/**
 * One GA operation's wire test, driven by data as test/operations.test.ts drives the preview's: the exact request,
 * the decoded success (of the SDK's own fixture), a body with an extra field and an unknown enum value, every
 * documented status, malformed bodies, invalid input with nothing sent, and the stream twin following the cursor.
 */
export interface GaCase<R> {
  readonly operation: OperationId
  readonly call: (options?: SamsaraClient.CallOptions) => Effect.Effect<unknown, SamsaraError, R>
  readonly request: { readonly method: string; readonly url: string }
  /** The token scope the SDK's JSDoc names, which a 401's message must name too. */
  readonly scope: string
  /** The documented budget's spacing between two starts: window / limit plus 5%, in milliseconds. */
  readonly spacing: number
  readonly reply: Reply
  readonly expected: unknown
  /** A body with a field Samsara does not document and enum values it does not list, and what it decodes to. */
  readonly tolerated?: { readonly reply: Reply; readonly expected: unknown } | undefined
  /** Whether a success body without `data` is a decode failure (not so for a delete, whose body is ignored). */
  readonly requiresData?: boolean | undefined
  /** The stream twin over two pages: the two requests' URLs, and how many items the two pages hold. */
  readonly stream?: {
    readonly run: Effect.Effect<ReadonlyArray<unknown>, SamsaraError | RepeatedCursor, R>
    readonly pages: readonly [Reply, Reply]
    readonly urls: readonly [string, string]
    readonly items: number
  } | undefined
  /** Calls whose input must be refused, with the field the refusal names. */
  readonly invalid: ReadonlyArray<
    readonly [description: string, call: Effect.Effect<unknown, SamsaraError, R>, field: string]
  >
}

export const host = "https://api.samsara.com"

/** The statuses every GA operation documents (`@throws` in the SDK), with the class each maps to. */
export const documentedStatuses = [
  [401, "Unauthorized"],
  [404, "NotFound"],
  [405, "MethodNotAllowed"],
  [413, "ContentTooLarge"],
  [429, "TooManyRequests"],
  [500, "InternalServerError"],
  [501, "NotImplemented"],
  [502, "BadGateway"],
  [503, "ServiceUnavailable"],
  [504, "GatewayTimeout"]
] as const

/** A month after the request windows the GA tests use, so "no later than three hours before now" holds. */
export const now = Date.parse("2024-07-01T00:00:00Z")

/**
 * Runs `effect` on `services` over a scripted transport with retries (and, unless `options` say otherwise, pacing)
 * off, at `now`; returns what was sent too.
 */
export const runScripted = <A, E, R>(
  services: Layer.Layer<R, never, SamsaraClient>,
  effect: Effect.Effect<A, E, R>,
  answer: (request: SentRequest, index: number) => Reply,
  options?: Omit<SamsaraClient.Options, "token">
) => {
  const http = clientLayer(answer, { retry: Schedule.recurs(0), ...options })
  return TestClock.setTime(now).pipe(
    Effect.zipRight(effect),
    Effect.either,
    Effect.map((result) => ({ result, sent: http.sent })),
    Effect.provide(services.pipe(Layer.provide(http.layer)))
  )
}

/** The wire tests of one GA operation. */
export const describeGaOperation = <R>(services: Layer.Layer<R, never, SamsaraClient>, testCase: GaCase<R>) =>
  describe(testCase.operation, () => {
    const run = <A, E>(effect: Effect.Effect<A, E, R>, answer: (request: SentRequest, index: number) => Reply) =>
      runScripted(services, effect, answer)

    it.effect("sends the documented request and decodes the SDK's fixture", () =>
      Effect.gen(function*() {
        const { result, sent } = yield* run(testCase.call(), () => testCase.reply)
        assert.deepStrictEqual(result, Either.right(testCase.expected))
        assert.deepStrictEqual(
          sent.map((request) => ({ method: request.method, url: request.url, body: request.body })),
          [{ method: testCase.request.method, url: testCase.request.url, body: undefined }]
        )
        assert.strictEqual(sent[0]?.headers["authorization"], "Bearer test-token-4f1c")
        assert.strictEqual(sent[0]?.headers["content-type"], undefined)
      }))

    const tolerated = testCase.tolerated
    if (tolerated !== undefined) {
      it.effect("tolerates an undocumented field and enum values it does not know", () =>
        Effect.gen(function*() {
          const { result } = yield* run(testCase.call(), () => tolerated.reply)
          assert.deepStrictEqual(result, Either.right(tolerated.expected))
        }))
    }

    for (const [status, tag] of documentedStatuses) {
      it.effect(`maps ${status} to ${tag}`, () =>
        Effect.gen(function*() {
          const body = { message: `status ${status} from Samsara`, requestId: `req-${status}` }
          const { result } = yield* run(testCase.call(), () => json(body, status))
          assert(result._tag === "Left")
          assert.strictEqual(result.left._tag, tag)
          assert(result.left._tag !== "InvalidRequest" && result.left._tag !== "DecodeError")
          assert(result.left._tag !== "TransportError" && result.left._tag !== "RateLimitExceeded")
          assert.strictEqual(result.left.status, status)
          assert.strictEqual(result.left.operation, testCase.operation)
          assert.deepStrictEqual(result.left.requestId, Option.some(`req-${status}`))
        }))
    }

    it.effect(`names the scope "${testCase.scope}" in a 401`, () =>
      Effect.gen(function*() {
        const { result } = yield* run(testCase.call(), () => json({ message: "Unauthorized", requestId: "r" }, 401))
        assert(result._tag === "Left" && result.left._tag === "Unauthorized")
        assert.include(result.left.message, `"${testCase.scope}"`)
      }))

    it.effect(`paces two calls ${testCase.spacing} ms apart under the documented budget`, () =>
      Effect.gen(function*() {
        const { result, sent } = yield* runScripted(
          services,
          Effect.gen(function*() {
            const calls = yield* Effect.fork(Effect.all([testCase.call(), testCase.call()], { concurrency: 2 }))
            yield* TestClock.adjust(testCase.spacing)
            return yield* Fiber.join(calls)
          }),
          () => testCase.reply,
          { rateLimit: {} }
        )
        assert(result._tag === "Right")
        assert.deepStrictEqual(sent.map((request) => request.at - now), [0, testCase.spacing])
      }))

    it.effect("maps the SDK's wire-test error body {\"key\":\"value\"} by status alone", () =>
      Effect.gen(function*() {
        const { result } = yield* run(testCase.call(), () => json({ key: "value" }, 404))
        assert(result._tag === "Left" && result.left._tag === "NotFound")
        assert.deepStrictEqual(result.left.requestId, Option.none())
      }))

    it.effect("fails with DecodeError on a body that is not JSON", () =>
      Effect.gen(function*() {
        const { result } = yield* run(testCase.call(), () => ({ status: 200, body: "<html>ok</html>" }))
        assert(result._tag === "Left" && result.left._tag === "DecodeError")
        assert.strictEqual(result.left.operation, testCase.operation)
      }))

    if (testCase.requiresData !== false) {
      it.effect("fails with DecodeError when a required field is missing", () =>
        Effect.gen(function*() {
          const { result } = yield* run(testCase.call(), () =>
            json({ pagination: { endCursor: "", hasNextPage: false } }))
          // Everything else in the body is valid, so only the missing `data` can fail it.
          assert(result._tag === "Left" && result.left._tag === "DecodeError")
          assert.strictEqual(result.left.operation, testCase.operation)
        }))
    }

    const stream = testCase.stream
    if (stream !== undefined) {
      it.effect("streams every page, sending each endCursor as after", () =>
        Effect.gen(function*() {
          const { result, sent } = yield* run(stream.run, (_, index) => stream.pages[index] ?? stream.pages[1])
          assert(result._tag === "Right")
          assert.strictEqual(result.right.length, stream.items)
          assert.deepStrictEqual(sent.map((request) => request.url), [...stream.urls])
        }))
    }

    for (const [description, call, field] of testCase.invalid) {
      it.effect(`refuses ${description} before sending`, () =>
        Effect.gen(function*() {
          const { result, sent } = yield* run(call, () => testCase.reply)
          assert.strictEqual(sent.length, 0)
          assert(result._tag === "Left" && result.left._tag === "InvalidRequest")
          assert.strictEqual(result.left.operation, testCase.operation)
          assert.include(result.left.issues.map((issue) => issue.field), field)
        }))
    }
  })

/** `tests/wire/betaApIs.test.ts:29287` (getReportConfigs (1)). */
export const reportConfigsBody = {
  data: [
    {
      columns: [{ dataType: "string", name: "Asset: Id" }],
      datasetId: "Assets",
      filters: { primaryTimeRange: { endTime: "2019-06-13T21:08:25Z", startTime: "2019-06-13T19:08:25Z" } },
      id: "4f71fd67-54f0-41de-991c-ee1e031134d1",
      name: "Asset Report"
    }
  ],
  pagination: { endCursor: "MjkY", hasNextPage: true }
}

/** `tests/wire/betaApIs.test.ts:29496` (getDatasets (1)). */
export const datasetsBody = {
  data: [
    {
      displayName: "Assets",
      fields: [{ dataType: "string", displayName: "Asset: Name", name: "Name" }],
      hasTimeRangeFilter: true,
      id: "Assets",
      timeRangeLimitDays: 31
    }
  ],
  pagination: { endCursor: "MjkY", hasNextPage: true }
}

/** The run of `tests/wire/betaApIs.test.ts:29701` (getReportRuns (1)) and `:29901` (createReportRun (1)). */
export const reportRun = {
  createdAtTime: "2019-06-13T19:08:25Z",
  id: "4f71fd67-54f0-41de-991c-ee1e031134d1",
  status: "complete",
  updatedAtTime: "2019-06-13T19:08:25Z"
}

/** `tests/wire/betaApIs.test.ts:29701` (getReportRuns (1)). */
export const reportRunsBody = { data: [reportRun], pagination: { endCursor: "MjkY", hasNextPage: true } }

/** `tests/wire/betaApIs.test.ts:29901` (createReportRun (1)). */
export const createReportRunBody = { data: reportRun }

/**
 * `tests/wire/betaApIs.test.ts:30130` (getReportRunData (1)): one column, rows of four and three cells, each cell
 * an object.
 */
export const reportRunDataBody = {
  data: {
    columns: [{ dataType: "string", name: "Device Name" }],
    rows: [
      [{ key: "value" }, { key: "value" }, { key: "value" }, { key: "value" }],
      [{ key: "value" }, { key: "value" }, { key: "value" }]
    ],
    status: "complete"
  },
  pagination: { endCursor: "MjkY", hasNextPage: true }
}
