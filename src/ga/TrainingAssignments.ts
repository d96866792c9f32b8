/**
 * Training assignments on Samsara's current API: move the due time of assignments, or
 * delete them, 1 to 100 at a time. The assignments are the preview's, field for field.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { define } from "../internal/operation.js"
import { repeated, single } from "../internal/query.js"
import { perSecond } from "../internal/rateLimit.js"
import { type Params, RequiredIds, Time } from "../internal/requestFields.js"
import { call, type ServiceOf, Tag } from "../internal/service.js"
import { PatchTrainingAssignmentsResponse } from "../TrainingAssignments.js"

/**
 * The response schemas, unchanged from the preview API.
 *
 * @since 0.1.0
 * @category schemas
 */
export {
  PatchTrainingAssignmentsResponse,
  TrainingAssignment,
  TrainingCourseRef,
  TrainingLearner
} from "../TrainingAssignments.js"

/*
 * The SDK types `ids` as optional on both operations, and sends no `ids` at all for an empty list. What Samsara
 * does with a delete or patch naming no assignment is undocumented; a call that names none is surely a mistake,
 * and one that meant "all" would be the costliest to get wrong, so both require 1 to 100 ids.
 */
const DeleteTrainingAssignmentsParams = Schema.Struct({ ids: RequiredIds(100) })

/**
 * The 1 to 100 assignments to delete. An absent or empty `ids` is refused with `InvalidRequest` before anything
 * is sent, although the SDK's types make it optional.
 *
 * @since 0.1.0
 * @category models
 */
export type DeleteTrainingAssignmentsParams = Params<typeof DeleteTrainingAssignmentsParams>

const PatchTrainingAssignmentsParams = Schema.Struct({ ids: RequiredIds(100), dueAtTime: Time })

/**
 * The 1 to 100 assignments to change, and their new due time. An absent or empty `ids` is refused with
 * `InvalidRequest` before anything is sent, although the SDK's types make it optional.
 *
 * @since 0.1.0
 * @category models
 */
export type PatchTrainingAssignmentsParams = Params<typeof PatchTrainingAssignmentsParams>

/**
 * Success of a delete: Samsara documents a 204 with no body; the SDK's wire test answers 200 with none, and the SDK
 * ignores whatever body comes. So an empty body, or any JSON, is success; a body that is not JSON (a proxy's HTML
 * page) is no evidence of a delete, and is a `DecodeError`.
 */
const Deleted = Schema.transform(Schema.Union(Schema.Literal(""), Schema.parseJson()), Schema.Void, {
  strict: true,
  decode: () => undefined,
  encode: () => ""
})

const scope = "Write Training Assignments"

/**
 * `DELETE /training-assignments`, the ids as repeated query keys, as the official SDK sends them.
 *
 * @since 0.1.0
 * @category operations
 */
export const deleteTrainingAssignments = define({
  id: "deleteTrainingAssignments",
  summary: "Delete training assignments",
  method: "DELETE",
  path: "/training-assignments",
  scope,
  budget: perSecond(10),
  idempotent: true,
  params: DeleteTrainingAssignmentsParams,
  query: (params) => [repeated("ids", params.ids)],
  success: Deleted
})

/**
 * `PATCH /training-assignments`: everything in the query (the ids as repeated keys, then `dueAtTime`), no body, as
 * the official SDK sends it.
 *
 * @since 0.1.0
 * @category operations
 */
export const patchTrainingAssignments = define({
  id: "patchTrainingAssignments",
  summary: "Update training assignments",
  method: "PATCH",
  path: "/training-assignments",
  scope,
  budget: perSecond(10),
  idempotent: true,
  params: PatchTrainingAssignmentsParams,
  query: (params) => [repeated("ids", params.ids), single("dueAtTime", params.dueAtTime)],
  success: Schema.parseJson(PatchTrainingAssignmentsResponse)
})

const methods = {
  /**
   * Deletes 1 to 100 assignments (`DELETE /training-assignments`). Samsara answers success also when only some
   * could be deleted, and does not say which.
   */
  deleteTrainingAssignments: call(deleteTrainingAssignments),
  /** Sets the due time of 1 to 100 assignments (`PATCH /training-assignments`, in the query). */
  patchTrainingAssignments: call(patchTrainingAssignments)
}

/**
 * The training-assignment operations of Samsara's current API.
 *
 * @since 0.1.0
 * @category tags
 */
export class TrainingAssignments
  extends Tag<TrainingAssignments, TrainingAssignments.Service>()("ga/TrainingAssignments", methods)
{}

/**
 * @since 0.1.0
 */
export declare namespace TrainingAssignments {
  /**
   * @since 0.1.0
   * @category models
   */
  export interface Service extends ServiceOf<typeof methods> {}
}
