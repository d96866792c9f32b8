/**
 * Training assignments and courses on Samsara's current API: the requests the official SDK sends (ids as repeated
 * keys, the patch entirely in the query), its wire-test bodies decoded, a delete's 204 or empty 200, the required
 * ids and the 100-id caps checked before sending, and courses' `labels` list.
 */
import { assert, describe, it } from "@effect/vitest"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Stream from "effect/Stream"
import {
  type DeleteTrainingAssignmentsParams,
  type PatchTrainingAssignmentsParams,
  PatchTrainingAssignmentsResponse,
  TrainingAssignment,
  TrainingAssignments,
  TrainingCourseRef,
  TrainingLearner
} from "../src/ga/TrainingAssignments.js"
import {
  type GetTrainingCoursesParams,
  GetTrainingCoursesResponse,
  TrainingCategory,
  TrainingCourse,
  TrainingCourseLabel,
  TrainingCourses
} from "../src/ga/TrainingCourses.js"
import { Pagination } from "../src/Pagination.js"
import {
  describeGaOperation,
  host,
  patchTrainingAssignmentsBody,
  runScripted,
  trainingCoursesBody
} from "./support/gaFixtures.js"
import { json } from "./support/scriptedHttp.js"

const hundredAndOne = Array.from({ length: 101 }, (_, index) => `id-${index}`)
const lastPage = { endCursor: "", hasNextPage: false }
const ids = ["a4db8702-79d5-4396-a717-e301d52ecc11", "c6490f6a-d84e-49b5-b0ad-b6baae304075"]
const idsQuery = `ids=${ids[0]}&ids=${ids[1]}`

const remove = (params: DeleteTrainingAssignmentsParams) =>
  Effect.flatMap(TrainingAssignments, (assignments) => assignments.deleteTrainingAssignments(params))

const patch = (params: PatchTrainingAssignmentsParams) =>
  Effect.flatMap(TrainingAssignments, (assignments) => assignments.patchTrainingAssignments(params))

const courses = (params: GetTrainingCoursesParams) =>
  Effect.flatMap(TrainingCourses, (service) => service.getTrainingCourses(params))

describeGaOperation(TrainingAssignments.layer, {
  operation: "deleteTrainingAssignments",
  scope: "Write Training Assignments",
  spacing: 105,
  call: (options) =>
    Effect.flatMap(TrainingAssignments, (assignments) => assignments.deleteTrainingAssignments({ ids }, options)),
  // trainingAssignments Client.ts:175-177, 192: repeated keys, no body.
  request: { method: "DELETE", url: `${host}/training-assignments?${idsQuery}` },
  reply: { status: 204 },
  expected: undefined,
  tolerated: { reply: json({ deleted: 2 }), expected: undefined },
  requiresData: false,
  invalid: [
    ["no ids", remove(JSON.parse("{}")), "ids"],
    ["an empty ids", remove({ ids: [] }), "ids"],
    ["101 ids", remove({ ids: hundredAndOne }), "ids"],
    ["an empty id", remove({ ids: ["a", ""] }), "ids.1"]
  ]
})

describe("deleteTrainingAssignments success", () => {
  it.effect("takes the SDK wire test's 200 with no body and no content type as success", () =>
    Effect.gen(function*() {
      const { result } = yield* runScripted(TrainingAssignments.layer, remove({ ids }), () => ({ status: 200 }))
      assert.deepStrictEqual(result, Either.right(undefined))
    }))
})

const sdkAssignment = TrainingAssignment.make({
  completedAtTime: DateTime.unsafeMake("2024-01-15T09:30:00Z"),
  course: TrainingCourseRef.make({ id: "id", revisionId: "revisionId" }),
  createdAtTime: DateTime.unsafeMake("2024-01-15T09:30:00Z"),
  createdById: "createdById",
  deletedAtTime: DateTime.unsafeMake("2024-01-15T09:30:00Z"),
  dueAtTime: DateTime.unsafeMake("2024-01-15T09:30:00Z"),
  durationMinutes: 1000000,
  id: "id",
  isCompletedLate: true,
  isOverdue: true,
  learner: TrainingLearner.make({ id: "id", type: "driver" }),
  scorePercent: 1.1,
  startedAtTime: DateTime.unsafeMake("2024-01-15T09:30:00Z"),
  status: "notStarted",
  updatedAtTime: DateTime.unsafeMake("2024-01-15T09:30:00Z"),
  updatedById: "updatedById"
})

describeGaOperation(TrainingAssignments.layer, {
  operation: "patchTrainingAssignments",
  scope: "Write Training Assignments",
  spacing: 105,
  call: (options) =>
    Effect.flatMap(
      TrainingAssignments,
      (assignments) => assignments.patchTrainingAssignments({ ids, dueAtTime: "2024-01-15T09:30:00+01:00" }, options)
    ),
  // trainingAssignments Client.ts:280-283, 291-306: ids then dueAtTime in the query, and no body.
  request: {
    method: "PATCH",
    url: `${host}/training-assignments?${idsQuery}&dueAtTime=2024-01-15T09%3A30%3A00%2B01%3A00`
  },
  reply: json(patchTrainingAssignmentsBody),
  expected: PatchTrainingAssignmentsResponse.make({ data: [sdkAssignment, sdkAssignment] }),
  tolerated: {
    reply: json({
      data: [{
        ...patchTrainingAssignmentsBody.data[0],
        status: "expired",
        learner: { id: "u-1", type: "user" },
        completedAtTime: null,
        deletedAtTime: null,
        scorePercent: null,
        attempts: 3
      }]
    }),
    expected: PatchTrainingAssignmentsResponse.make({
      data: [
        TrainingAssignment.make({
          ...sdkAssignment,
          status: "expired",
          learner: TrainingLearner.make({ id: "u-1", type: "user" }),
          completedAtTime: undefined,
          deletedAtTime: undefined,
          scorePercent: undefined
        })
      ]
    })
  },
  invalid: [
    ["no ids", patch(JSON.parse(`{"dueAtTime":"2024-01-15T09:30:00Z"}`)), "ids"],
    ["an empty ids", patch({ ids: [], dueAtTime: "2024-01-15T09:30:00Z" }), "ids"],
    ["101 ids", patch({ ids: hundredAndOne, dueAtTime: "2024-01-15T09:30:00Z" }), "ids"],
    ["no dueAtTime", patch(JSON.parse(`{"ids":["a"]}`)), "dueAtTime"],
    ["a dueAtTime that is not RFC 3339", patch({ ids: ["a"], dueAtTime: "2024-01-15 09:30" }), "dueAtTime"]
  ]
})

const sdkCourse = TrainingCourse.make({
  category: TrainingCategory.make({ id: "a4db8702-79d5-4396-a717-e301d52ecc11", name: "Samsara Driver App" }),
  description: "Training for how to operate a wheel loader.",
  estimatedTimeToCompleteMinutes: 30,
  id: "a4db8702-79d5-4396-a717-e301d52ecc11",
  labels: [TrainingCourseLabel.make({ name: "safety", type: "accel" })],
  revisionId: "1214a1fa-f0c6-408b-bf85-51dc3bc71ac7",
  status: "published",
  title: "Wheel Loader"
})

/** A course with only its required fields. */
const bareCourse = {
  category: { id: "cat-2", name: "Yard" },
  estimatedTimeToCompleteMinutes: 5,
  id: "c-2",
  revisionId: "r-2",
  status: "published",
  title: "Yard safety"
}

describeGaOperation(TrainingCourses.layer, {
  operation: "getTrainingCourses",
  scope: "Read Training Courses",
  spacing: 210,
  call: (options) =>
    Effect.flatMap(TrainingCourses, (service) =>
      service.getTrainingCourses({
        courseIds: ["c-1", "c,2"],
        categoryIds: ["cat-1"],
        status: ["published", "archived"],
        after: "MjkY"
      }, options)),
  // trainingCourses Client.ts:65-70: after first, then the lists as repeated keys.
  request: {
    method: "GET",
    url: `${host}/training-courses?after=MjkY&courseIds=c-1&courseIds=c%2C2&categoryIds=cat-1` +
      "&status=published&status=archived"
  },
  reply: json(trainingCoursesBody),
  expected: GetTrainingCoursesResponse.make({
    data: [sdkCourse],
    pagination: Pagination.make({ endCursor: "MjkY", hasNextPage: true })
  }),
  tolerated: {
    reply: json({
      data: [
        {
          ...bareCourse,
          status: "draft",
          labels: [{ name: "compliance", type: "hoursOfService" }, { name: "safety", type: "speeding" }],
          label: { name: "safety", type: "accel" },
          language: "en"
        },
        { ...bareCourse, labels: null, description: null }
      ],
      pagination: lastPage
    }),
    expected: GetTrainingCoursesResponse.make({
      data: [
        TrainingCourse.make({
          ...bareCourse,
          category: TrainingCategory.make(bareCourse.category),
          status: "draft",
          labels: [
            TrainingCourseLabel.make({ name: "compliance", type: "hoursOfService" }),
            TrainingCourseLabel.make({ name: "safety", type: "speeding" })
          ]
        }),
        TrainingCourse.make({
          ...bareCourse,
          category: TrainingCategory.make(bareCourse.category),
          labels: undefined,
          description: undefined
        })
      ],
      pagination: Pagination.make(lastPage)
    })
  },
  stream: {
    run: Effect.flatMap(
      TrainingCourses,
      (service) => Stream.runCollect(service.streamTrainingCourses({ status: ["published"] }))
    ).pipe(Effect.map((items) => Array.from(items))),
    pages: [json(trainingCoursesBody), json({ data: [bareCourse, bareCourse], pagination: lastPage })],
    urls: [`${host}/training-courses?status=published`, `${host}/training-courses?after=MjkY&status=published`],
    items: 3
  },
  invalid: [
    ["101 course ids", courses({ courseIds: hundredAndOne }), "courseIds"],
    ["101 category ids", courses({ categoryIds: hundredAndOne }), "categoryIds"],
    ["an empty course id", courses({ courseIds: [""] }), "courseIds.0"],
    ["an empty cursor", courses({ after: "" }), "after"]
  ]
})

describe("getTrainingCourses", () => {
  it.effect("sends no query at all when called without filters, as the SDK's wire test does", () =>
    Effect.gen(function*() {
      const { result, sent } = yield* runScripted(
        TrainingCourses.layer,
        Effect.flatMap(TrainingCourses, (service) => service.getTrainingCourses()),
        () => json(trainingCoursesBody)
      )
      assert(result._tag === "Right")
      assert.deepStrictEqual(sent.map((request) => request.url), [`${host}/training-courses`])
    }))
})
