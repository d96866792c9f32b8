/**
 * Custom reports (closed beta): report configurations, queued runs of a report, and the tabular data of a
 * completed run.
 *
 * @since 0.1.0
 */
import type * as Duration from "effect/Duration"
import type * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import { execute } from "./internal/executor.js"
import { stringify } from "./internal/json.js"
import { define, paginated } from "./internal/operation.js"
import { pages } from "./internal/pagination.js"
import { csv, single } from "./internal/query.js"
import { perDay, perSecond } from "./internal/rateLimit.js"
import { runCustomReport } from "./internal/reportRun.js"
import {
  After,
  endAfterStart,
  Ids,
  Int64,
  Limit,
  NonEmptyText,
  optionalParam,
  type Params,
  Time
} from "./internal/requestFields.js"
import { OpenEnum, optional } from "./internal/responseFields.js"
import { call, custom, type ServiceOf, stream, Tag } from "./internal/service.js"
import { customReportRow } from "./internal/twins.js"
import { Pagination } from "./Pagination.js"
import type { SamsaraClient } from "./SamsaraClient.js"

/**
 * The schema of {@link CustomReportColumn}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const CustomReportColumn = Schema.Struct({
  baseUnit: optional(OpenEnum(
    "bar",
    "celsius",
    "fahrenheit",
    "foot",
    "gallon",
    "galpermi",
    "gforce",
    "gperliter",
    "gperm",
    "impgallon",
    "impgalpermi",
    "inch",
    "kelvin",
    "kgpergallon",
    "kgperkm",
    "kgperliter",
    "kgpermi",
    "kilogram",
    "kilometer",
    "kilopascal",
    "kilowatthour",
    "kmperhr",
    "lbpermi",
    "liter",
    "lper100km",
    "lperkm",
    "lperm",
    "meter",
    "meterspersec",
    "mile",
    "milliknot",
    "milliseconds",
    "millivolt",
    "mipergal",
    "miperhr",
    "miperimpgal",
    "pound",
    "poundsPerSquareInch",
    "poundspergallon",
    "poundsperliter",
    "volt",
    "watthour"
  )),
  displayName: Schema.String,
  type: OpenEnum("string", "numeric"),
  unit: optional(OpenEnum(
    "bar",
    "degreesCelsius",
    "degreesFahrenheit",
    "feet",
    "gForces",
    "gallons",
    "gallonsPerMile",
    "gramsPerLiter",
    "gramsPerMeter",
    "imperialGallons",
    "imperialGallonsPerMile",
    "inches",
    "kelvin",
    "kilograms",
    "kilogramsPerGallon",
    "kilogramsPerKilometer",
    "kilogramsPerLiter",
    "kilogramsPerMile",
    "kilometers",
    "kilometersPerHour",
    "kilopascals",
    "kilowattHours",
    "liters",
    "litersPer100Kilometers",
    "litersPerKilometer",
    "litersPerMeter",
    "meters",
    "metersPerSecond",
    "miles",
    "milesPerGallon",
    "milesPerHour",
    "milesPerImperialGallon",
    "milliknots",
    "milliseconds",
    "millivolts",
    "pounds",
    "poundsPerGallon",
    "poundsPerLiter",
    "poundsPerMile",
    "poundsPerSquareInch",
    "volts",
    "wattHours"
  ))
}).annotations({ identifier: "CustomReportColumn" })

/**
 * A report column: its name, whether it holds text or numbers, and the unit of numbers.
 *
 * @since 0.1.0
 * @category models
 */
export interface CustomReportColumn extends Schema.Schema.Type<typeof CustomReportColumn> {}

/**
 * The schema of {@link CustomReportConfig}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const CustomReportConfig = Schema.Struct({
  columns: Schema.Array(CustomReportColumn),
  id: Schema.String,
  reportName: Schema.String
}).annotations({ identifier: "CustomReportConfig" })

/**
 * @since 0.1.0
 * @category models
 */
export interface CustomReportConfig extends Schema.Schema.Type<typeof CustomReportConfig> {}

/**
 * The schema of {@link GetCustomReportConfigsResponse}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const GetCustomReportConfigsResponse = Schema.Struct({
  data: Schema.Array(CustomReportConfig),
  pagination: Pagination
}).annotations({ identifier: "GetCustomReportConfigsResponse" })

/**
 * @since 0.1.0
 * @category models
 */
export interface GetCustomReportConfigsResponse extends Schema.Schema.Type<typeof GetCustomReportConfigsResponse> {}

/**
 * The schema of {@link CustomReportRun}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const CustomReportRun = Schema.Struct({
  attributeValueIds: optional(Schema.Array(Schema.String)),
  createdAtTime: Schema.DateTimeUtc,
  customReportId: Schema.String,
  endTime: Schema.DateTimeUtc,
  id: Schema.String,
  percentComplete: Schema.Number,
  startTime: Schema.DateTimeUtc,
  status: OpenEnum("completed", "pending", "failed", "cancelled"),
  /** Strings here, although the run request takes them as int64 numbers. */
  tagIds: optional(Schema.Array(Schema.String)),
  updatedAtTime: Schema.DateTimeUtc
}).annotations({ identifier: "CustomReportRun" })

/**
 * A run of a custom report and how far it has got.
 *
 * @since 0.1.0
 * @category models
 */
export interface CustomReportRun extends Schema.Schema.Type<typeof CustomReportRun> {}

/**
 * The schema of {@link GetCustomReportRunsResponse}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const GetCustomReportRunsResponse = Schema.Struct({
  data: Schema.Array(CustomReportRun),
  pagination: Pagination
}).annotations({ identifier: "GetCustomReportRunsResponse" })

/**
 * @since 0.1.0
 * @category models
 */
export interface GetCustomReportRunsResponse extends Schema.Schema.Type<typeof GetCustomReportRunsResponse> {}

/**
 * The schema of {@link QueuedCustomReportRun}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const QueuedCustomReportRun = Schema.Struct({
  createdAtTime: Schema.DateTimeUtc,
  customReportId: Schema.String,
  id: Schema.String
}).annotations({ identifier: "QueuedCustomReportRun" })

/**
 * The run that `postCustomReportRun` queued.
 *
 * @since 0.1.0
 * @category models
 */
export interface QueuedCustomReportRun extends Schema.Schema.Type<typeof QueuedCustomReportRun> {}

/**
 * The schema of {@link PostCustomReportRunResponse}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const PostCustomReportRunResponse = Schema.Struct({
  data: QueuedCustomReportRun
}).annotations({ identifier: "PostCustomReportRunResponse" })

/**
 * @since 0.1.0
 * @category models
 */
export interface PostCustomReportRunResponse extends Schema.Schema.Type<typeof PostCustomReportRunResponse> {}

/**
 * The schema of {@link CustomReportRow}. A cell is any JSON value, so a row is checked only to be an array, with
 * the acceptance of `Schema.Array(Schema.Unknown)`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const CustomReportRow = customReportRow

/**
 * One row of a run's data: a cell per column, each any JSON value (Samsara's examples are strings).
 *
 * @since 0.1.0
 * @category models
 */
export type CustomReportRow = ReadonlyArray<unknown>

/**
 * The schema of {@link CustomReportRunData}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const CustomReportRunData = Schema.Struct({
  columns: optional(Schema.Array(CustomReportColumn)),
  rows: Schema.Array(CustomReportRow)
}).annotations({ identifier: "CustomReportRunData" })

/**
 * One page of a run's data.
 *
 * @since 0.1.0
 * @category models
 */
export interface CustomReportRunData extends Schema.Schema.Type<typeof CustomReportRunData> {}

/**
 * The schema of {@link GetCustomReportRunDataResponse}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const GetCustomReportRunDataResponse = Schema.Struct({
  data: CustomReportRunData,
  pagination: Pagination
}).annotations({ identifier: "GetCustomReportRunDataResponse" })

/**
 * @since 0.1.0
 * @category models
 */
export interface GetCustomReportRunDataResponse extends Schema.Schema.Type<typeof GetCustomReportRunDataResponse> {}

const GetCustomReportConfigsParams = Schema.Struct({
  limit: optionalParam(Limit),
  after: After
})

/**
 * @since 0.1.0
 * @category models
 */
export type GetCustomReportConfigsParams = Params<typeof GetCustomReportConfigsParams>

const GetCustomReportRunsParams = Schema.Struct({
  customReportIds: optionalParam(Ids()),
  ids: optionalParam(Ids()),
  after: After
}).pipe(Schema.filter((params) => {
  const given = [params.customReportIds, params.ids].filter((ids) => ids !== undefined && ids.length > 0).length
  return given === 1 || { path: ["customReportIds"], message: "give exactly one of customReportIds or ids" }
}))

/**
 * Exactly one of `customReportIds` (all runs of those reports) or `ids` (those runs).
 *
 * @since 0.1.0
 * @category models
 */
export type GetCustomReportRunsParams = Params<typeof GetCustomReportRunsParams>

const PostCustomReportRunParams = Schema.Struct({
  customReportId: NonEmptyText,
  startTime: Time,
  endTime: Time,
  attributeValueIds: optionalParam(Schema.Array(NonEmptyText)),
  /** int64 ids: a `bigint`, a safe-integer `number` or a string of digits; sent as exact JSON numbers. */
  tagIds: optionalParam(Schema.Array(Int64))
}).pipe(Schema.filter(endAfterStart))

/**
 * @since 0.1.0
 * @category models
 */
export type PostCustomReportRunParams = Params<typeof PostCustomReportRunParams>

const GetCustomReportRunDataParams = Schema.Struct({
  id: NonEmptyText,
  after: After
})

/**
 * @since 0.1.0
 * @category models
 */
export type GetCustomReportRunDataParams = Params<typeof GetCustomReportRunDataParams>

const readScope = "Read Custom Reports (Closed Beta)"

/**
 * `GET /preview/custom-reports/configs`.
 *
 * @since 0.1.0
 * @category operations
 */
export const getCustomReportConfigs = paginated({
  id: "getCustomReportConfigs",
  summary: "Get custom report configs",
  method: "GET",
  path: "/preview/custom-reports/configs",
  scope: readScope,
  budget: perSecond(5),
  idempotent: true,
  params: GetCustomReportConfigsParams,
  query: (params) => [single("after", params.after), single("limit", params.limit)],
  success: Schema.parseJson(GetCustomReportConfigsResponse),
  items: (page) => page.data
})

/**
 * `GET /preview/custom-reports/runs`.
 *
 * @since 0.1.0
 * @category operations
 */
export const getCustomReportRuns = paginated({
  id: "getCustomReportRuns",
  summary: "Get custom report runs",
  method: "GET",
  path: "/preview/custom-reports/runs",
  scope: readScope,
  budget: perSecond(5),
  idempotent: true,
  params: GetCustomReportRunsParams,
  query: (params) => [
    csv("customReportIds", params.customReportIds),
    csv("ids", params.ids),
    single("after", params.after)
  ],
  success: Schema.parseJson(GetCustomReportRunsResponse),
  items: (page) => page.data
})

/**
 * `POST /preview/custom-reports/runs`.
 *
 * @since 0.1.0
 * @category operations
 */
export const postCustomReportRun = define({
  id: "postCustomReportRun",
  summary: "Create a custom report run",
  method: "POST",
  path: "/preview/custom-reports/runs",
  scope: "Write Custom Reports (Closed Beta)",
  budget: perDay(240),
  idempotent: false,
  params: PostCustomReportRunParams,
  body: (params) =>
    stringify({
      customReportId: params.customReportId,
      startTime: params.startTime.wire,
      endTime: params.endTime.wire,
      attributeValueIds: params.attributeValueIds,
      tagIds: params.tagIds
    }),
  success: Schema.parseJson(PostCustomReportRunResponse)
})

/**
 * `GET /preview/custom-reports/runs/data`.
 *
 * @since 0.1.0
 * @category operations
 */
export const getCustomReportRunData = paginated({
  id: "getCustomReportRunData",
  summary: "Get custom report run data",
  method: "GET",
  path: "/preview/custom-reports/runs/data",
  scope: readScope,
  budget: perSecond(5),
  idempotent: true,
  params: GetCustomReportRunDataParams,
  query: (params) => [single("id", params.id), single("after", params.after)],
  success: Schema.parseJson(GetCustomReportRunDataResponse),
  items: (page) => page.data.rows
})

/**
 * One row of a completed run, keyed by column display name (`column<n>` where the run gave no column).
 *
 * @since 0.1.0
 * @category models
 */
export type CustomReportRecord = { readonly [column: string]: unknown }

/**
 * How `runCustomReport` waits for the run.
 *
 * @since 0.1.0
 * @category models
 */
export interface RunCustomReportOptions {
  /**
   * When to check the run again; defaults to every 2 seconds, well inside the 5 a second that
   * `getCustomReportRuns` allows. If the schedule ends before the run does, the call fails as timed out.
   */
  readonly poll?: Schedule.Schedule<unknown> | undefined
  /** The longest to wait from queueing to completion; defaults to 10 minutes. */
  readonly deadline?: Duration.DurationInput | undefined
  /**
   * Per-call options for every request the workflow sends. A `retry` here also opts the queueing POST into
   * retries, as it does on `postCustomReportRun`.
   */
  readonly call?: SamsaraClient.CallOptions | undefined
}

const methods = {
  /** One page of report configurations (`GET /preview/custom-reports/configs`). */
  getCustomReportConfigs: call(getCustomReportConfigs),
  /** Every report configuration, fetched as the stream is pulled. */
  streamCustomReportConfigs: stream(getCustomReportConfigs),
  /** One page of runs (`GET /preview/custom-reports/runs`). */
  getCustomReportRuns: call(getCustomReportRuns),
  /** Every matching run, fetched as the stream is pulled. */
  streamCustomReportRuns: stream(getCustomReportRuns),
  /**
   * Queues a run (`POST /preview/custom-reports/runs`). Not idempotent, so never retried unless
   * `options.retry` is given. Samsara allows 240 a day.
   */
  postCustomReportRun: call(postCustomReportRun),
  /** One page of a run's rows (`GET /preview/custom-reports/runs/data`). */
  getCustomReportRunData: call(getCustomReportRunData),
  /** Every row of a run (`data.rows` of each page), fetched as the stream is pulled. */
  streamCustomReportRunData: stream(getCustomReportRunData),
  /**
   * The whole workflow: queues a run, polls `getCustomReportRuns` until it completes, then streams its rows as
   * records keyed by column. Fails with `CustomReportRunFailed` if the run fails or is cancelled, and with
   * `CustomReportRunTimedOut` if it has not completed in time. The queueing POST is not retried.
   */
  runCustomReport: custom((client) =>
    runCustomReport({
      postRun: execute(postCustomReportRun, client),
      getRuns: execute(getCustomReportRuns, client),
      runDataPages: pages(getCustomReportRunData, client)
    })
  )
}

/**
 * The custom-report operations.
 *
 * @since 0.1.0
 * @category tags
 */
export class CustomReports extends Tag<CustomReports, CustomReports.Service>()("CustomReports", methods) {}

/**
 * @since 0.1.0
 */
export declare namespace CustomReports {
  /**
   * @since 0.1.0
   * @category models
   */
  export interface Service extends ServiceOf<typeof methods> {}
}
