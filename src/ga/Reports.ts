/**
 * Custom reports on Samsara's current API (`/reports/...`): datasets and their fields, saved report
 * configurations, runs created from either, and the tabular data of a completed run.
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import * as ParseResult from "effect/ParseResult"
import type * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import { CustomReportRow } from "../CustomReports.js"
import { execute } from "../internal/executor.js"
import { runReport } from "../internal/gaReportRun.js"
import { stringify } from "../internal/json.js"
import { define, paginated } from "../internal/operation.js"
import { pages } from "../internal/pagination.js"
import { repeated, single } from "../internal/query.js"
import { perSecond } from "../internal/rateLimit.js"
import {
  After,
  endAfterStart,
  Ids,
  Limit,
  NonEmptyText,
  optionalParam,
  type Params,
  Time
} from "../internal/requestFields.js"
import { OpenEnum, optional } from "../internal/responseFields.js"
import { call, custom, type ServiceOf, stream, Tag } from "../internal/service.js"
import { Pagination } from "../Pagination.js"
import type { SamsaraClient } from "../SamsaraClient.js"

const DataType = OpenEnum("string", "integer", "float", "timestamp", "unknown")

// One list serves the columns of configs and runs and the fields of datasets: Samsara's three copies are identical.
const Unit = OpenEnum(
  "amperes",
  "bars",
  "cad",
  "chf",
  "days",
  "decimalDegrees",
  "degreesCelsius",
  "degreesFahrenheit",
  "eur",
  "feet",
  "gForces",
  "gallons",
  "gallonsPerHour",
  "gallonsPerKilogram",
  "gallonsPerMile",
  "gbp",
  "gramsPerLiter",
  "gramsPerMeter",
  "hertz",
  "hours",
  "imperialGallons",
  "imperialGallonsPerHour",
  "imperialGallonsPerKilogram",
  "imperialGallonsPerMile",
  "inches",
  "kelvins",
  "kilograms",
  "kilogramsGaseousFuel",
  "kilogramsPer100KilometerGaseousFuel",
  "kilogramsPerGallon",
  "kilogramsPerKilometer",
  "kilogramsPerLiter",
  "kilogramsPerMile",
  "kilometers",
  "kilometersPerHour",
  "kilometersPerLiter",
  "kilometersPerLiterGaseousFuel",
  "kilopascals",
  "kilowattHours",
  "liters",
  "litersGaseousFuel",
  "litersPer100Kilometers",
  "litersPer100KilometersGaseousFuel",
  "litersPerHour",
  "litersPerKilogram",
  "litersPerKilometer",
  "litersPerMeter",
  "litersPerTonne",
  "meters",
  "metersPerSecond",
  "miles",
  "milesPerGallon",
  "milesPerHour",
  "milesPerImperialGallon",
  "milesPerKilogramGaseousFuel",
  "milesPerUSGallonGaseousFuel",
  "milliknots",
  "milliseconds",
  "millivolts",
  "minutes",
  "months",
  "mxn",
  "percents",
  "pounds",
  "poundsPerGallon",
  "poundsPerLiter",
  "poundsPerMile",
  "poundsPerSquareInch",
  "revolutionsPerMinute",
  "seconds",
  "unknown",
  "usGallonsGaseousFuel",
  "usd",
  "voltAmperes",
  "voltAmperesReactive",
  "volts",
  "wattHours",
  "watts",
  "weeks"
)

const RunStatus = OpenEnum("complete", "pending", "failed", "canceled", "unknown")

/**
 * The schema of {@link ReportColumn}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ReportColumn = Schema.Struct({
  dataType: DataType,
  name: Schema.String,
  unit: optional(Unit)
}).annotations({ identifier: "ReportColumn" })

/**
 * A column of a report configuration or of a run's data: its name, the type of its cells and their unit.
 *
 * @since 0.1.0
 * @category models
 */
export interface ReportColumn extends Schema.Schema.Type<typeof ReportColumn> {}

/**
 * The schema of {@link ReportTimeRange}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ReportTimeRange = Schema.Struct({
  endTime: Schema.DateTimeUtc,
  startTime: Schema.DateTimeUtc
}).annotations({ identifier: "ReportTimeRange" })

/**
 * The primary time range of a report, which not every dataset supports.
 *
 * @since 0.1.0
 * @category models
 */
export interface ReportTimeRange extends Schema.Schema.Type<typeof ReportTimeRange> {}

/**
 * The schema of {@link ReportFilters}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ReportFilters = Schema.Struct({
  primaryTimeRange: optional(ReportTimeRange)
}).annotations({ identifier: "ReportFilters" })

/**
 * @since 0.1.0
 * @category models
 */
export interface ReportFilters extends Schema.Schema.Type<typeof ReportFilters> {}

/**
 * The schema of {@link ReportConfig}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ReportConfig = Schema.Struct({
  columns: Schema.Array(ReportColumn),
  datasetId: Schema.String,
  filters: optional(ReportFilters),
  id: Schema.String,
  name: Schema.String
}).annotations({ identifier: "ReportConfig" })

/**
 * A saved report configuration: the dataset it reads, its columns and its filters.
 *
 * @since 0.1.0
 * @category models
 */
export interface ReportConfig extends Schema.Schema.Type<typeof ReportConfig> {}

/**
 * The schema of {@link GetReportConfigsResponse}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const GetReportConfigsResponse = Schema.Struct({
  data: Schema.Array(ReportConfig),
  pagination: Pagination
}).annotations({ identifier: "GetReportConfigsResponse" })

/**
 * @since 0.1.0
 * @category models
 */
export interface GetReportConfigsResponse extends Schema.Schema.Type<typeof GetReportConfigsResponse> {}

/**
 * The schema of {@link ReportRun}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ReportRun = Schema.Struct({
  createdAtTime: Schema.DateTimeUtc,
  id: Schema.String,
  status: RunStatus,
  updatedAtTime: Schema.DateTimeUtc
}).annotations({ identifier: "ReportRun" })

/**
 * A run of a report and its status: `pending` until it is `complete`, `failed` or `canceled`.
 *
 * @since 0.1.0
 * @category models
 */
export interface ReportRun extends Schema.Schema.Type<typeof ReportRun> {}

/**
 * The schema of {@link GetReportRunsResponse}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const GetReportRunsResponse = Schema.Struct({
  data: Schema.Array(ReportRun),
  pagination: Pagination
}).annotations({ identifier: "GetReportRunsResponse" })

/**
 * @since 0.1.0
 * @category models
 */
export interface GetReportRunsResponse extends Schema.Schema.Type<typeof GetReportRunsResponse> {}

/**
 * The schema of {@link CreateReportRunResponse}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const CreateReportRunResponse = Schema.Struct({
  data: ReportRun
}).annotations({ identifier: "CreateReportRunResponse" })

/**
 * @since 0.1.0
 * @category models
 */
export interface CreateReportRunResponse extends Schema.Schema.Type<typeof CreateReportRunResponse> {}

/**
 * The schema of {@link ReportRunData}. A cell is any JSON value: Samsara documents numbers, strings and `null`, and
 * its SDK's own example serves objects.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ReportRunData = Schema.Struct({
  columns: Schema.Array(ReportColumn),
  rows: Schema.Array(CustomReportRow),
  status: RunStatus
}).annotations({ identifier: "ReportRunData" })

/**
 * One page of a run's data: the columns, and rows of cells in column order.
 *
 * @since 0.1.0
 * @category models
 */
export interface ReportRunData extends Schema.Schema.Type<typeof ReportRunData> {}

/**
 * The schema of {@link GetReportRunDataResponse}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const GetReportRunDataResponse = Schema.Struct({
  data: ReportRunData,
  pagination: Pagination
}).annotations({ identifier: "GetReportRunDataResponse" })

/**
 * @since 0.1.0
 * @category models
 */
export interface GetReportRunDataResponse extends Schema.Schema.Type<typeof GetReportRunDataResponse> {}

/**
 * The schema of {@link DatasetField}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const DatasetField = Schema.Struct({
  dataType: DataType,
  displayName: Schema.String,
  name: Schema.String,
  unit: optional(Unit)
}).annotations({ identifier: "DatasetField" })

/**
 * A field of a dataset; its `name` is what a run's `columns[].fieldName` names.
 *
 * @since 0.1.0
 * @category models
 */
export interface DatasetField extends Schema.Schema.Type<typeof DatasetField> {}

/**
 * The schema of {@link Dataset}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Dataset = Schema.Struct({
  displayName: Schema.String,
  fields: Schema.Array(DatasetField),
  hasTimeRangeFilter: Schema.Boolean,
  id: Schema.String,
  timeRangeLimitDays: optional(Schema.Number)
}).annotations({ identifier: "Dataset" })

/**
 * A dataset reports can be built from: its fields, and whether (and over how many days) it takes a time range.
 *
 * @since 0.1.0
 * @category models
 */
export interface Dataset extends Schema.Schema.Type<typeof Dataset> {}

/**
 * The schema of {@link GetDatasetsResponse}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const GetDatasetsResponse = Schema.Struct({
  data: Schema.Array(Dataset),
  pagination: Pagination
}).annotations({ identifier: "GetDatasetsResponse" })

/**
 * @since 0.1.0
 * @category models
 */
export interface GetDatasetsResponse extends Schema.Schema.Type<typeof GetDatasetsResponse> {}

/** Samsara's lists of report, run and dataset ids take up to 10 each. */
const ReportIds = Ids(10)

const GetReportConfigsParams = Schema.Struct({
  after: After,
  /** 1 to 100, as a Mintlify rendering of Samsara's reference says; the SDK gives no range. */
  limit: optionalParam(Limit),
  ids: optionalParam(ReportIds)
})

/**
 * @since 0.1.0
 * @category models
 */
export type GetReportConfigsParams = Params<typeof GetReportConfigsParams>

const GetReportRunsParams = Schema.Struct({
  reportConfigIds: optionalParam(ReportIds),
  ids: optionalParam(ReportIds),
  after: After,
  /** 1 to 100, as a Mintlify rendering of Samsara's reference says; the SDK gives no range. */
  limit: optionalParam(Limit)
})

/**
 * Runs of the given report configurations, or the given runs, or (with neither) every run.
 *
 * @since 0.1.0
 * @category models
 */
export type GetReportRunsParams = Params<typeof GetReportRunsParams>

const PrimaryTimeRangeParams = Schema.Struct({
  startTime: Time,
  endTime: Time
}).pipe(Schema.filter(endAfterStart))

/**
 * An optional field of a nested parameter object. It takes `undefined` as absent, as top-level optional parameters
 * do (`validate` drops only those), without the union of `Schema.optional`, whose refusals would also list
 * "Expected undefined" for every bad value.
 */
const optionalNested = <A, I>(schema: Schema.Schema<A, I>) =>
  optionalParam(Schema.declare<A | undefined, I | undefined, readonly [Schema.Schema<A, I>]>([schema], {
    decode: (item) => {
      const decodeItem = ParseResult.decodeUnknown(item)
      return (input, options) => input === undefined ? ParseResult.succeed(undefined) : decodeItem(input, options)
    },
    encode: (item) => {
      const encodeItem = ParseResult.encodeUnknown(item)
      return (input, options) => input === undefined ? ParseResult.succeed(undefined) : encodeItem(input, options)
    }
  }))

const ReportConfigParams = Schema.Struct({
  id: optionalNested(NonEmptyText),
  datasetId: optionalNested(NonEmptyText),
  columns: optionalNested(
    Schema.Array(Schema.Struct({ fieldName: NonEmptyText })).pipe(
      Schema.minItems(1, { message: () => "at least one column is required" })
    )
  ),
  filters: optionalNested(Schema.Struct({ primaryTimeRange: optionalNested(PrimaryTimeRangeParams) }))
}).pipe(Schema.filter((config) => {
  // Samsara: "Only one of ID or datasetId and columns must be provided".
  const fromDataset = config.datasetId !== undefined || config.columns !== undefined
  if (config.id !== undefined) {
    return !fromDataset || { path: ["id"], message: "give either id or datasetId with columns, not both" }
  }
  if (!fromDataset) return { path: ["id"], message: "give either id, or datasetId with columns" }
  if (config.datasetId === undefined) return { path: ["datasetId"], message: "is required with columns" }
  return config.columns !== undefined || { path: ["columns"], message: "is required with datasetId" }
}))

const CreateReportRunParams = Schema.Struct({
  reportConfig: ReportConfigParams
})

/**
 * A run of a saved configuration, `{ reportConfig: { id } }`, or of chosen fields of a dataset,
 * `{ reportConfig: { datasetId, columns: [{ fieldName }] } }`; either may add
 * `filters: { primaryTimeRange: { startTime, endTime } }`.
 *
 * @since 0.1.0
 * @category models
 */
export type CreateReportRunParams = Params<typeof CreateReportRunParams>

const GetReportRunDataParams = Schema.Struct({
  id: NonEmptyText,
  after: After,
  /** 1 to 1024 rows a page, as a Mintlify rendering of Samsara's reference says; the SDK gives no range. */
  limit: optionalParam(
    Schema.Int.pipe(Schema.between(1, 1024, { message: () => "expected an integer from 1 to 1024" }))
  )
})

/**
 * @since 0.1.0
 * @category models
 */
export type GetReportRunDataParams = Params<typeof GetReportRunDataParams>

const GetDatasetsParams = Schema.Struct({
  ids: optionalParam(ReportIds),
  after: After,
  /** No range is documented; a page size is at least 1. */
  limit: optionalParam(Schema.Int.pipe(Schema.positive({ message: () => "expected a positive integer" })))
})

/**
 * @since 0.1.0
 * @category models
 */
export type GetDatasetsParams = Params<typeof GetDatasetsParams>

const readScope = "Read Custom Reports"

/**
 * `GET /reports/configs`.
 *
 * @since 0.1.0
 * @category operations
 */
export const getReportConfigs = paginated({
  id: "getReportConfigs",
  summary: "Get custom report configs",
  method: "GET",
  path: "/reports/configs",
  scope: readScope,
  budget: perSecond(5),
  idempotent: true,
  params: GetReportConfigsParams,
  query: (params) => [single("after", params.after), single("limit", params.limit), repeated("ids", params.ids)],
  success: Schema.parseJson(GetReportConfigsResponse),
  items: (page) => page.data
})

/**
 * `GET /reports/runs`.
 *
 * @since 0.1.0
 * @category operations
 */
export const getReportRuns = paginated({
  id: "getReportRuns",
  summary: "Get custom report runs",
  method: "GET",
  path: "/reports/runs",
  scope: readScope,
  budget: perSecond(5),
  idempotent: true,
  params: GetReportRunsParams,
  query: (params) => [
    repeated("reportConfigIds", params.reportConfigIds),
    repeated("ids", params.ids),
    single("after", params.after),
    single("limit", params.limit)
  ],
  success: Schema.parseJson(GetReportRunsResponse),
  items: (page) => page.data
})

/**
 * `POST /reports/runs`.
 *
 * @since 0.1.0
 * @category operations
 */
export const createReportRun = define({
  id: "createReportRun",
  summary: "Create a custom report run",
  method: "POST",
  path: "/reports/runs",
  scope: "Write Custom Reports",
  budget: { limit: 50, window: Duration.hours(1) },
  idempotent: false,
  params: CreateReportRunParams,
  body: ({ reportConfig }) => {
    const range = reportConfig.filters?.primaryTimeRange
    return stringify({
      reportConfig: {
        id: reportConfig.id,
        datasetId: reportConfig.datasetId,
        columns: reportConfig.columns,
        filters: reportConfig.filters && {
          primaryTimeRange: range && { startTime: range.startTime.wire, endTime: range.endTime.wire }
        }
      }
    })
  },
  success: Schema.parseJson(CreateReportRunResponse)
})

/**
 * `GET /reports/runs/data`.
 *
 * @since 0.1.0
 * @category operations
 */
export const getReportRunData = paginated({
  id: "getReportRunData",
  summary: "Get custom report run data",
  method: "GET",
  path: "/reports/runs/data",
  scope: readScope,
  budget: perSecond(5),
  idempotent: true,
  params: GetReportRunDataParams,
  query: (params) => [single("id", params.id), single("after", params.after), single("limit", params.limit)],
  success: Schema.parseJson(GetReportRunDataResponse),
  items: (page) => page.data.rows
})

/**
 * `GET /reports/datasets`.
 *
 * @since 0.1.0
 * @category operations
 */
export const getDatasets = paginated({
  id: "getDatasets",
  summary: "Get datasets",
  method: "GET",
  path: "/reports/datasets",
  scope: readScope,
  budget: perSecond(5),
  idempotent: true,
  params: GetDatasetsParams,
  query: (params) => [repeated("ids", params.ids), single("after", params.after), single("limit", params.limit)],
  success: Schema.parseJson(GetDatasetsResponse),
  items: (page) => page.data
})

/**
 * One row of a completed run, keyed by column name (`Name (2)` for a repeated name, `column<n>` for a cell
 * beyond the run's columns).
 *
 * @since 0.1.0
 * @category models
 */
export type ReportRecord = { readonly [column: string]: unknown }

/**
 * How `runReport` waits for the run.
 *
 * @since 0.1.0
 * @category models
 */
export interface RunReportOptions {
  /**
   * When to check the run again while it is pending; defaults to every 2 seconds, well inside the 5 a second
   * that `getReportRuns` allows. If the schedule ends before the run does, the call fails as timed out.
   */
  readonly poll?: Schedule.Schedule<unknown> | undefined
  /** The longest to wait from creation to completion; defaults to 10 minutes. */
  readonly deadline?: Duration.DurationInput | undefined
  /**
   * Per-call options for every request the workflow sends. A `retry` here also opts the creating POST into
   * retries, as it does on `createReportRun`.
   */
  readonly call?: SamsaraClient.CallOptions | undefined
}

const methods = {
  /** One page of report configurations (`GET /reports/configs`). */
  getReportConfigs: call(getReportConfigs),
  /** Every matching report configuration, fetched as the stream is pulled. */
  streamReportConfigs: stream(getReportConfigs),
  /** One page of runs (`GET /reports/runs`). */
  getReportRuns: call(getReportRuns),
  /** Every matching run, fetched as the stream is pulled. */
  streamReportRuns: stream(getReportRuns),
  /**
   * Creates a run (`POST /reports/runs`) of a saved configuration or of a dataset's fields. Not idempotent, so
   * never retried unless `options.retry` is given. Samsara allows 50 an hour.
   */
  createReportRun: call(createReportRun),
  /** One page of a run's rows (`GET /reports/runs/data`). */
  getReportRunData: call(getReportRunData),
  /** Every row of a run (`data.rows` of each page), fetched as the stream is pulled. */
  streamReportRunData: stream(getReportRunData),
  /** One page of datasets (`GET /reports/datasets`). */
  getDatasets: call(getDatasets),
  /** Every matching dataset, fetched as the stream is pulled. */
  streamDatasets: stream(getDatasets),
  /**
   * The whole workflow: creates a run, polls `getReportRuns` while it is pending, then streams its rows as
   * records keyed by column name. Fails with `CustomReportRunFailed` if the run fails or is canceled, and with
   * `CustomReportRunTimedOut` if it has not completed in time. The creating POST is not retried.
   */
  runReport: custom((client) =>
    runReport({
      createRun: execute(createReportRun, client),
      getRuns: execute(getReportRuns, client),
      runDataPages: pages(getReportRunData, client)
    })
  )
}

/**
 * The custom-report operations of Samsara's current API.
 *
 * @since 0.1.0
 * @category tags
 */
export class Reports extends Tag<Reports, Reports.Service>()("ga/Reports", methods) {}

/**
 * @since 0.1.0
 */
export declare namespace Reports {
  /**
   * @since 0.1.0
   * @category models
   */
  export interface Service extends ServiceOf<typeof methods> {}
}
