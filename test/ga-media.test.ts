/**
 * `listUploadedMedia` on Samsara's current API (`GET /cameras/media`): the request the official SDK sends, its
 * wire-test body decoded, and the GA rules (1 to 20 vehicles, a window of at most 24 hours) checked before sending.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import {
  type ListUploadedMediaParams,
  ListUploadedMediaResponse,
  Media,
  UploadedMedia,
  UploadedMediaList,
  UrlInfo
} from "../src/ga/Media.js"
import { Pagination } from "../src/Pagination.js"
import { describeGaOperation, host, listUploadedMediaBody, runScripted } from "./support/gaFixtures.js"
import { json } from "./support/scriptedHttp.js"

const window = { startTime: "2019-06-13T19:08:25Z", endTime: "2019-06-13T20:08:25.455-04:00" }
const twentyOne = Array.from({ length: 21 }, (_, index) => `v-${index}`)

const list = (params: ListUploadedMediaParams) => Effect.flatMap(Media, (media) => media.listUploadedMedia(params))

const sdkMedia = UploadedMedia.make({
  auxCamSerial: "ABDVJ123456789",
  availableAtTime: "2019-11-11T14:00:12-04:00",
  endTime: "2019-06-13T19:08:25Z",
  input: "dashcamForwardFacing",
  mediaType: "image",
  startTime: "2019-06-13T19:08:25Z",
  triggerReason: "api",
  urlInfo: UrlInfo.make({ url: "https://sample.s3.url.com/image.jpeg", urlExpiryTime: "2019-11-11T14:00:12-04:00" }),
  vehicleId: "1234"
})

const fullUrl = `${host}/cameras/media?vehicleIds=1234%2C5678%2Csamsara.vin%3A1HGBH41JXMN109186` +
  "&inputs=dashcamRoadFacing&inputs=analog1&mediaTypes=image&mediaTypes=videoHighRes" +
  "&triggerReasons=rfidEvent&triggerReasons=safetyEvent&startTime=2019-06-13T19%3A08%3A25Z" +
  "&endTime=2019-06-13T20%3A08%3A25.455-04%3A00&availableAfterTime=2019-06-13T19%3A30%3A00.000Z"

/** Only the required fields: no auxCamSerial, cameraRole or urlInfo. */
const minimal = {
  availableAtTime: "2019-06-13T19:10:00Z",
  endTime: "2019-06-13T19:09:00Z",
  input: "analog4",
  mediaType: "hyperlapse",
  startTime: "2019-06-13T19:08:00Z",
  triggerReason: "safetyEvent",
  vehicleId: "5678"
}

const secondPage = json({
  data: { media: [{ ...listUploadedMediaBody.data.media[0], vehicleId: "5678" }] },
  pagination: { endCursor: "", hasNextPage: false }
})

describeGaOperation(Media.layer, {
  operation: "listUploadedMedia",
  scope: "Read Media Retrieval",
  spacing: 210,
  call: (options) =>
    Effect.flatMap(Media, (media) =>
      media.listUploadedMedia({
        vehicleIds: ["1234", "5678", "samsara.vin:1HGBH41JXMN109186"],
        inputs: ["dashcamRoadFacing", "analog1"],
        mediaTypes: ["image", "videoHighRes"],
        triggerReasons: ["rfidEvent", "safetyEvent"],
        ...window,
        availableAfterTime: new Date("2019-06-13T19:30:00Z")
      }, options)),
  // As the SDK's qs.ts writes it: the one-string vehicleIds with its commas as %2C, the lists as repeated keys.
  request: {
    method: "GET",
    url: fullUrl
  },
  reply: json(listUploadedMediaBody),
  expected: ListUploadedMediaResponse.make({
    data: UploadedMediaList.make({ media: [sdkMedia] }),
    pagination: Pagination.make({ endCursor: "MjkY", hasNextPage: true })
  }),
  tolerated: {
    reply: json({
      data: {
        media: [{
          ...listUploadedMediaBody.data.media[0],
          cameraRole: "roofRack",
          input: "analog9",
          mediaType: "videoLowRes",
          triggerReason: "harshEvent",
          storageClass: "cold",
          urlInfo: null
        }, minimal]
      },
      pagination: { endCursor: "", hasNextPage: false },
      requestTimeMs: 12
    }),
    expected: ListUploadedMediaResponse.make({
      data: UploadedMediaList.make({
        media: [
          UploadedMedia.make({
            ...sdkMedia,
            cameraRole: "roofRack",
            input: "analog9",
            mediaType: "videoLowRes",
            triggerReason: "harshEvent",
            urlInfo: undefined
          }),
          UploadedMedia.make(minimal)
        ]
      }),
      pagination: Pagination.make({ endCursor: "", hasNextPage: false })
    })
  },
  stream: {
    run: Effect.flatMap(Media, (media) =>
      Stream.runCollect(media.streamUploadedMedia({
        vehicleIds: ["1234", "5678", "samsara.vin:1HGBH41JXMN109186"],
        inputs: ["dashcamRoadFacing", "analog1"],
        mediaTypes: ["image", "videoHighRes"],
        triggerReasons: ["rfidEvent", "safetyEvent"],
        ...window,
        availableAfterTime: "2019-06-13T19:30:00.000Z"
      }))).pipe(Effect.map((items) => Array.from(items))),
    pages: [json(listUploadedMediaBody), secondPage],
    urls: [fullUrl, `${fullUrl}&after=MjkY`],
    items: 2
  },
  invalid: [
    ["no vehicleIds", list(JSON.parse(JSON.stringify(window))), "vehicleIds"],
    ["an empty vehicleIds", list({ vehicleIds: [], ...window }), "vehicleIds"],
    ["21 vehicles", list({ vehicleIds: twentyOne, ...window }), "vehicleIds"],
    ["a vehicle id holding a comma", list({ vehicleIds: ["1234", "56,78"], ...window }), "vehicleIds.1"],
    ["an empty vehicle id", list({ vehicleIds: [""], ...window }), "vehicleIds.0"],
    [
      "a window of 24 hours and a millisecond",
      list({ vehicleIds: ["1234"], startTime: "2019-06-13T00:00:00Z", endTime: "2019-06-14T00:00:00.001Z" }),
      "endTime"
    ],
    [
      "an endTime before startTime",
      list({ vehicleIds: ["1234"], startTime: "2019-06-13T10:00:00Z", endTime: "2019-06-13T09:00:00Z" }),
      "endTime"
    ],
    [
      "an endTime equal to startTime",
      list({ vehicleIds: ["1234"], startTime: "2019-06-13T10:00:00Z", endTime: "2019-06-13T12:00:00+02:00" }),
      "endTime"
    ],
    ["a missing endTime", list(JSON.parse(`{"vehicleIds":["1"],"startTime":"2019-06-13T10:00:00Z"}`)), "endTime"],
    [
      "a preview-only input (analog)",
      list(JSON.parse(
        `{"vehicleIds":["1"],"inputs":["analog"],"startTime":"${window.startTime}",` +
          `"endTime":"2019-06-13T20:00:00Z"}`
      )),
      "inputs.0"
    ],
    [
      "a response-only media type (hyperlapse)",
      list(JSON.parse(
        `{"vehicleIds":["1"],"mediaTypes":["hyperlapse"],"startTime":"${window.startTime}",` +
          `"endTime":"2019-06-13T20:00:00Z"}`
      )),
      "mediaTypes.0"
    ],
    [
      "an unknown trigger reason",
      list(JSON.parse(
        `{"vehicleIds":["1"],"triggerReasons":["harshEvent"],"startTime":"${window.startTime}",` +
          `"endTime":"2019-06-13T20:00:00Z"}`
      )),
      "triggerReasons.0"
    ],
    [
      "an availableAfterTime that is not RFC 3339",
      list({ vehicleIds: ["1"], ...window, availableAfterTime: "2019-06-13 19:30" }),
      "availableAfterTime"
    ],
    ["an empty cursor", list({ vehicleIds: ["1"], ...window, after: "" }), "after"]
  ]
})

describe("listUploadedMedia window", () => {
  it.effect("sends a window of exactly 24 hours, the longest Samsara allows", () =>
    Effect.gen(function*() {
      const { result, sent } = yield* runScripted(
        Media.layer,
        list({ vehicleIds: ["1234"], startTime: "2019-06-13T00:00:00Z", endTime: "2019-06-14T02:00:00+02:00" }),
        () => json(listUploadedMediaBody)
      )
      assert(result._tag === "Right")
      assert.deepStrictEqual(sent.map((request) => request.url), [
        `${host}/cameras/media?vehicleIds=1234&startTime=2019-06-13T00%3A00%3A00Z&endTime=2019-06-14T02%3A00%3A00%2B02%3A00`
      ])
    }))
})
