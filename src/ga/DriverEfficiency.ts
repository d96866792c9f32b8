/**
 * Driver efficiency on Samsara's current API (by driver and by vehicle): scores, raw durations
 * and percentages over a window of whole hours, by driver or by vehicle. The bodies are the preview's, field for
 * field, so the response schemas are the preview's too.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { GetDriverEfficiencyByDriversResponse, GetDriverEfficiencyByVehiclesResponse } from "../DriverEfficiency.js"
import { paginated } from "../internal/operation.js"
import { type QueryPairs, repeated, single } from "../internal/query.js"
import { perSecond } from "../internal/rateLimit.js"
import {
  After,
  driverEfficiencyWindow,
  endAfterStart,
  Ids,
  KnownText,
  NonEmptyText,
  optionalParam,
  type Params,
  Time
} from "../internal/requestFields.js"
import { call, type ServiceOf, stream, Tag } from "../internal/service.js"

/**
 * The response schemas, unchanged from the preview API.
 *
 * @since 0.1.0
 * @category schemas
 */
export {
  DriverEfficiencyByDriver,
  DriverEfficiencyByVehicle,
  DriverEfficiencyDifficulty,
  DriverEfficiencyPercentages,
  DriverEfficiencyRawData,
  DriverEfficiencyScores,
  GetDriverEfficiencyByDriversResponse,
  GetDriverEfficiencyByVehiclesResponse
} from "../DriverEfficiency.js"

/** An id sent inside one comma-joined value, as the SDK sends `tagIds`: a comma of its own would split it. */
const JoinedId = NonEmptyText.pipe(
  Schema.filter((id) => !id.includes(",") || "must not contain a comma (the ids go out as one comma-separated value)")
)

/** Ids the SDK types as one string: one key, its commas percent-encoded; an empty list sends nothing. */
const joined = (name: string, ids: ReadonlyArray<string> | undefined): QueryPairs =>
  ids === undefined || ids.length === 0 ? [] : single(name, ids.join(","))

const windowFields = {
  /** Whole hours (of the UTC instant), at least one day before `endTime`. */
  startTime: Time,
  /** Whole hours, no later than three hours before now. */
  endTime: Time,
  /** `score` (Samsara's default), `raw`, `percentage`. */
  dataFormats: optionalParam(Schema.Array(KnownText("score", "raw", "percentage"))),
  tagIds: optionalParam(Schema.Array(JoinedId)),
  /** Parent tags include all their descendant tags. */
  parentTagIds: optionalParam(Schema.Array(JoinedId)),
  after: After
}

const GetDriverEfficiencyByDriversParams = Schema.Struct({
  ...windowFields,
  /** Driver ids or external ids (`payroll:4841`). */
  driverIds: optionalParam(Ids())
}).pipe(Schema.filter(endAfterStart))

/**
 * A window of whole hours, at least a day long and ending at least three hours ago; an absent or empty filter list
 * means all.
 *
 * @since 0.1.0
 * @category models
 */
export type GetDriverEfficiencyByDriversParams = Params<typeof GetDriverEfficiencyByDriversParams>

const GetDriverEfficiencyByVehiclesParams = Schema.Struct({
  ...windowFields,
  /** Vehicle ids or external ids (`samsara.vin:…`). */
  vehicleIds: optionalParam(Schema.Array(JoinedId))
}).pipe(Schema.filter(endAfterStart))

/**
 * A window of whole hours, at least a day long and ending at least three hours ago; an absent or empty filter list
 * means all.
 *
 * @since 0.1.0
 * @category models
 */
export type GetDriverEfficiencyByVehiclesParams = Params<typeof GetDriverEfficiencyByVehiclesParams>

/** The SDK's key order: the window, the driver or vehicle filter, the formats, the tags, the cursor. */
const windowQuery = (
  params: typeof GetDriverEfficiencyByDriversParams.Type | typeof GetDriverEfficiencyByVehiclesParams.Type,
  subjects: QueryPairs
) => [
  single("startTime", params.startTime),
  single("endTime", params.endTime),
  subjects,
  repeated("dataFormats", params.dataFormats),
  joined("tagIds", params.tagIds),
  joined("parentTagIds", params.parentTagIds),
  single("after", params.after)
]

const scope = "Read Driver Efficiency"

/**
 * `GET /driver-efficiency/drivers`. Driver ids and data formats go out as repeated keys, tag ids as one
 * comma-joined value, as the official SDK sends them.
 *
 * @since 0.1.0
 * @category operations
 */
export const getDriverEfficiencyByDrivers = paginated({
  id: "getDriverEfficiencyByDrivers",
  summary: "Driver efficiency by drivers",
  method: "GET",
  path: "/driver-efficiency/drivers",
  scope,
  budget: perSecond(10),
  idempotent: true,
  params: GetDriverEfficiencyByDriversParams,
  checkAt: driverEfficiencyWindow,
  query: (params) => windowQuery(params, repeated("driverIds", params.driverIds)),
  success: Schema.parseJson(GetDriverEfficiencyByDriversResponse),
  items: (page) => page.data
})

/**
 * `GET /driver-efficiency/vehicles`. Vehicle ids and tag ids go out as one comma-joined value each, data formats as
 * repeated keys, as the official SDK sends them.
 *
 * @since 0.1.0
 * @category operations
 */
export const getDriverEfficiencyByVehicles = paginated({
  id: "getDriverEfficiencyByVehicles",
  summary: "Driver efficiency by vehicles",
  method: "GET",
  path: "/driver-efficiency/vehicles",
  scope,
  budget: perSecond(5),
  idempotent: true,
  params: GetDriverEfficiencyByVehiclesParams,
  checkAt: driverEfficiencyWindow,
  query: (params) => windowQuery(params, joined("vehicleIds", params.vehicleIds)),
  success: Schema.parseJson(GetDriverEfficiencyByVehiclesResponse),
  items: (page) => page.data
})

const methods = {
  /** One page of efficiency by driver (`GET /driver-efficiency/drivers`). */
  getDriverEfficiencyByDrivers: call(getDriverEfficiencyByDrivers),
  /** Every driver's efficiency, fetched as the stream is pulled. */
  streamDriverEfficiencyByDrivers: stream(getDriverEfficiencyByDrivers),
  /** One page of efficiency by vehicle (`GET /driver-efficiency/vehicles`). */
  getDriverEfficiencyByVehicles: call(getDriverEfficiencyByVehicles),
  /** Every vehicle's efficiency, fetched as the stream is pulled. */
  streamDriverEfficiencyByVehicles: stream(getDriverEfficiencyByVehicles)
}

/**
 * The driver-efficiency operations of Samsara's current API.
 *
 * @since 0.1.0
 * @category tags
 */
export class DriverEfficiency
  extends Tag<DriverEfficiency, DriverEfficiency.Service>()("ga/DriverEfficiency", methods)
{}

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
