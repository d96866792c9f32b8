/**
 * Uploaded camera media on Samsara's current API (`GET /cameras/media`): the stills and videos up to 20 vehicles
 * uploaded in a window of at most a day.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { paginated } from "../internal/operation.js"
import { repeated, single } from "../internal/query.js"
import { perSecond } from "../internal/rateLimit.js"
import {
  After,
  endAfterStart,
  type FieldIssues,
  NonEmptyText,
  optionalParam,
  type Params,
  type RequestTime,
  Time
} from "../internal/requestFields.js"
import { OpenEnum, optional } from "../internal/responseFields.js"
import { call, type ServiceOf, stream, Tag } from "../internal/service.js"
import { UrlInfo } from "../Media.js"
import { Pagination } from "../Pagination.js"

/**
 * Where and until when a media file can be downloaded: the same object as on the preview API.
 *
 * @since 0.1.0
 * @category schemas
 */
export { UrlInfo }

/** The trigger reasons a request may filter on, which are also all the ones a response documents. */
const triggerReasons = [
  "api",
  "panicButton",
  "periodicStill",
  "rfidEvent",
  "safetyEvent",
  "tripEndStill",
  "tripStartStill",
  "videoRetrieval"
] as const

/**
 * The schema of {@link UploadedMedia}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const UploadedMedia = Schema.Struct({
  /** The auxiliary camera's serial number, for analog inputs of auxiliary camera devices only. */
  auxCamSerial: optional(Schema.String),
  availableAtTime: Schema.String,
  cameraRole: optional(OpenEnum(
    "leftMirrorMount",
    "leftSide",
    "rightMirrorMount",
    "rightSide",
    "rearHigh",
    "rearBumper",
    "inCab",
    "front",
    "hopper",
    "other1",
    "other2",
    "other3",
    "other4",
    "leftBev",
    "rightBev",
    "rearBev",
    "frontBev",
    "otherBev",
    "bevNotUsed"
  )),
  endTime: Schema.String,
  // Not the request's spellings: a `dashcamRoadFacing` input comes back as `dashcamForwardFacing`.
  input: OpenEnum("dashcamForwardFacing", "dashcamInwardFacing", "analog1", "analog2", "analog3", "analog4"),
  mediaType: OpenEnum("image", "videoHighRes", "videoLowRes", "hyperlapse"),
  startTime: Schema.String,
  triggerReason: OpenEnum(...triggerReasons),
  urlInfo: optional(UrlInfo),
  vehicleId: Schema.String
}).annotations({ identifier: "GaUploadedMedia" })

/**
 * One uploaded still or video. Its times are RFC 3339 strings, as the preview's are.
 *
 * @since 0.1.0
 * @category models
 */
export interface UploadedMedia extends Schema.Schema.Type<typeof UploadedMedia> {}

/**
 * The schema of {@link UploadedMediaList}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const UploadedMediaList = Schema.Struct({
  media: Schema.Array(UploadedMedia)
}).annotations({ identifier: "GaUploadedMediaList" })

/**
 * @since 0.1.0
 * @category models
 */
export interface UploadedMediaList extends Schema.Schema.Type<typeof UploadedMediaList> {}

/**
 * The schema of {@link ListUploadedMediaResponse}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ListUploadedMediaResponse = Schema.Struct({
  data: UploadedMediaList,
  pagination: Pagination
}).annotations({ identifier: "GaListUploadedMediaResponse" })

/**
 * @since 0.1.0
 * @category models
 */
export interface ListUploadedMediaResponse extends Schema.Schema.Type<typeof ListUploadedMediaResponse> {}

/** An id sent inside one comma-joined value, as the SDK sends `vehicleIds`: a comma of its own would split it. */
const JoinedId = NonEmptyText.pipe(
  Schema.filter((id) => !id.includes(",") || "must not contain a comma (the ids go out as one comma-separated value)")
)

const dayMillis = 86_400_000

/** After `startTime`, and no more than 24 hours after it. */
const mediaWindow = (window: { readonly startTime: RequestTime; readonly endTime: RequestTime }): FieldIssues => {
  const issues = endAfterStart(window)
  return issues.length === 0 && window.endTime.epochMillis - window.startTime.epochMillis > dayMillis
    ? [{ path: ["endTime"], message: "must be no more than 24 hours after startTime" }]
    : issues
}

const ListUploadedMediaParams = Schema.Struct({
  /** 1 to 20 vehicle ids or external ids (`samsara.vin:…`). */
  vehicleIds: Schema.Array(JoinedId).pipe(
    Schema.minItems(1, { message: () => "at least one id is required" }),
    Schema.maxItems(20, { message: () => "at most 20 ids per call" })
  ),
  inputs: optionalParam(
    Schema.Array(
      Schema.Literal("dashcamRoadFacing", "dashcamDriverFacing", "analog1", "analog2", "analog3", "analog4")
    )
  ),
  mediaTypes: optionalParam(Schema.Array(Schema.Literal("image", "videoHighRes"))),
  triggerReasons: optionalParam(Schema.Array(Schema.Literal(...triggerReasons))),
  startTime: Time,
  /** After `startTime`, by at most 24 hours. */
  endTime: Time,
  /** Only media made available after this time, to pick up where an earlier listing stopped. */
  availableAfterTime: optionalParam(Time),
  after: After
}).pipe(Schema.filter(mediaWindow))

/**
 * Parameters of `listUploadedMedia`: up to 20 vehicles and a window of at most 24 hours; an absent or empty filter
 * list means all.
 *
 * @since 0.1.0
 * @category models
 */
export type ListUploadedMediaParams = Params<typeof ListUploadedMediaParams>

/**
 * `GET /cameras/media`. The vehicle ids go out as one comma-joined value and the lists as repeated keys, as the
 * official SDK sends them.
 *
 * @since 0.1.0
 * @category operations
 */
export const listUploadedMedia = paginated({
  id: "listUploadedMedia",
  summary: "List uploaded media",
  method: "GET",
  path: "/cameras/media",
  scope: "Read Media Retrieval",
  budget: perSecond(5),
  idempotent: true,
  params: ListUploadedMediaParams,
  query: (params) => [
    single("vehicleIds", params.vehicleIds.join(",")),
    repeated("inputs", params.inputs),
    repeated("mediaTypes", params.mediaTypes),
    repeated("triggerReasons", params.triggerReasons),
    single("startTime", params.startTime),
    single("endTime", params.endTime),
    single("availableAfterTime", params.availableAfterTime),
    single("after", params.after)
  ],
  success: Schema.parseJson(ListUploadedMediaResponse),
  items: (page) => page.data.media
})

const methods = {
  /** One page of uploaded media (`GET /cameras/media`). */
  listUploadedMedia: call(listUploadedMedia),
  /** Every matching media item (`data.media` of each page), fetched as the stream is pulled. */
  streamUploadedMedia: stream(listUploadedMedia)
}

/**
 * The uploaded-media operations of Samsara's current API.
 *
 * @since 0.1.0
 * @category tags
 */
export class Media extends Tag<Media, Media.Service>()("ga/Media", methods) {}

/**
 * @since 0.1.0
 */
export declare namespace Media {
  /**
   * @since 0.1.0
   * @category models
   */
  export interface Service extends ServiceOf<typeof methods> {}
}
