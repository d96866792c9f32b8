/**
 * Driver efficiency (closed beta): efficiency scores, raw durations and percentages over a window of whole hours,
 * by driver or by vehicle.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { paginated } from "./internal/operation.js"
import { csv, single } from "./internal/query.js"
import { perSecond } from "./internal/rateLimit.js"
import {
  After,
  driverEfficiencyWindow,
  endAfterStart,
  Ids,
  KnownText,
  optionalParam,
  type Params,
  Time
} from "./internal/requestFields.js"
import { optional } from "./internal/responseFields.js"
import { call, type ServiceOf, stream, Tag } from "./internal/service.js"
import { Pagination } from "./Pagination.js"

/**
 * The schema of {@link DriverEfficiencyScores}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const DriverEfficiencyScores = Schema.Struct({
  anticipationScore: optional(Schema.String),
  coastingScore: optional(Schema.String),
  cruiseControlScore: optional(Schema.String),
  greenBandScore: optional(Schema.String),
  highTorqueScore: optional(Schema.String),
  idlingScore: optional(Schema.String),
  overSpeedScore: optional(Schema.String),
  overallScore: Schema.String,
  wearFreeBrakeScore: optional(Schema.String)
}).annotations({ identifier: "DriverEfficiencyScores" })

/**
 * Efficiency scores (the `score` data format), as Samsara formats them.
 *
 * @since 0.1.0
 * @category models
 */
export interface DriverEfficiencyScores extends Schema.Schema.Type<typeof DriverEfficiencyScores> {}

/**
 * The schema of {@link DriverEfficiencyDifficulty}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const DriverEfficiencyDifficulty = Schema.Struct({
  overallScore: optional(Schema.String),
  topographyScore: optional(Schema.String),
  vehicleWeightScore: optional(Schema.String)
}).annotations({ identifier: "DriverEfficiencyDifficulty" })

/**
 * How hard the driving conditions were.
 *
 * @since 0.1.0
 * @category models
 */
export interface DriverEfficiencyDifficulty extends Schema.Schema.Type<typeof DriverEfficiencyDifficulty> {}

/**
 * The schema of {@link DriverEfficiencyPercentages}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const DriverEfficiencyPercentages = Schema.Struct({
  anticipationPercentage: optional(Schema.Number),
  coastingPercentage: optional(Schema.Number),
  cruiseControlPercentage: optional(Schema.Number),
  greenBandPercentage: optional(Schema.Number),
  highGradeRoadDrivingPercentage: optional(Schema.Number),
  highTorquePercentage: optional(Schema.Number),
  idlingPercentage: Schema.Number,
  overSpeedPercentage: optional(Schema.Number),
  wearFreeBrakePercentage: optional(Schema.Number)
}).annotations({ identifier: "DriverEfficiencyPercentages" })

/**
 * Shares of driving time (the `percentage` data format).
 *
 * @since 0.1.0
 * @category models
 */
export interface DriverEfficiencyPercentages extends Schema.Schema.Type<typeof DriverEfficiencyPercentages> {}

/**
 * The schema of {@link DriverEfficiencyRawData}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const DriverEfficiencyRawData = Schema.Struct({
  anticipationBrakeEventCount: optional(Schema.Number),
  averageVehicleWeightKg: optional(Schema.Number),
  coastingDurationMs: optional(Schema.Number),
  cruiseControlDurationMs: optional(Schema.Number),
  driveTimeDurationMs: Schema.Number,
  engineOnDurationMs: Schema.Number,
  greenBandDurationMs: optional(Schema.Number),
  highGradeRoadDrivingDurationMs: optional(Schema.Number),
  highTorqueDurationMs: optional(Schema.Number),
  idlingDurationMs: Schema.Number,
  overSpeedDurationMs: optional(Schema.Number),
  totalBrakeDurationMs: Schema.Number,
  totalBrakeEventCount: optional(Schema.Number),
  wearFreeBrakeDurationMs: optional(Schema.Number)
}).annotations({ identifier: "DriverEfficiencyRawData" })

/**
 * Durations in milliseconds and event counts (the `raw` data format).
 *
 * @since 0.1.0
 * @category models
 */
export interface DriverEfficiencyRawData extends Schema.Schema.Type<typeof DriverEfficiencyRawData> {}

const efficiencyFields = {
  difficultyScore: optional(DriverEfficiencyDifficulty),
  percentageData: optional(DriverEfficiencyPercentages),
  rawData: optional(DriverEfficiencyRawData),
  scoreData: optional(DriverEfficiencyScores)
}

/**
 * The schema of {@link DriverEfficiencyByDriver}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const DriverEfficiencyByDriver = Schema.Struct({
  driverId: Schema.String,
  ...efficiencyFields
}).annotations({ identifier: "DriverEfficiencyByDriver" })

/**
 * One driver's efficiency over the window; which parts are present follows `dataFormats`.
 *
 * @since 0.1.0
 * @category models
 */
export interface DriverEfficiencyByDriver extends Schema.Schema.Type<typeof DriverEfficiencyByDriver> {}

/**
 * The schema of {@link DriverEfficiencyByVehicle}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const DriverEfficiencyByVehicle = Schema.Struct({
  vehicleId: Schema.String,
  ...efficiencyFields
}).annotations({ identifier: "DriverEfficiencyByVehicle" })

/**
 * One vehicle's efficiency over the window; which parts are present follows `dataFormats`.
 *
 * @since 0.1.0
 * @category models
 */
export interface DriverEfficiencyByVehicle extends Schema.Schema.Type<typeof DriverEfficiencyByVehicle> {}

/**
 * The schema of {@link GetDriverEfficiencyByDriversResponse}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const GetDriverEfficiencyByDriversResponse = Schema.Struct({
  data: Schema.Array(DriverEfficiencyByDriver),
  pagination: Pagination
}).annotations({ identifier: "GetDriverEfficiencyByDriversResponse" })

/**
 * @since 0.1.0
 * @category models
 */
export interface GetDriverEfficiencyByDriversResponse
  extends Schema.Schema.Type<typeof GetDriverEfficiencyByDriversResponse>
{}

/**
 * The schema of {@link GetDriverEfficiencyByVehiclesResponse}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const GetDriverEfficiencyByVehiclesResponse = Schema.Struct({
  data: Schema.Array(DriverEfficiencyByVehicle),
  pagination: Pagination
}).annotations({ identifier: "GetDriverEfficiencyByVehiclesResponse" })

/**
 * @since 0.1.0
 * @category models
 */
export interface GetDriverEfficiencyByVehiclesResponse
  extends Schema.Schema.Type<typeof GetDriverEfficiencyByVehiclesResponse>
{}

const windowFields = {
  /** Whole hours (of the UTC instant), at least one day before `endTime`. */
  startTime: Time,
  /** Whole hours, no later than three hours before now. */
  endTime: Time,
  /** `score` (Samsara's default), `raw`, `percentage`. */
  dataFormats: optionalParam(Schema.Array(KnownText("score", "raw", "percentage"))),
  tagIds: optionalParam(Ids()),
  parentTagIds: optionalParam(Ids()),
  after: After
}

const GetDriverEfficiencyByDriversParams = Schema.Struct({
  ...windowFields,
  driverIds: optionalParam(Ids())
}).pipe(Schema.filter(endAfterStart))

/**
 * @since 0.1.0
 * @category models
 */
export type GetDriverEfficiencyByDriversParams = Params<typeof GetDriverEfficiencyByDriversParams>

const GetDriverEfficiencyByVehiclesParams = Schema.Struct({
  ...windowFields,
  vehicleIds: optionalParam(Ids())
}).pipe(Schema.filter(endAfterStart))

/**
 * @since 0.1.0
 * @category models
 */
export type GetDriverEfficiencyByVehiclesParams = Params<typeof GetDriverEfficiencyByVehiclesParams>

const windowQuery = (
  params: typeof GetDriverEfficiencyByDriversParams.Type | typeof GetDriverEfficiencyByVehiclesParams.Type
) => [
  single("startTime", params.startTime),
  single("endTime", params.endTime),
  csv("dataFormats", params.dataFormats),
  csv("tagIds", params.tagIds),
  csv("parentTagIds", params.parentTagIds),
  single("after", params.after)
]

const scope = "Read Driver Efficiency (Closed Beta)"

/**
 * `GET /preview/driver-efficiency/drivers`.
 *
 * @since 0.1.0
 * @category operations
 */
export const getDriverEfficiencyByDrivers = paginated({
  id: "getDriverEfficiencyByDrivers",
  summary: "Driver efficiency by drivers",
  method: "GET",
  path: "/preview/driver-efficiency/drivers",
  scope,
  budget: perSecond(10),
  idempotent: true,
  params: GetDriverEfficiencyByDriversParams,
  checkAt: driverEfficiencyWindow,
  query: (params) => [csv("driverIds", params.driverIds), ...windowQuery(params)],
  success: Schema.parseJson(GetDriverEfficiencyByDriversResponse),
  items: (page) => page.data
})

/**
 * `GET /preview/driver-efficiency/vehicles`.
 *
 * @since 0.1.0
 * @category operations
 */
export const getDriverEfficiencyByVehicles = paginated({
  id: "getDriverEfficiencyByVehicles",
  summary: "Driver efficiency by vehicles",
  method: "GET",
  path: "/preview/driver-efficiency/vehicles",
  scope,
  budget: perSecond(5),
  idempotent: true,
  params: GetDriverEfficiencyByVehiclesParams,
  checkAt: driverEfficiencyWindow,
  query: (params) => [csv("vehicleIds", params.vehicleIds), ...windowQuery(params)],
  success: Schema.parseJson(GetDriverEfficiencyByVehiclesResponse),
  items: (page) => page.data
})

const methods = {
  /** One page of efficiency by driver (`GET /preview/driver-efficiency/drivers`). */
  getDriverEfficiencyByDrivers: call(getDriverEfficiencyByDrivers),
  /** Every driver's efficiency, fetched as the stream is pulled. */
  streamDriverEfficiencyByDrivers: stream(getDriverEfficiencyByDrivers),
  /** One page of efficiency by vehicle (`GET /preview/driver-efficiency/vehicles`). */
  getDriverEfficiencyByVehicles: call(getDriverEfficiencyByVehicles),
  /** Every vehicle's efficiency, fetched as the stream is pulled. */
  streamDriverEfficiencyByVehicles: stream(getDriverEfficiencyByVehicles)
}

/**
 * The driver-efficiency operations.
 *
 * @since 0.1.0
 * @category tags
 */
export class DriverEfficiency extends Tag<DriverEfficiency, DriverEfficiency.Service>()("DriverEfficiency", methods) {}

/**
 * @since 0.1.0
 */
export declare namespace DriverEfficiency {
  /**
   * @since 0.1.0
   * @category models
   */
  export interface Service extends ServiceOf<typeof methods> {}
}
