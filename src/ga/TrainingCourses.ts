/**
 * Training courses on Samsara's current API (`GET /training-courses`): the organisation's courses other than
 * drafts, filtered by id, category or status. A course carries a list of `labels` where the preview had one `label`.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { paginated } from "../internal/operation.js"
import { repeated, single } from "../internal/query.js"
import { perSecond } from "../internal/rateLimit.js"
import { After, Ids, KnownText, optionalParam, type Params } from "../internal/requestFields.js"
import { OpenEnum, optional } from "../internal/responseFields.js"
import { call, type ServiceOf, stream, Tag } from "../internal/service.js"
import { Pagination } from "../Pagination.js"
import { TrainingCategory, TrainingCourseLabel } from "../TrainingCourses.js"

/**
 * A course's category and its labels, unchanged from the preview API.
 *
 * @since 0.1.0
 * @category schemas
 */
export { TrainingCategory, TrainingCourseLabel }

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
  labels: optional(Schema.Array(TrainingCourseLabel)),
  revisionId: Schema.String,
  status: OpenEnum("published", "deleted", "archived", "unknown"),
  title: Schema.String
}).annotations({ identifier: "GaTrainingCourse" })

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
}).annotations({ identifier: "GaGetTrainingCoursesResponse" })

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
 * Filters for `getTrainingCourses`; every filter is optional, and an absent or empty one means all.
 *
 * @since 0.1.0
 * @category models
 */
export type GetTrainingCoursesParams = Params<typeof GetTrainingCoursesParams>

/**
 * `GET /training-courses`. The lists go out as repeated keys, after the cursor, as the official SDK sends them.
 *
 * @since 0.1.0
 * @category operations
 */
export const getTrainingCourses = paginated({
  id: "getTrainingCourses",
  summary: "Get training courses",
  method: "GET",
  path: "/training-courses",
  scope: "Read Training Courses",
  budget: perSecond(5),
  idempotent: true,
  params: GetTrainingCoursesParams,
  query: (params) => [
    single("after", params.after),
    repeated("courseIds", params.courseIds),
    repeated("categoryIds", params.categoryIds),
    repeated("status", params.status)
  ],
  success: Schema.parseJson(GetTrainingCoursesResponse),
  items: (page) => page.data
})

const methods = {
  /** One page of courses (`GET /training-courses`). */
  getTrainingCourses: call(getTrainingCourses),
  /** Every matching course, page after page as the stream is pulled, from `params.after` when given. */
  streamTrainingCourses: stream(getTrainingCourses)
}

/**
 * The training-course operations of Samsara's current API.
 *
 * @since 0.1.0
 * @category tags
 */
export class TrainingCourses extends Tag<TrainingCourses, TrainingCourses.Service>()("ga/TrainingCourses", methods) {}

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
