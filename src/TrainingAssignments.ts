/**
 * Training assignments (closed beta): move the due date of assignments, or delete them, up to 100 at a time.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { define } from "./internal/operation.js"
import { csv, single } from "./internal/query.js"
import { perSecond } from "./internal/rateLimit.js"
import { type Params, RequiredIds, Time } from "./internal/requestFields.js"
import { OpenEnum, optional } from "./internal/responseFields.js"
import { call, type ServiceOf, Tag } from "./internal/service.js"

/**
 * The schema of {@link TrainingCourseRef}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const TrainingCourseRef = Schema.Struct({
  id: Schema.String,
  revisionId: Schema.String
}).annotations({ identifier: "TrainingCourseRef" })

/**
 * The course an assignment is for, at a given revision.
 *
 * @since 0.1.0
 * @category models
 */
export interface TrainingCourseRef extends Schema.Schema.Type<typeof TrainingCourseRef> {}

/**
 * The schema of {@link TrainingLearner}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const TrainingLearner = Schema.Struct({
  id: Schema.String,
  type: OpenEnum("driver")
}).annotations({ identifier: "TrainingLearner" })

/**
 * @since 0.1.0
 * @category models
 */
export interface TrainingLearner extends Schema.Schema.Type<typeof TrainingLearner> {}

/**
 * The schema of {@link TrainingAssignment}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const TrainingAssignment = Schema.Struct({
  completedAtTime: optional(Schema.DateTimeUtc),
  course: TrainingCourseRef,
  createdAtTime: Schema.DateTimeUtc,
  createdById: Schema.String,
  deletedAtTime: optional(Schema.DateTimeUtc),
  dueAtTime: optional(Schema.DateTimeUtc),
  durationMinutes: Schema.Number,
  id: Schema.String,
  isCompletedLate: optional(Schema.Boolean),
  isOverdue: optional(Schema.Boolean),
  learner: TrainingLearner,
  scorePercent: optional(Schema.Number),
  startedAtTime: optional(Schema.DateTimeUtc),
  status: OpenEnum("notStarted", "inProgress", "completed"),
  updatedAtTime: Schema.DateTimeUtc,
  updatedById: Schema.String
}).annotations({ identifier: "TrainingAssignment" })

/**
 * @since 0.1.0
 * @category models
 */
export interface TrainingAssignment extends Schema.Schema.Type<typeof TrainingAssignment> {}

/**
 * The schema of {@link PatchTrainingAssignmentsResponse}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const PatchTrainingAssignmentsResponse = Schema.Struct({
  data: Schema.Array(TrainingAssignment)
}).annotations({ identifier: "PatchTrainingAssignmentsResponse" })

/**
 * The assignments as they are after the change.
 *
 * @since 0.1.0
 * @category models
 */
export interface PatchTrainingAssignmentsResponse extends Schema.Schema.Type<typeof PatchTrainingAssignmentsResponse> {}

const DeleteTrainingAssignmentsParams = Schema.Struct({ ids: RequiredIds(100) })

/**
 * @since 0.1.0
 * @category models
 */
export type DeleteTrainingAssignmentsParams = Params<typeof DeleteTrainingAssignmentsParams>

const PatchTrainingAssignmentsParams = Schema.Struct({ ids: RequiredIds(100), dueAtTime: Time })

/**
 * @since 0.1.0
 * @category models
 */
export type PatchTrainingAssignmentsParams = Params<typeof PatchTrainingAssignmentsParams>

/** Success of a delete: 204 with no body, or a 200 whose body is empty or the JSON string `""`. */
const NoContent = Schema.transform(
  Schema.Union(Schema.Literal(""), Schema.parseJson(Schema.Literal(""))),
  Schema.Void,
  {
    strict: true,
    decode: () => undefined,
    encode: () => "" as const
  }
)

const scope = "Write Training Assignments (Closed Beta)"

/**
 * `DELETE /preview/training-assignments`.
 *
 * @since 0.1.0
 * @category operations
 */
export const deleteTrainingAssignments = define({
  id: "deleteTrainingAssignments",
  summary: "Delete training assignments",
  method: "DELETE",
  path: "/preview/training-assignments",
  scope,
  budget: perSecond(10),
  idempotent: true,
  params: DeleteTrainingAssignmentsParams,
  query: (params) => [csv("ids", params.ids)],
  success: NoContent
})

/**
 * `PATCH /preview/training-assignments`.
 *
 * @since 0.1.0
 * @category operations
 */
export const patchTrainingAssignments = define({
  id: "patchTrainingAssignments",
  summary: "Update training assignments",
  method: "PATCH",
  path: "/preview/training-assignments",
  scope,
  budget: perSecond(10),
  idempotent: true,
  params: PatchTrainingAssignmentsParams,
  query: (params) => [csv("ids", params.ids), single("dueAtTime", params.dueAtTime)],
  success: Schema.parseJson(PatchTrainingAssignmentsResponse)
})

const methods = {
  /**
   * Deletes up to 100 assignments (`DELETE /preview/training-assignments`). Samsara also answers 204 when only
   * some could be deleted.
   */
  deleteTrainingAssignments: call(deleteTrainingAssignments),
  /** Sets the due time of up to 100 assignments (`PATCH /preview/training-assignments`, in the query). */
  patchTrainingAssignments: call(patchTrainingAssignments)
}

/**
 * The training-assignment operations.
 *
 * @since 0.1.0
 * @category tags
 */
export class TrainingAssignments
  extends Tag<TrainingAssignments, TrainingAssignments.Service>()("TrainingAssignments", methods)
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
