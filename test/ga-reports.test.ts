/**
 * The custom-report operations of Samsara's current API (`/reports/...`): the request the official SDK sends, its
 * wire-test bodies decoded, every documented status, and the documented rules (up to 10 ids, page sizes, exactly
 * one source for a run) checked before sending. `createReportRun` has a body, so its cases are written out here.
 */
import { assert, describe, it } from "@effect/vitest"
import * as DateTime from "effect/DateTime"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import {
  type CreateReportRunParams,
  CreateReportRunResponse,
  Dataset,
  DatasetField,
  GetDatasetsResponse,
  GetReportConfigsResponse,
  GetReportRunDataResponse,
  GetReportRunsResponse,
  ReportColumn,
  ReportConfig,
  ReportFilters,
  ReportRun,
  ReportRunData,
  Reports,
  ReportTimeRange
} from "../src/ga/Reports.js"
import { Pagination } from "../src/Pagination.js"
import type { SamsaraClient } from "../src/SamsaraClient.js"
import {
  createReportRunBody,
  datasetsBody,
  describeGaOperation,
  documentedStatuses,
  host,
  reportConfigsBody,
  reportRun,
  reportRunDataBody,
  reportRunsBody,
  runScripted
} from "./support/gaFixtures.js"
import { clientLayer, json, type SentRequest } from "./support/scriptedHttp.js"

const utc = (iso: string) => DateTime.unsafeMake(iso)
const eleven = Array.from({ length: 11 }, (_, index) => `id-${index}`)
const lastPage = { endCursor: "", hasNextPage: false }
const sdkPagination = Pagination.make({ endCursor: "MjkY", hasNextPage: true })
const runId = "4f71fd67-54f0-41de-991c-ee1e031134d1"
/** The scope the SDK's JSDoc names for every report read (betaApIs `Client.ts:13281`, `:13389`, `:13497`, `:13713`). */
const readScope = "Read Custom Reports"
/** 5 a second (`Client.ts:13279`, `:13387`, `:13495`, `:13711`): 200 ms a start, plus the client's 5%. */
const fiveASecond = 210

const sdkRun = ReportRun.make({
  createdAtTime: utc("2019-06-13T19:08:25Z"),
  id: runId,
  status: "complete",
  updatedAtTime: utc("2019-06-13T19:08:25Z")
})

const reports = <A, E>(use: (reports: Reports.Service) => Effect.Effect<A, E>) => Effect.flatMap(Reports, use)

const configsParams = { after: "c=1", limit: 100, ids: ["cfg 1", "cfg-2"] }
const configsUrl = `${host}/reports/configs?after=c%3D1&limit=100&ids=cfg%201&ids=cfg-2`

describeGaOperation(Reports.layer, {
  operation: "getReportConfigs",
  call: (options) => reports((service) => service.getReportConfigs(configsParams, options)),
  // The SDK's key order (after, limit, ids), the ids as repeated keys, each value percent-encoded.
  request: { method: "GET", url: configsUrl },
  scope: readScope,
  spacing: fiveASecond,
  reply: json(reportConfigsBody),
  expected: GetReportConfigsResponse.make({
    data: [
      ReportConfig.make({
        columns: [ReportColumn.make({ dataType: "string", name: "Asset: Id" })],
        datasetId: "Assets",
        filters: ReportFilters.make({
          primaryTimeRange: ReportTimeRange.make({
            endTime: utc("2019-06-13T21:08:25Z"),
            startTime: utc("2019-06-13T19:08:25Z")
          })
        }),
        id: "4f71fd67-54f0-41de-991c-ee1e031134d1",
        name: "Asset Report"
      })
    ],
    pagination: sdkPagination
  }),
  tolerated: {
    reply: json({
      data: [{
        columns: [{ dataType: "decimal", name: "Speed", unit: "furlongsPerFortnight", precision: 2 }],
        datasetId: "Assets",
        filters: null,
        id: "cfg-2",
        name: "Speeds",
        owner: "someone"
      }],
      pagination: lastPage
    }),
    expected: GetReportConfigsResponse.make({
      data: [
        ReportConfig.make({
          columns: [ReportColumn.make({ dataType: "decimal", name: "Speed", unit: "furlongsPerFortnight" })],
          datasetId: "Assets",
          filters: undefined,
          id: "cfg-2",
          name: "Speeds"
        })
      ],
      pagination: Pagination.make(lastPage)
    })
  },
  stream: {
    run: reports((service) => Stream.runCollect(service.streamReportConfigs(configsParams))).pipe(
      Effect.map((items) => Array.from(items))
    ),
    pages: [
      json({ ...reportConfigsBody, pagination: { endCursor: "MjkY", hasNextPage: true } }),
      json({
        data: [reportConfigsBody.data[0], reportConfigsBody.data[0]],
        pagination: lastPage
      })
    ],
    urls: [configsUrl, `${host}/reports/configs?after=MjkY&limit=100&ids=cfg%201&ids=cfg-2`],
    items: 3
  },
  invalid: [
    ["a limit of 0", reports((service) => service.getReportConfigs({ limit: 0 })), "limit"],
    ["a limit of 101", reports((service) => service.getReportConfigs({ limit: 101 })), "limit"],
    ["a fractional limit", reports((service) => service.getReportConfigs({ limit: 2.5 })), "limit"],
    ["11 ids", reports((service) => service.getReportConfigs({ ids: eleven })), "ids"],
    ["an empty id", reports((service) => service.getReportConfigs({ ids: ["cfg-1", ""] })), "ids.1"],
    ["an empty cursor", reports((service) => service.getReportConfigs({ after: "" })), "after"]
  ]
})

const runsParams = { reportConfigIds: ["cfg-1", "cfg-2"], ids: ["run-1"], after: "r1", limit: 50 }
const runsUrl = `${host}/reports/runs?reportConfigIds=cfg-1&reportConfigIds=cfg-2&ids=run-1&after=r1&limit=50`

describeGaOperation(Reports.layer, {
  operation: "getReportRuns",
  call: (options) => reports((service) => service.getReportRuns(runsParams, options)),
  // Both lists at once: the SDK documents no exclusion between them (the preview required exactly one).
  request: { method: "GET", url: runsUrl },
  scope: readScope,
  spacing: fiveASecond,
  reply: json(reportRunsBody),
  expected: GetReportRunsResponse.make({ data: [sdkRun], pagination: sdkPagination }),
  tolerated: {
    reply: json({ data: [{ ...reportRun, status: "running", percentComplete: 40 }], pagination: lastPage }),
    expected: GetReportRunsResponse.make({
      data: [ReportRun.make({ ...sdkRun, status: "running" })],
      pagination: Pagination.make(lastPage)
    })
  },
  stream: {
    run: reports((service) => Stream.runCollect(service.streamReportRuns(runsParams))).pipe(
      Effect.map((items) => Array.from(items))
    ),
    pages: [json(reportRunsBody), json({ data: [reportRun, reportRun], pagination: lastPage })],
    urls: [runsUrl, `${host}/reports/runs?reportConfigIds=cfg-1&reportConfigIds=cfg-2&ids=run-1&after=MjkY&limit=50`],
    items: 3
  },
  invalid: [
    [
      "11 report config ids",
      reports((service) => service.getReportRuns({ reportConfigIds: eleven })),
      "reportConfigIds"
    ],
    ["11 run ids", reports((service) => service.getReportRuns({ ids: eleven })), "ids"],
    ["an empty run id", reports((service) => service.getReportRuns({ ids: [""] })), "ids.0"],
    ["a limit of 101", reports((service) => service.getReportRuns({ limit: 101 })), "limit"],
    ["a limit of 0", reports((service) => service.getReportRuns({ limit: 0 })), "limit"]
  ]
})

const runDataParams = { id: "id", after: "d/2", limit: 1024 }

describeGaOperation(Reports.layer, {
  operation: "getReportRunData",
  call: (options) => reports((service) => service.getReportRunData(runDataParams, options)),
  request: { method: "GET", url: `${host}/reports/runs/data?id=id&after=d%2F2&limit=1024` },
  scope: readScope,
  spacing: fiveASecond,
  reply: json(reportRunDataBody),
  // The SDK's fixture: object cells, and rows longer than the one column, all kept as sent.
  expected: GetReportRunDataResponse.make({
    data: ReportRunData.make({
      columns: [ReportColumn.make({ dataType: "string", name: "Device Name" })],
      rows: reportRunDataBody.data.rows,
      status: "complete"
    }),
    pagination: sdkPagination
  }),
  tolerated: {
    reply: json({
      data: {
        columns: [{ dataType: "duration", name: "Idle", unit: "milliseconds" }, { dataType: "float", name: "Fuel" }],
        rows: [["PT5M", null], [300000, 12.5, "extra"], []],
        status: "archived",
        rowCount: 3
      },
      pagination: lastPage
    }),
    expected: GetReportRunDataResponse.make({
      data: ReportRunData.make({
        columns: [
          ReportColumn.make({ dataType: "duration", name: "Idle", unit: "milliseconds" }),
          ReportColumn.make({ dataType: "float", name: "Fuel" })
        ],
        rows: [["PT5M", null], [300000, 12.5, "extra"], []],
        status: "archived"
      }),
      pagination: Pagination.make(lastPage)
    })
  },
  stream: {
    run: reports((service) => Stream.runCollect(service.streamReportRunData(runDataParams))).pipe(
      Effect.map((items) => Array.from(items))
    ),
    pages: [json(reportRunDataBody), json({ data: { ...reportRunDataBody.data, rows: [[1]] }, pagination: lastPage })],
    urls: [
      `${host}/reports/runs/data?id=id&after=d%2F2&limit=1024`,
      `${host}/reports/runs/data?id=id&after=MjkY&limit=1024`
    ],
    items: 3
  },
  invalid: [
    ["a missing id", reports((service) => service.getReportRunData(JSON.parse("{}"))), "id"],
    ["an empty id", reports((service) => service.getReportRunData({ id: "" })), "id"],
    ["a limit of 0", reports((service) => service.getReportRunData({ id: "r", limit: 0 })), "limit"],
    ["a limit of 1025", reports((service) => service.getReportRunData({ id: "r", limit: 1025 })), "limit"]
  ]
})

describe("getReportRunData body", () => {
  for (
    const [missing, data] of [
      ["columns", { rows: [], status: "complete" }],
      ["rows", { columns: [], status: "complete" }],
      ["status", { columns: [], rows: [] }]
    ] as const
  ) {
    it.effect(`fails with DecodeError without data.${missing}, which Samsara requires`, () =>
      Effect.gen(function*() {
        const { result } = yield* runScripted(
          Reports.layer,
          reports((service) => service.getReportRunData({ id: "r" })),
          () => json({ data, pagination: lastPage })
        )
        assert(result._tag === "Left" && result.left._tag === "DecodeError")
        assert.include(result.left.message, missing)
      }))
  }

  it.effect("fails with DecodeError on a row that is not an array", () =>
    Effect.gen(function*() {
      const { result } = yield* runScripted(
        Reports.layer,
        reports((service) => service.getReportRunData({ id: "r" })),
        () => json({ data: { columns: [], rows: [{ cell: 1 }], status: "complete" }, pagination: lastPage })
      )
      assert(result._tag === "Left" && result.left._tag === "DecodeError")
    }))
})

const datasetsParams = { ids: ["Assets", "Trips"], limit: 5000 }

describeGaOperation(Reports.layer, {
  operation: "getDatasets",
  call: (options) => reports((service) => service.getDatasets(datasetsParams, options)),
  // No range is documented for this limit, so a large one goes out.
  request: { method: "GET", url: `${host}/reports/datasets?ids=Assets&ids=Trips&limit=5000` },
  scope: readScope,
  spacing: fiveASecond,
  reply: json(datasetsBody),
  expected: GetDatasetsResponse.make({
    data: [
      Dataset.make({
        displayName: "Assets",
        fields: [DatasetField.make({ dataType: "string", displayName: "Asset: Name", name: "Name" })],
        hasTimeRangeFilter: true,
        id: "Assets",
        timeRangeLimitDays: 31
      })
    ],
    pagination: sdkPagination
  }),
  tolerated: {
    reply: json({
      data: [{
        displayName: "Trips",
        fields: [{ dataType: "geo", displayName: "Trip: Distance", name: "Distance", unit: "parsecs", hidden: true }],
        hasTimeRangeFilter: false,
        id: "Trips",
        timeRangeLimitDays: null
      }],
      pagination: lastPage
    }),
    expected: GetDatasetsResponse.make({
      data: [
        Dataset.make({
          displayName: "Trips",
          fields: [
            DatasetField.make({ dataType: "geo", displayName: "Trip: Distance", name: "Distance", unit: "parsecs" })
          ],
          hasTimeRangeFilter: false,
          id: "Trips",
          timeRangeLimitDays: undefined
        })
      ],
      pagination: Pagination.make(lastPage)
    })
  },
  stream: {
    run: reports((service) => Stream.runCollect(service.streamDatasets(datasetsParams))).pipe(
      Effect.map((items) => Array.from(items))
    ),
    pages: [json(datasetsBody), json({ ...datasetsBody, pagination: lastPage })],
    urls: [
      `${host}/reports/datasets?ids=Assets&ids=Trips&limit=5000`,
      `${host}/reports/datasets?ids=Assets&ids=Trips&after=MjkY&limit=5000`
    ],
    items: 2
  },
  invalid: [
    ["11 ids", reports((service) => service.getDatasets({ ids: eleven })), "ids"],
    ["a limit of 0", reports((service) => service.getDatasets({ limit: 0 })), "limit"],
    ["a fractional limit", reports((service) => service.getDatasets({ limit: 1.5 })), "limit"]
  ]
})

const create = (params: CreateReportRunParams, options?: SamsaraClient.CallOptions) =>
  reports((service) => service.createReportRun(params, options))

const requestOf = (request: SentRequest | undefined) => ({
  method: request?.method,
  url: request?.url,
  body: request?.body,
  contentType: request?.headers["content-type"]
})

const createdFromSdk = CreateReportRunResponse.make({ data: sdkRun })

describe("createReportRun", () => {
  for (
    const [description, params, body] of [
      ["a saved configuration", { reportConfig: { id: "cfg-1" } }, `{"reportConfig":{"id":"cfg-1"}}`],
      [
        "a saved configuration over a time range",
        {
          reportConfig: {
            id: "cfg-1",
            filters: {
              primaryTimeRange: { startTime: "2019-06-13T19:08:25Z", endTime: utc("2019-06-13T21:08:25Z") }
            }
          }
        },
        `{"reportConfig":{"id":"cfg-1","filters":{"primaryTimeRange":{"startTime":"2019-06-13T19:08:25Z",` +
        `"endTime":"2019-06-13T21:08:25.000Z"}}}}`
      ],
      [
        "fields of a dataset over a time range",
        {
          reportConfig: {
            datasetId: "Assets",
            columns: [{ fieldName: "Name" }, { fieldName: "Id" }],
            filters: {
              primaryTimeRange: {
                startTime: new Date("2019-06-13T19:08:25Z"),
                endTime: "2019-06-13T23:08:25+02:00"
              }
            }
          }
        },
        `{"reportConfig":{"datasetId":"Assets","columns":[{"fieldName":"Name"},{"fieldName":"Id"}],` +
        `"filters":{"primaryTimeRange":{"startTime":"2019-06-13T19:08:25.000Z","endTime":"2019-06-13T23:08:25+02:00"}}}}`
      ],
      [
        "fields of a dataset, with no filters",
        { reportConfig: { datasetId: "Assets", columns: [{ fieldName: "Name" }] } },
        `{"reportConfig":{"datasetId":"Assets","columns":[{"fieldName":"Name"}]}}`
      ]
    ] satisfies ReadonlyArray<readonly [string, CreateReportRunParams, string]>
  ) {
    it.effect(`posts a run of ${description} and decodes the SDK's fixture`, () =>
      Effect.gen(function*() {
        const { result, sent } = yield* runScripted(Reports.layer, create(params), () => json(createReportRunBody))
        assert.deepStrictEqual(result, Either.right(createdFromSdk))
        assert.deepStrictEqual(sent.map(requestOf), [
          { method: "POST", url: `${host}/reports/runs`, body, contentType: "application/json" }
        ])
      }))
  }

  it.effect("tolerates an undocumented field and an unknown status", () =>
    Effect.gen(function*() {
      const { result } = yield* runScripted(
        Reports.layer,
        create({ reportConfig: { id: "cfg-1" } }),
        () => json({ data: { ...reportRun, status: "queued", queuePosition: 3 }, requestTimeMs: 4 })
      )
      assert.deepStrictEqual(
        result,
        Either.right(CreateReportRunResponse.make({ data: { ...sdkRun, status: "queued" } }))
      )
    }))

  for (const [status, tag] of documentedStatuses) {
    it.effect(`maps ${status} to ${tag}`, () =>
      Effect.gen(function*() {
        const body = { message: `status ${status} from Samsara`, requestId: `req-${status}` }
        const { result } = yield* runScripted(
          Reports.layer,
          create({ reportConfig: { id: "cfg-1" } }),
          () => json(body, status)
        )
        assert(result._tag === "Left")
        assert.strictEqual(result.left._tag, tag)
        assert(result.left._tag !== "InvalidRequest" && result.left._tag !== "DecodeError")
        assert(result.left._tag !== "TransportError" && result.left._tag !== "RateLimitExceeded")
        assert.strictEqual(result.left.status, status)
        assert.strictEqual(result.left.operation, "createReportRun")
        // By value: chai's deep equality takes any two Options for equal.
        assert.strictEqual(Option.getOrUndefined(result.left.requestId), `req-${status}`)
      }))
  }

  for (
    const [description, reply] of [
      ["a body that is not JSON", { status: 200, body: "<html>ok</html>" }],
      ["a body without data", json({})],
      ["a run without its status", json({ data: { ...reportRun, status: undefined } })],
      ["a run whose createdAtTime is not a time", json({ data: { ...reportRun, createdAtTime: "yesterday" } })]
    ] as const
  ) {
    it.effect(`fails with DecodeError on ${description}`, () =>
      Effect.gen(function*() {
        const { result } = yield* runScripted(Reports.layer, create({ reportConfig: { id: "cfg-1" } }), () => reply)
        assert(result._tag === "Left" && result.left._tag === "DecodeError")
        assert.strictEqual(result.left.operation, "createReportRun")
      }))
  }

  it.effect("is not retried on a retryable status unless the call passes retry", () =>
    Effect.gen(function*() {
      // The client's default policy retries idempotent calls; this one is not idempotent.
      const http = clientLayer(() => json({ message: "busy" }, 503))
      const once = yield* Effect.either(Effect.provide(
        create({ reportConfig: { id: "cfg-1" } }),
        Reports.layer.pipe(Layer.provide(http.layer))
      ))
      assert(once._tag === "Left" && once.left._tag === "ServiceUnavailable")
      assert.strictEqual(http.sent.length, 1)
      const retried = yield* Effect.either(Effect.provide(
        create({ reportConfig: { id: "cfg-1" } }, { retry: Schedule.recurs(2) }),
        Reports.layer.pipe(Layer.provide(http.layer))
      ))
      assert(retried._tag === "Left" && retried.left._tag === "ServiceUnavailable")
      assert.strictEqual(http.sent.length, 4)
    }))

  it.scoped("allows 50 runs an hour and refuses the 51st without sending it", () =>
    Effect.gen(function*() {
      const http = clientLayer(() => json(createReportRunBody), { retry: Schedule.recurs(0), rateLimit: {} })
      const services = yield* Layer.build(Reports.layer.pipe(Layer.provide(http.layer)))
      const run = create({ reportConfig: { id: "cfg-1" } }).pipe(Effect.provide(services))
      // Ten at a time every 100 ms stays under Samsara's 150 a second per token.
      for (let batch = 0; batch < 5; batch++) {
        yield* Effect.all(Array.from({ length: 10 }, () => run), { concurrency: "unbounded" })
        yield* TestClock.adjust("100 millis")
      }
      assert.strictEqual(http.sent.length, 50)
      const refused = yield* Effect.exit(run)
      assert(Exit.isFailure(refused) && refused.cause._tag === "Fail")
      const error = refused.cause.error
      assert(error._tag === "RateLimitExceeded")
      assert.strictEqual(error.operation, "createReportRun")
      assert.deepStrictEqual(error.retryAfter, Duration.millis(3_600_000 - 500))
      assert.strictEqual(http.sent.length, 50)
    }))

  const time = { startTime: "2019-06-13T19:08:25Z", endTime: "2019-06-13T21:08:25Z" }
  for (
    const [description, params, field] of [
      ["neither id nor datasetId with columns", { reportConfig: {} }, "reportConfig.id"],
      ["both id and datasetId with columns", {
        reportConfig: { id: "cfg-1", datasetId: "Assets", columns: [{ fieldName: "Name" }] }
      }, "reportConfig.id"],
      ["id with columns", { reportConfig: { id: "cfg-1", columns: [{ fieldName: "Name" }] } }, "reportConfig.id"],
      ["datasetId without columns", { reportConfig: { datasetId: "Assets" } }, "reportConfig.columns"],
      ["columns without datasetId", { reportConfig: { columns: [{ fieldName: "Name" }] } }, "reportConfig.datasetId"],
      ["an empty list of columns", { reportConfig: { datasetId: "Assets", columns: [] } }, "reportConfig.columns"],
      [
        "an empty fieldName",
        { reportConfig: { datasetId: "Assets", columns: [{ fieldName: "Name" }, { fieldName: "" }] } },
        "reportConfig.columns.1.fieldName"
      ],
      ["an empty id", { reportConfig: { id: "" } }, "reportConfig.id"],
      [
        "a time range ending before it starts",
        {
          reportConfig: {
            id: "cfg-1",
            filters: { primaryTimeRange: { startTime: time.endTime, endTime: time.startTime } }
          }
        },
        "reportConfig.filters.primaryTimeRange.endTime"
      ],
      [
        "a start time that is not RFC 3339",
        { reportConfig: { id: "cfg-1", filters: { primaryTimeRange: { ...time, startTime: "2019-06-13 19:08" } } } },
        "reportConfig.filters.primaryTimeRange.startTime"
      ],
      [
        "a time range without its end",
        JSON.parse(`{"reportConfig":{"id":"cfg-1","filters":{"primaryTimeRange":{"startTime":"${time.startTime}"}}}}`),
        "reportConfig.filters.primaryTimeRange.endTime"
      ],
      ["no reportConfig", JSON.parse("{}"), "reportConfig"]
    ] satisfies ReadonlyArray<readonly [string, CreateReportRunParams, string]>
  ) {
    it.effect(`refuses ${description} before sending`, () =>
      Effect.gen(function*() {
        const { result, sent } = yield* runScripted(Reports.layer, create(params), () => json(createReportRunBody))
        assert.strictEqual(sent.length, 0)
        assert(result._tag === "Left" && result.left._tag === "InvalidRequest")
        assert.strictEqual(result.left.operation, "createReportRun")
        assert.deepStrictEqual(result.left.issues.map((issue) => issue.field), [field])
      }))
  }

  it.effect("takes undefined for an absent nested field, as for a top-level one", () =>
    Effect.gen(function*() {
      const { result, sent } = yield* runScripted(
        Reports.layer,
        create({
          reportConfig: {
            id: "cfg-1",
            datasetId: undefined,
            columns: undefined,
            filters: { primaryTimeRange: undefined }
          }
        }),
        () => json(createReportRunBody)
      )
      assert(result._tag === "Right")
      assert.deepStrictEqual(sent.map((request) => request.body), [`{"reportConfig":{"id":"cfg-1","filters":{}}}`])
    }))
})
