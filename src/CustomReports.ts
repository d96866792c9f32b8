/**
 * Custom reports (closed beta): report configurations, queued runs of a report, and the tabular data of a
 * completed run.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { stringify } from "./internal/json.js"
import { execute, type Operation, pages, paginate, type PaginatedOperation } from "./internal/operation.js"
import { csv, single } from "./internal/query.js"
import { perDay, perSecond } from "./internal/rateLimit.js"
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
import { decodeJson, OpenEnum, optional } from "./internal/responseFields.js"
import { Pagination } from "./Pagination.js"
import { SamsaraClient } from "./SamsaraClient.js"
import type { RepeatedCursor, SamsaraError } from "./SamsaraError.js"

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
 * The schema of {@link CustomReportRow}. A cell is any JSON value, so a row is checked only to be an array: the
 * same acceptance as `Schema.Array(Schema.Unknown)`, without copying every cell one by one, which dominated the
 * decoding of a large page.
 *
 * @since 0.1.0
 * @category schemas
 */
export const CustomReportRow = Schema.declare((input): input is ReadonlyArray<unknown> => Array.isArray(input), {
  identifier: "CustomReportRow",
  description: "an array of cells, one per column",
  arbitrary: () => (fc) => fc.array(fc.jsonValue()),
  jsonSchema: { type: "array" },
  pretty: () => (row) => JSON.stringify(row)
})

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

const getCustomReportConfigs: PaginatedOperation<
  typeof GetCustomReportConfigsParams.Type,
  typeof GetCustomReportConfigsParams.Encoded,
  GetCustomReportConfigsResponse,
  CustomReportConfig
> = {
  id: "getCustomReportConfigs",
  method: "GET",
  path: "/preview/custom-reports/configs",
  scope: readScope,
  params: GetCustomReportConfigsParams,
  query: (params) => [single("after", params.after), single("limit", params.limit)],
  decodeSuccess: decodeJson(GetCustomReportConfigsResponse),
  idempotent: true,
  rateLimit: perSecond(5),
  items: (page) => page.data
}

const getCustomReportRuns: PaginatedOperation<
  typeof GetCustomReportRunsParams.Type,
  typeof GetCustomReportRunsParams.Encoded,
  GetCustomReportRunsResponse,
  CustomReportRun
> = {
  id: "getCustomReportRuns",
  method: "GET",
  path: "/preview/custom-reports/runs",
  scope: readScope,
  params: GetCustomReportRunsParams,
  query: (params) => [
    csv("customReportIds", params.customReportIds),
    csv("ids", params.ids),
    single("after", params.after)
  ],
  decodeSuccess: decodeJson(GetCustomReportRunsResponse),
  idempotent: true,
  rateLimit: perSecond(5),
  items: (page) => page.data
}

const postCustomReportRun: Operation<
  typeof PostCustomReportRunParams.Type,
  typeof PostCustomReportRunParams.Encoded,
  PostCustomReportRunResponse
> = {
  id: "postCustomReportRun",
  method: "POST",
  path: "/preview/custom-reports/runs",
  scope: "Write Custom Reports (Closed Beta)",
  params: PostCustomReportRunParams,
  body: (params) =>
    stringify({
      customReportId: params.customReportId,
      startTime: params.startTime.wire,
      endTime: params.endTime.wire,
      attributeValueIds: params.attributeValueIds,
      tagIds: params.tagIds
    }),
  decodeSuccess: decodeJson(PostCustomReportRunResponse),
  idempotent: false,
  rateLimit: perDay(240)
}

const getCustomReportRunData: PaginatedOperation<
  typeof GetCustomReportRunDataParams.Type,
  typeof GetCustomReportRunDataParams.Encoded,
  GetCustomReportRunDataResponse,
  CustomReportRow
> = {
  id: "getCustomReportRunData",
  method: "GET",
  path: "/preview/custom-reports/runs/data",
  scope: readScope,
  params: GetCustomReportRunDataParams,
  query: (params) => [single("id", params.id), single("after", params.after)],
  decodeSuccess: decodeJson(GetCustomReportRunDataResponse),
  idempotent: true,
  rateLimit: perSecond(5),
  items: (page) => page.data.rows
}

/**
 * A run that ended `failed` or `cancelled` instead of `completed`.
 *
 * @since 0.1.0
 * @category errors
 */
export class CustomReportRunFailed extends Schema.TaggedError<CustomReportRunFailed>()("CustomReportRunFailed", {
  /** The operation that saw the run end: the polling `getCustomReportRuns`. */
  operation: Schema.Literal("getCustomReportRuns"),
  runId: Schema.String,
  customReportId: Schema.String,
  status: Schema.String,
  message: Schema.String
}) {}

/**
 * A run that had not completed by the deadline, or when the polling schedule gave up.
 *
 * @since 0.1.0
 * @category errors
 */
export class CustomReportRunTimedOut extends Schema.TaggedError<CustomReportRunTimedOut>()("CustomReportRunTimedOut", {
  /** The operation that was still polling: `getCustomReportRuns`. */
  operation: Schema.Literal("getCustomReportRuns"),
  runId: Schema.String,
  customReportId: Schema.String,
  message: Schema.String
}) {}

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

const noKeys: ReadonlyArray<string> = []

const finishedStatuses: ReadonlySet<string> = new Set(["completed", "failed", "cancelled"])

/** Record keys for a run's columns: display names, made unique (`Date`, `Date (2)`) so no cell is overwritten. */
const columnKeys = (columns: ReadonlyArray<CustomReportColumn>): ReadonlyArray<string> => {
  const seen = new Map<string, number>()
  return columns.map((column) => {
    const count = (seen.get(column.displayName) ?? 0) + 1
    seen.set(column.displayName, count)
    return count === 1 ? column.displayName : `${column.displayName} (${count})`
  })
}

const toRecord = (keys: ReadonlyArray<string>, row: CustomReportRow): CustomReportRecord =>
  Object.fromEntries(row.map((cell, index) => [keys[index] ?? `column${index + 1}`, cell]))

const make: Effect.Effect<CustomReports.Service, never, SamsaraClient> = Effect.map(SamsaraClient, (client) => {
  const getConfigs = execute(getCustomReportConfigs, client)
  const streamConfigs = paginate(getCustomReportConfigs, client)
  const getRuns = execute(getCustomReportRuns, client)
  const postRun = execute(postCustomReportRun, client)
  const runDataPages = pages(getCustomReportRunData, client)

  const awaitCompletion = (queued: QueuedCustomReportRun, options: RunCustomReportOptions | undefined) => {
    const deadline = Duration.decode(options?.deadline ?? "10 minutes")
    const timedOut = (why: string) =>
      new CustomReportRunTimedOut({
        operation: "getCustomReportRuns",
        runId: queued.id,
        customReportId: queued.customReportId,
        message: `custom report run ${queued.id} ${why}`
      })
    // A run queued a moment ago may not be listed yet; until it is, it reads as still pending.
    const latest = Effect.map(
      getRuns({ ids: [queued.id] }, options?.call),
      (page) => Option.fromNullable(page.data.find((run) => run.id === queued.id))
    )
    return Stream.repeatEffectWithSchedule(latest, options?.poll ?? Schedule.spaced("2 seconds")).pipe(
      Stream.takeUntil(Option.exists((run) => finishedStatuses.has(run.status))),
      Stream.runLast,
      Effect.map(Option.flatten),
      Effect.timeoutFail({
        duration: deadline,
        onTimeout: () => timedOut(`did not complete within ${Duration.format(deadline)}`)
      }),
      Effect.flatMap((latestRun): Effect.Effect<void, CustomReportRunFailed | CustomReportRunTimedOut> => {
        const run = Option.getOrUndefined(latestRun)
        if (run === undefined || !finishedStatuses.has(run.status)) {
          return Effect.fail(timedOut(`was still ${run?.status ?? "unlisted"} when polling stopped`))
        }
        return run.status === "completed" ? Effect.void : Effect.fail(
          new CustomReportRunFailed({
            operation: "getCustomReportRuns",
            runId: run.id,
            customReportId: run.customReportId,
            status: run.status,
            message: `custom report run ${run.id} ended ${run.status}`
          })
        )
      })
    )
  }

  return {
    getCustomReportConfigs: (params = {}, options) => getConfigs(params, options),
    streamCustomReportConfigs: (params = {}, options) => streamConfigs(params, options),
    getCustomReportRuns: getRuns,
    streamCustomReportRuns: paginate(getCustomReportRuns, client),
    postCustomReportRun: postRun,
    getCustomReportRunData: execute(getCustomReportRunData, client),
    streamCustomReportRunData: paginate(getCustomReportRunData, client),
    runCustomReport: (params, options) =>
      Stream.unwrap(Effect.gen(function*() {
        const queued = (yield* postRun(params, options?.call)).data
        yield* awaitCompletion(queued, options)
        // Columns may come only on the first page, so each page's rows are keyed by the latest columns seen.
        return runDataPages({ id: queued.id }, options?.call).pipe(
          Stream.mapAccum(
            noKeys,
            (keys, page) => {
              const current = page.data.columns === undefined ? keys : columnKeys(page.data.columns)
              return [current, page.data.rows.map((row) => toRecord(current, row))]
            }
          ),
          Stream.flattenIterables
        )
      }))
  }
})

/**
 * The custom-report operations.
 *
 * @since 0.1.0
 * @category tags
 */
export class CustomReports extends Context.Tag("effect-samsara/CustomReports")<
  CustomReports,
  CustomReports.Service
>() {
  /**
   * The service's methods, bound to the `SamsaraClient` in context.
   *
   * @since 0.1.0
   * @category constructors
   */
  static readonly make = make

  /**
   * The service built on the `SamsaraClient` in context.
   *
   * @since 0.1.0
   * @category layers
   */
  static readonly layer: Layer.Layer<CustomReports, never, SamsaraClient> = Layer.effect(this, make)
}

/**
 * @since 0.1.0
 */
export declare namespace CustomReports {
  /**
   * @since 0.1.0
   * @category models
   */
  export interface Service {
    /** One page of report configurations (`GET /preview/custom-reports/configs`). */
    readonly getCustomReportConfigs: (
      params?: GetCustomReportConfigsParams,
      options?: SamsaraClient.CallOptions
    ) => Effect.Effect<GetCustomReportConfigsResponse, SamsaraError>
    /** Every report configuration, fetched as the stream is pulled. */
    readonly streamCustomReportConfigs: (
      params?: GetCustomReportConfigsParams,
      options?: SamsaraClient.CallOptions
    ) => Stream.Stream<CustomReportConfig, SamsaraError | RepeatedCursor>
    /** One page of runs (`GET /preview/custom-reports/runs`). */
    readonly getCustomReportRuns: (
      params: GetCustomReportRunsParams,
      options?: SamsaraClient.CallOptions
    ) => Effect.Effect<GetCustomReportRunsResponse, SamsaraError>
    /** Every matching run, fetched as the stream is pulled. */
    readonly streamCustomReportRuns: (
      params: GetCustomReportRunsParams,
      options?: SamsaraClient.CallOptions
    ) => Stream.Stream<CustomReportRun, SamsaraError | RepeatedCursor>
    /**
     * Queues a run (`POST /preview/custom-reports/runs`). Not idempotent, so never retried unless
     * `options.retry` is given. Samsara allows 240 a day.
     */
    readonly postCustomReportRun: (
      params: PostCustomReportRunParams,
      options?: SamsaraClient.CallOptions
    ) => Effect.Effect<PostCustomReportRunResponse, SamsaraError>
    /** One page of a run's rows (`GET /preview/custom-reports/runs/data`). */
    readonly getCustomReportRunData: (
      params: GetCustomReportRunDataParams,
      options?: SamsaraClient.CallOptions
    ) => Effect.Effect<GetCustomReportRunDataResponse, SamsaraError>
    /** Every row of a run (`data.rows` of each page), fetched as the stream is pulled. */
    readonly streamCustomReportRunData: (
      params: GetCustomReportRunDataParams,
      options?: SamsaraClient.CallOptions
    ) => Stream.Stream<CustomReportRow, SamsaraError | RepeatedCursor>
    /**
     * The whole workflow: queues a run, polls `getCustomReportRuns` until it completes, then streams its rows as
     * records keyed by column. Fails with `CustomReportRunFailed` if the run fails or is cancelled, and with
     * `CustomReportRunTimedOut` if it has not completed in time. The queueing POST is not retried.
     */
    readonly runCustomReport: (
      params: PostCustomReportRunParams,
      options?: RunCustomReportOptions
    ) => Stream.Stream<
      CustomReportRecord,
      SamsaraError | RepeatedCursor | CustomReportRunFailed | CustomReportRunTimedOut
    >
  }
}
