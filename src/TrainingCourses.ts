/**
 * Training courses: the organisation's courses, filtered by id, category or status (`getTrainingCourses`).
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { paginated } from "./internal/operation.js"
import { csv, single } from "./internal/query.js"
import { perSecond } from "./internal/rateLimit.js"
import { After, Ids, KnownText, optionalParam, type Params } from "./internal/requestFields.js"
import { OpenEnum, optional } from "./internal/responseFields.js"
import { call, type ServiceOf, stream, Tag } from "./internal/service.js"
import { Pagination } from "./Pagination.js"

/**
 * The schema of {@link TrainingCategory}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const TrainingCategory = Schema.Struct({
  id: Schema.String,
  name: Schema.String
}).annotations({ identifier: "TrainingCategory" })

/**
 * @since 0.1.0
 * @category models
 */
export interface TrainingCategory extends Schema.Schema.Type<typeof TrainingCategory> {}

/**
 * The schema of {@link TrainingCourseLabel}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const TrainingCourseLabel = Schema.Struct({
  name: OpenEnum("safety"),
  type: OpenEnum(
    "accel",
    "braking",
    "crashSharpTurn",
    "rolloverProtection",
    "yawControl",
    "speeding",
    "rolledStopSign",
    "tileRollingRailroad",
    "seatbeltPolicy",
    "nearCollision",
    "phonePolicy",
    "drowsy",
    "defensiveDriving",
    "driverObstructionPolicy",
    "didNotYield",
    "distractedDriving",
    "tailgating",
    "laneDeparture",
    "lateResponse",
    "ranRedLight",
    "forwardCollisionWarning",
    "foodDrinkPolicy",
    "smokingPolicy",
    "maskPolicy",
    "maxSpeed",
    "severeSpeeding",
    "drinkPolicy",
    "foodPolicy",
    "unknown"
  )
}).annotations({ identifier: "TrainingCourseLabel" })

/**
 * @since 0.1.0
 * @category models
 */
export interface TrainingCourseLabel extends Schema.Schema.Type<typeof TrainingCourseLabel> {}

/**
 * The schema of {@link TrainingCourse}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const TrainingCourse = Schema.Struct({
  category: TrainingCategory,
  description: optional(Schema.String),
  estimatedTimeToCompleteMinutes: Schema.Number,
  id: Schema.String,
  label: optional(TrainingCourseLabel),
  revisionId: Schema.String,
  status: OpenEnum("published", "deleted", "archived", "unknown"),
  title: Schema.String
}).annotations({ identifier: "TrainingCourse" })

/**
 * @since 0.1.0
 * @category models
 */
export interface TrainingCourse extends Schema.Schema.Type<typeof TrainingCourse> {}

/**
 * The schema of {@link GetTrainingCoursesResponse}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const GetTrainingCoursesResponse = Schema.Struct({
  data: Schema.Array(TrainingCourse),
  pagination: Pagination
}).annotations({ identifier: "GetTrainingCoursesResponse" })

/**
 * @since 0.1.0
 * @category models
 */
export interface GetTrainingCoursesResponse extends Schema.Schema.Type<typeof GetTrainingCoursesResponse> {}

const GetTrainingCoursesParams = Schema.Struct({
  courseIds: optionalParam(Ids(100)),
  categoryIds: optionalParam(Ids(100)),
  status: optionalParam(Schema.Array(KnownText("published", "deleted", "archived"))),
  after: After
})

/**
 * Filters for `getTrainingCourses`; every filter is optional, and an absent one means all.
 *
 * @since 0.1.0
 * @category models
 */
export type GetTrainingCoursesParams = Params<typeof GetTrainingCoursesParams>

/**
 * `GET /preview/training-courses`.
 *
 * @since 0.1.0
 * @category operations
 */
export const getTrainingCourses = paginated({
  id: "getTrainingCourses",
  summary: "Get training courses",
  method: "GET",
  path: "/preview/training-courses",
  scope: "Read Preview",
  budget: perSecond(5),
  idempotent: true,
  params: GetTrainingCoursesParams,
  query: (params) => [
    single("after", params.after),
    csv("courseIds", params.courseIds),
    csv("categoryIds", params.categoryIds),
    csv("status", params.status)
  ],
  success: Schema.parseJson(GetTrainingCoursesResponse),
  items: (page) => page.data
})

const methods = {
  /** One page of courses (`GET /preview/training-courses`). */
  getTrainingCourses: call(getTrainingCourses),
  /** Every matching course, page after page as the stream is pulled, from `params.after` when given. */
  streamTrainingCourses: stream(getTrainingCourses)
}

/**
 * The training-course operations.
 *
 * @since 0.1.0
 * @category tags
 */
export class TrainingCourses extends Tag<TrainingCourses, TrainingCourses.Service>()("TrainingCourses", methods) {}

/**
 * @since 0.1.0
 */
export declare namespace TrainingCourses {
  /**
   * @since 0.1.0
   * @category models
   */
  export interface Service extends ServiceOf<typeof methods> {}
}
