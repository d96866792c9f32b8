/**
 * Driver efficiency on Samsara's current API: the requests the official SDK sends (driver ids and formats as
 * repeated keys, vehicle and tag ids as one comma-joined value), its wire-test bodies decoded, and the window rules
 * (whole hours, at least a day, ending three hours before now) checked before sending.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import {
  DriverEfficiency,
  DriverEfficiencyByDriver,
  DriverEfficiencyByVehicle,
  DriverEfficiencyDifficulty,
  DriverEfficiencyPercentages,
  DriverEfficiencyRawData,
  DriverEfficiencyScores,
  type GetDriverEfficiencyByDriversParams,
  GetDriverEfficiencyByDriversResponse,
  type GetDriverEfficiencyByVehiclesParams,
  GetDriverEfficiencyByVehiclesResponse
} from "../src/ga/DriverEfficiency.js"
import { Pagination } from "../src/Pagination.js"
import {
  describeGaOperation,
  driverEfficiencyByDriversBody,
  driverEfficiencyByVehiclesBody,
  driverEfficiencyParts,
  host,
  runScripted
} from "./support/gaFixtures.js"
import { json } from "./support/scriptedHttp.js"

const byDrivers = (params: GetDriverEfficiencyByDriversParams) =>
  Effect.flatMap(DriverEfficiency, (efficiency) => efficiency.getDriverEfficiencyByDrivers(params))

const byVehicles = (params: GetDriverEfficiencyByVehiclesParams) =>
  Effect.flatMap(DriverEfficiency, (efficiency) => efficiency.getDriverEfficiencyByVehicles(params))

/** A day exactly, the offset written as Samsara's examples write it. */
const window = { startTime: "2024-06-01T00:00:00Z", endTime: "2024-06-02T05:00:00+05:00" }
const windowQuery = "startTime=2024-06-01T00%3A00%3A00Z&endTime=2024-06-02T05%3A00%3A00%2B05%3A00"

const sdkParts = {
  difficultyScore: DriverEfficiencyDifficulty.make(driverEfficiencyParts.difficultyScore),
  percentageData: DriverEfficiencyPercentages.make(driverEfficiencyParts.percentageData),
  rawData: DriverEfficiencyRawData.make(driverEfficiencyParts.rawData),
  scoreData: DriverEfficiencyScores.make(driverEfficiencyParts.scoreData)
}

/** An empty tagIds sends nothing; vehicleIds and parentTagIds go as one value each. */
const vehiclesParams: GetDriverEfficiencyByVehiclesParams = {
  startTime: new Date("2024-06-01T00:00:00Z"),
  endTime: "2024-06-03T00:00:00Z",
  vehicleIds: ["1234", "samsara.vin:1HGBH41JXMN109186"],
  dataFormats: ["percentage"],
  tagIds: [],
  parentTagIds: ["345", "678"],
  after: "MjkY"
}

const vehiclesUrl = (after: string) =>
  `${host}/driver-efficiency/vehicles?startTime=2024-06-01T00%3A00%3A00.000Z&endTime=2024-06-03T00%3A00%3A00Z` +
  `&vehicleIds=1234%2Csamsara.vin%3A1HGBH41JXMN109186&dataFormats=percentage&parentTagIds=345%2C678&after=${after}`

const lastPage = { endCursor: "", hasNextPage: false }

describeGaOperation(DriverEfficiency.layer, {
  operation: "getDriverEfficiencyByDrivers",
  scope: "Read Driver Efficiency",
  spacing: 105,
  call: (options) =>
    Effect.flatMap(DriverEfficiency, (efficiency) =>
      efficiency.getDriverEfficiencyByDrivers({
        ...window,
        driverIds: ["1234", "payroll:4841"],
        dataFormats: ["raw", "score"],
        tagIds: ["1", "2"],
        parentTagIds: ["345"]
      }, options)),
  // The SDK's key order (fuelAndEnergy Client.ts:69-77) and qs.ts encoding.
  request: {
    method: "GET",
    url: `${host}/driver-efficiency/drivers?${windowQuery}&driverIds=1234&driverIds=payroll%3A4841` +
      "&dataFormats=raw&dataFormats=score&tagIds=1%2C2&parentTagIds=345"
  },
  reply: json(driverEfficiencyByDriversBody),
  expected: GetDriverEfficiencyByDriversResponse.make({
    data: [DriverEfficiencyByDriver.make({ driverId: "driver_001", ...sdkParts })],
    pagination: Pagination.make({ endCursor: "MjkY", hasNextPage: true })
  }),
  tolerated: {
    reply: json({
      data: [{
        driverId: "d-2",
        scoreData: { overallScore: "87", ecoRouteScore: "A" },
        rawData: null,
        percentageData: null,
        difficultyScore: null,
        vehicleClass: "heavy"
      }],
      pagination: lastPage
    }),
    expected: GetDriverEfficiencyByDriversResponse.make({
      data: [
        DriverEfficiencyByDriver.make({
          driverId: "d-2",
          scoreData: DriverEfficiencyScores.make({ overallScore: "87" }),
          rawData: undefined,
          percentageData: undefined,
          difficultyScore: undefined
        })
      ],
      pagination: Pagination.make(lastPage)
    })
  },
  stream: {
    run: Effect.flatMap(
      DriverEfficiency,
      (efficiency) => Stream.runCollect(efficiency.streamDriverEfficiencyByDrivers({ ...window, driverIds: ["1"] }))
    ).pipe(Effect.map((items) => Array.from(items))),
    pages: [
      json(driverEfficiencyByDriversBody),
      json({ data: [driverEfficiencyByDriversBody.data[0], { driverId: "d-3" }], pagination: lastPage })
    ],
    urls: [
      `${host}/driver-efficiency/drivers?${windowQuery}&driverIds=1`,
      `${host}/driver-efficiency/drivers?${windowQuery}&driverIds=1&after=MjkY`
    ],
    items: 3
  },
  invalid: [
    ["a start that is not a whole hour", byDrivers({ ...window, startTime: "2024-06-01T00:30:00Z" }), "startTime"],
    [
      "an end that is not a whole hour",
      byDrivers({ ...window, endTime: "2024-06-02T00:00:00.001Z" }),
      "endTime"
    ],
    [
      "a window shorter than a day",
      byDrivers({ startTime: "2024-06-01T00:00:00Z", endTime: "2024-06-01T23:00:00Z" }),
      "endTime"
    ],
    [
      "an end less than three hours before now",
      byDrivers({ startTime: "2024-06-29T00:00:00Z", endTime: "2024-06-30T22:00:00Z" }),
      "endTime"
    ],
    [
      "an end before the start",
      byDrivers({ startTime: "2024-06-02T00:00:00Z", endTime: "2024-06-01T00:00:00Z" }),
      "endTime"
    ],
    ["a missing startTime", byDrivers(JSON.parse(`{"endTime":"2024-06-02T00:00:00Z"}`)), "startTime"],
    ["a tag id holding a comma", byDrivers({ ...window, tagIds: ["1,2"] }), "tagIds.0"],
    ["an empty parent tag id", byDrivers({ ...window, parentTagIds: [""] }), "parentTagIds.0"],
    ["an empty driver id", byDrivers({ ...window, driverIds: ["1", ""] }), "driverIds.1"]
  ]
})

describeGaOperation(DriverEfficiency.layer, {
  operation: "getDriverEfficiencyByVehicles",
  scope: "Read Driver Efficiency",
  spacing: 210,
  call: (options) =>
    Effect.flatMap(DriverEfficiency, (efficiency) => efficiency.getDriverEfficiencyByVehicles(vehiclesParams, options)),
  // vehicleIds is one string in the SDK (GetDriverEfficiencyByVehiclesRequest.ts:15); an empty list sends nothing.
  request: {
    method: "GET",
    url: vehiclesUrl("MjkY")
  },
  reply: json(driverEfficiencyByVehiclesBody),
  expected: GetDriverEfficiencyByVehiclesResponse.make({
    data: [DriverEfficiencyByVehicle.make({ vehicleId: "vehicle_001", ...sdkParts })],
    pagination: Pagination.make({ endCursor: "MjkY", hasNextPage: true })
  }),
  tolerated: {
    reply: json({
      data: [{ vehicleId: "v-2", percentageData: { idlingPercentage: 3.5, regenPercentage: 40 } }],
      pagination: lastPage,
      generatedAt: "2024-06-03T00:00:00Z"
    }),
    expected: GetDriverEfficiencyByVehiclesResponse.make({
      data: [
        DriverEfficiencyByVehicle.make({
          vehicleId: "v-2",
          percentageData: DriverEfficiencyPercentages.make({ idlingPercentage: 3.5 })
        })
      ],
      pagination: Pagination.make(lastPage)
    })
  },
  stream: {
    run: Effect.flatMap(
      DriverEfficiency,
      (efficiency) => Stream.runCollect(efficiency.streamDriverEfficiencyByVehicles(vehiclesParams))
    ).pipe(Effect.map((items) => Array.from(items))),
    pages: [
      json({ ...driverEfficiencyByVehiclesBody, pagination: { endCursor: "MjkZ", hasNextPage: true } }),
      json({ data: [], pagination: lastPage })
    ],
    urls: [vehiclesUrl("MjkY"), vehiclesUrl("MjkZ")],
    items: 1
  },
  invalid: [
    [
      "an end that is not a whole hour",
      byVehicles({ startTime: "2024-06-01T00:00:00Z", endTime: "2024-06-03T00:59:00Z" }),
      "endTime"
    ],
    [
      "a start on a half-hour offset's whole local hour",
      byVehicles({ startTime: "2024-06-01T00:00:00+05:30", endTime: "2024-06-03T00:00:00Z" }),
      "startTime"
    ],
    ["a vehicle id holding a comma", byVehicles({ ...window, vehicleIds: ["1,2"] }), "vehicleIds.0"],
    ["an empty vehicle id", byVehicles({ ...window, vehicleIds: [""] }), "vehicleIds.0"]
  ]
})

describe("driver efficiency windows", () => {
  it.effect("sends a window ending exactly three hours before now", () =>
    Effect.gen(function*() {
      // `now` is 2024-07-01T00:00:00Z.
      const { result, sent } = yield* runScripted(
        DriverEfficiency.layer,
        byVehicles({ startTime: "2024-06-29T21:00:00Z", endTime: "2024-06-30T21:00:00Z" }),
        () => json(driverEfficiencyByVehiclesBody)
      )
      assert(result._tag === "Right")
      assert.deepStrictEqual(sent.map((request) => request.url), [
        `${host}/driver-efficiency/vehicles?startTime=2024-06-29T21%3A00%3A00Z&endTime=2024-06-30T21%3A00%3A00Z`
      ])
    }))
})
