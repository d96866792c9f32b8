/**
 * Training assignments (closed beta): move the due date of assignments, or delete them, up to 100 at a time.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import { execute, type Operation } from "./internal/operation.js"
import { csv, single } from "./internal/query.js"
import { perSecond } from "./internal/rateLimit.js"
import { type Params, RequiredIds, Time } from "./internal/requestFields.js"
import { decodeJson, OpenEnum, optional } from "./internal/responseFields.js"
import { SamsaraClient } from "./SamsaraClient.js"
import type { SamsaraError } from "./SamsaraError.js"

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

const deleteTrainingAssignments: Operation<
  typeof DeleteTrainingAssignmentsParams.Type,
  typeof DeleteTrainingAssignmentsParams.Encoded,
  void
> = {
  id: "deleteTrainingAssignments",
  method: "DELETE",
  path: "/preview/training-assignments",
  scope,
  params: DeleteTrainingAssignmentsParams,
  query: (params) => [csv("ids", params.ids)],
  decodeSuccess: Schema.decode(NoContent),
  idempotent: true,
  rateLimit: perSecond(10)
}

const patchTrainingAssignments: Operation<
  typeof PatchTrainingAssignmentsParams.Type,
  typeof PatchTrainingAssignmentsParams.Encoded,
  PatchTrainingAssignmentsResponse
> = {
  id: "patchTrainingAssignments",
  method: "PATCH",
  path: "/preview/training-assignments",
  scope,
  params: PatchTrainingAssignmentsParams,
  query: (params) => [csv("ids", params.ids), single("dueAtTime", params.dueAtTime)],
  decodeSuccess: decodeJson(PatchTrainingAssignmentsResponse),
  idempotent: true,
  rateLimit: perSecond(10)
}

const make: Effect.Effect<TrainingAssignments.Service, never, SamsaraClient> = Effect.map(
  SamsaraClient,
  (client) => ({
    deleteTrainingAssignments: execute(deleteTrainingAssignments, client),
    patchTrainingAssignments: execute(patchTrainingAssignments, client)
  })
)

/**
 * The training-assignment operations.
 *
 * @since 0.1.0
 * @category tags
 */
export class TrainingAssignments extends Context.Tag("effect-samsara/TrainingAssignments")<
  TrainingAssignments,
  TrainingAssignments.Service
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
  static readonly layer: Layer.Layer<TrainingAssignments, never, SamsaraClient> = Layer.effect(this, make)
}

/**
 * @since 0.1.0
 */
export declare namespace TrainingAssignments {
  /**
   * @since 0.1.0
   * @category models
   */
  export interface Service {
    /**
     * Deletes up to 100 assignments (`DELETE /preview/training-assignments`). Samsara also answers 204 when only
     * some could be deleted.
     */
    readonly deleteTrainingAssignments: (
      params: DeleteTrainingAssignmentsParams,
      options?: SamsaraClient.CallOptions
    ) => Effect.Effect<void, SamsaraError>
    /** Sets the due time of up to 100 assignments (`PATCH /preview/training-assignments`, in the query). */
    readonly patchTrainingAssignments: (
      params: PatchTrainingAssignmentsParams,
      options?: SamsaraClient.CallOptions
    ) => Effect.Effect<PatchTrainingAssignmentsResponse, SamsaraError>
  }
}
