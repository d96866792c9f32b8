/**
 * Uploaded camera media: the dashcam stills and videos uploaded for a time window (`listUploadedMedia`).
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { paginated } from "./internal/operation.js"
import { csv, repeated, single } from "./internal/query.js"
import { perMinute } from "./internal/rateLimit.js"
import { After, endAfterStart, Ids, optionalParam, type Params, Time } from "./internal/requestFields.js"
import { OpenEnum, optional } from "./internal/responseFields.js"
import { call, type ServiceOf, stream, Tag } from "./internal/service.js"
import { Pagination } from "./Pagination.js"

/**
 * The schema of {@link UrlInfo}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const UrlInfo = Schema.Struct({
  url: Schema.String,
  /** RFC 3339; download URLs expire after 8 hours. */
  urlExpiryTime: Schema.String
}).annotations({ identifier: "UrlInfo" })

/**
 * Where and until when a media file can be downloaded.
 *
 * @since 0.1.0
 * @category models
 */
export interface UrlInfo extends Schema.Schema.Type<typeof UrlInfo> {}

/**
 * The schema of {@link UploadedMedia}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const UploadedMedia = Schema.Struct({
  availableAtTime: Schema.String,
  endTime: Schema.String,
  input: OpenEnum("dashcamForwardFacing", "dashcamInwardFacing", "dashcamRearFacing"),
  mediaType: OpenEnum("image"),
  startTime: Schema.String,
  triggerReason: OpenEnum("api", "panicButton", "periodicStill", "tripEndStill", "tripStartStill", "videoRetrieval"),
  urlInfo: optional(UrlInfo),
  vehicleId: Schema.String
}).annotations({ identifier: "UploadedMedia" })

/**
 * One uploaded still or video. Its times are RFC 3339 strings, as the spec types them.
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
}).annotations({ identifier: "UploadedMediaList" })

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
}).annotations({ identifier: "ListUploadedMediaResponse" })

/**
 * @since 0.1.0
 * @category models
 */
export interface ListUploadedMediaResponse extends Schema.Schema.Type<typeof ListUploadedMediaResponse> {}

const ListUploadedMediaParams = Schema.Struct({
  startTime: Time,
  endTime: Time,
  vehicleIds: optionalParam(Ids()),
  inputs: optionalParam(Schema.Array(Schema.Literal("dashcamRoadFacing", "dashcamDriverFacing", "analog"))),
  mediaTypes: optionalParam(Schema.Array(Schema.Literal("image"))),
  triggerReasons: optionalParam(
    Schema.Array(
      Schema.Literal("api", "panicButton", "periodicStill", "tripEndStill", "tripStartStill", "videoRetrieval")
    )
  ),
  tagIds: optionalParam(Ids()),
  parentTagIds: optionalParam(Ids()),
  availableAfterTime: optionalParam(Time),
  after: After
}).pipe(Schema.filter(endAfterStart))

/**
 * Parameters of `listUploadedMedia`: a time window, and optional filters where an absent one means all.
 *
 * @since 0.1.0
 * @category models
 */
export type ListUploadedMediaParams = Params<typeof ListUploadedMediaParams>

/**
 * `GET /preview/cameras/media`.
 *
 * @since 0.1.0
 * @category operations
 */
export const listUploadedMedia = paginated({
  id: "listUploadedMedia",
  summary: "List uploaded media",
  method: "GET",
  path: "/preview/cameras/media",
  scope: "Read Preview",
  budget: perMinute(100),
  idempotent: true,
  params: ListUploadedMediaParams,
  query: (params) => [
    csv("vehicleIds", params.vehicleIds),
    repeated("inputs", params.inputs),
    repeated("mediaTypes", params.mediaTypes),
    repeated("triggerReasons", params.triggerReasons),
    csv("tagIds", params.tagIds),
    csv("parentTagIds", params.parentTagIds),
    single("startTime", params.startTime),
    single("endTime", params.endTime),
    single("availableAfterTime", params.availableAfterTime),
    single("after", params.after)
  ],
  success: Schema.parseJson(ListUploadedMediaResponse),
  items: (page) => page.data.media
})

const methods = {
  /** One page of uploaded media (`GET /preview/cameras/media`). */
  listUploadedMedia: call(listUploadedMedia),
  /** Every matching media item (`data.media` of each page), fetched as the stream is pulled. */
  streamUploadedMedia: stream(listUploadedMedia)
}

/**
 * The uploaded-media operations.
 *
 * @since 0.1.0
 * @category tags
 */
export class Media extends Tag<Media, Media.Service>()("Media", methods) {}

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
