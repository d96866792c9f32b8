/**
 * How the stand-in answers each registered operation, keyed by its id: reading parameters exactly as the spec
 * encodes them and applying the documented filters. Method, path and budget are the registry's. Writes change the
 * stand-in's state: runs progress with the clock, assignments get new due dates or disappear.
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Ref from "effect/Ref"
import type { AnyOperation } from "../../internal/registry.js"
import type { OperationId } from "../../OperationId.js"
import { type Assignment, assignmentJson, type Dataset, efficiencyOf, rowsOf, type Run } from "./dataset.js"
import { streamOf } from "./random.js"
import { formatTime } from "./time.js"
import { badRequest, pageWindow, type Query, rawArrayElements, Refusal, timeValue } from "./wire.js"

/** What writes have done to the generated assignments; the generated list itself never changes. */
export interface AssignmentChanges {
  /** The latest version of each patched assignment, by id. */
  readonly patched: ReadonlyMap<string, Assignment>
  readonly deleted: ReadonlySet<string>
}

/** The generated data, and the state writes change, held in `Ref`s so every change is an effect. */
export interface World {
  readonly dataset: Dataset
  readonly pageSize: number
  readonly runDurationMillis: number
  /** Runs posted through the API, oldest first; past runs come from the dataset. */
  readonly postedRuns: Ref.Ref<ReadonlyArray<Run>>
  readonly assignmentChanges: Ref.Ref<AssignmentChanges>
}

export const makeWorld = (dataset: Dataset, pageSize: number, runDurationMillis: number): Effect.Effect<World> =>
  Effect.map(
    Effect.all([
      Ref.make<ReadonlyArray<Run>>([]),
      Ref.make<AssignmentChanges>({ patched: new Map(), deleted: new Set() })
    ]),
    ([postedRuns, assignmentChanges]) => ({ dataset, pageSize, runDurationMillis, postedRuns, assignmentChanges })
  )

/** Past runs, then posted ones, in creation order. */
const runsOf = (world: World): Effect.Effect<ReadonlyArray<Run>> =>
  Effect.map(Ref.get(world.postedRuns), (posted) => [...world.dataset.pastRuns(), ...posted])

const applyChanges = (dataset: Dataset, changes: AssignmentChanges): ReadonlyArray<Assignment> =>
  dataset.assignments().flatMap((assignment) =>
    changes.deleted.has(assignment.id) ? [] : [changes.patched.get(assignment.id) ?? assignment]
  )

/** The assignments that exist now, in generation order, patched versions in place of the generated ones. */
export const liveAssignments = (world: World): Effect.Effect<ReadonlyArray<Assignment>> =>
  Effect.map(Ref.get(world.assignmentChanges), (changes) => applyChanges(world.dataset, changes))

export interface RouteRequest {
  readonly query: Query
  readonly body: string
  readonly now: number
}

/** A successful answer: a status and a JSON body (none for 204). */
export interface Answer {
  readonly status: number
  readonly body?: unknown
}

/** How one operation answers a request that has passed the token, routing and budget checks. */
export type Answering = (request: RouteRequest, world: World) => Effect.Effect<Answer, Refusal>

const ok = (body: unknown): Answer => ({ status: 200, body })

/** The request enum names cameras by where they point; the response enum by how they are mounted. */
const cameraOfInput: Readonly<Record<string, string>> = {
  dashcamRoadFacing: "dashcamForwardFacing",
  dashcamDriverFacing: "dashcamInwardFacing",
  analog: "dashcamRearFacing"
}

const triggerReasons = ["api", "panicButton", "periodicStill", "tripEndStill", "tripStartStill", "videoRetrieval"]

/** An empty filter means all, as the spec says for every list filter. */
const matches = (filter: ReadonlyArray<string>, value: string) => filter.length === 0 || filter.includes(value)

/**
 * Which tags `tagIds` and `parentTagIds` admit: the tags named in `tagIds`, and every tag at or below one named in
 * `parentTagIds`. Neither given admits every item, as with every list filter.
 */
const tagFilter = (request: RouteRequest, dataset: Dataset) =>
  Effect.gen(function*() {
    const tagIds = yield* request.query.csv("tagIds")
    const parentTagIds = yield* request.query.csv("parentTagIds")
    const parents = new Map(dataset.tags.map((tag) => [tag.id, tag.parentTagId]))
    const under = (tagId: string | undefined): boolean =>
      tagId !== undefined && (parentTagIds.includes(tagId) || under(parents.get(tagId)))
    return (tagId: string) =>
      (tagIds.length === 0 && parentTagIds.length === 0) || tagIds.includes(tagId) || under(tagId)
  })

/** A page of `items`; the cursor is bound to this operation and its filters. */
const paged = <A>(request: RouteRequest, operation: OperationId, items: ReadonlyArray<A>, pageSize: number) =>
  Effect.map(
    pageWindow(request.query, operation, items.length, pageSize),
    (window) => ({ items: items.slice(window.start, window.end), pagination: window.pagination })
  )

const hourMillis = 3_600_000

/** The window rules of both driver-efficiency operations, all reported at once. */
const efficiencyWindow = (request: RouteRequest) =>
  Effect.gen(function*() {
    const start = yield* request.query.requiredTime("startTime")
    const end = yield* request.query.requiredTime("endTime")
    const problems = [
      ...(start % hourMillis === 0 ? [] : ["startTime must be a whole hour"]),
      ...(end % hourMillis === 0 ? [] : ["endTime must be a whole hour"]),
      ...(end - start >= 24 * hourMillis ? [] : ["endTime must be at least one day after startTime"]),
      ...(end <= request.now - 3 * hourMillis
        ? []
        : [
          `endTime must be at least three hours in the past (no later than ${formatTime(request.now - 3 * hourMillis)})`
        ])
    ]
    if (problems.length > 0) return yield* badRequest(`Invalid time range: ${problems.join("; ")}`)
    const formats = yield* request.query.csv("dataFormats")
    return { window: { start, end }, formats: new Set(formats.length === 0 ? ["score"] : formats) }
  })

/**
 * A driver-efficiency answer: one row per driver or vehicle matching the `<subject>Ids` and tag filters, keyed
 * `<subject>Id`, with efficiency figures for the window.
 */
const efficiency = (
  operation: OperationId,
  subject: "driver" | "vehicle",
  subjects: (dataset: Dataset) => ReadonlyArray<{ readonly id: string; readonly tagId: string }>
): Answering =>
(request, world) =>
  Effect.gen(function*() {
    const { formats, window } = yield* efficiencyWindow(request)
    const ids = yield* request.query.csv(`${subject}Ids`)
    const tagged = yield* tagFilter(request, world.dataset)
    const matching = subjects(world.dataset).filter((item) => matches(ids, item.id) && tagged(item.tagId))
    const page = yield* paged(request, operation, matching, world.pageSize)
    return ok({
      data: page.items.map((item) => ({
        [`${subject}Id`]: item.id,
        ...efficiencyOf(world.dataset.seed, `${subject}-${item.id}`, window, formats)
      })),
      pagination: page.pagination
    })
  })

/**
 * A run's status, progress and update time at `now`: a past run has its outcome even while `TestClock` is still in
 * 1970; a posted one is pending until `finishesAt`.
 */
const runJson = (run: Run, now: number) => {
  const finished = run.past || now >= run.finishesAt
  const span = run.finishesAt - run.createdAt
  const progress = span <= 0 ? 100 : Math.floor(((now - run.createdAt) * 100) / span)
  return {
    id: run.id,
    customReportId: run.customReportId,
    status: finished ? run.outcome : "pending",
    percentComplete: finished ? run.finalPercent : Math.min(99, Math.max(0, progress)),
    startTime: run.startTime,
    endTime: run.endTime,
    createdAtTime: formatTime(run.createdAt),
    updatedAtTime: formatTime(finished ? run.finishesAt : Math.max(now, run.createdAt)),
    ...(run.tagIds === undefined ? {} : { tagIds: run.tagIds }),
    ...(run.attributeValueIds === undefined ? {} : { attributeValueIds: run.attributeValueIds })
  }
}

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

const jsonInteger = /^-?(0|[1-9]\d*)$/

/** The run request body: field checks first (400), then whether the report exists (404). */
const runRequest = (body: string, world: World) =>
  Effect.gen(function*() {
    const parsed: unknown = yield* Effect.try({
      try: () => JSON.parse(body),
      catch: () => new Refusal(400, "The request body is not valid JSON")
    })
    if (!isRecord(parsed)) return yield* badRequest("The request body must be a JSON object")
    const { attributeValueIds, customReportId, endTime, startTime, tagIds } = parsed
    if (typeof customReportId !== "string" || customReportId === "") {
      return yield* badRequest("customReportId is required and must be a non-empty string")
    }
    const times = { startTime, endTime }
    const millis = { startTime: 0, endTime: 0 }
    for (const name of ["startTime", "endTime"] as const) {
      const value = times[name]
      if (typeof value !== "string") return yield* badRequest(`${name} is required and must be an RFC 3339 string`)
      millis[name] = yield* timeValue(name, value)
    }
    if (millis.endTime <= millis.startTime) return yield* badRequest("endTime must be after startTime")
    if (
      attributeValueIds !== undefined && attributeValueIds !== null &&
      !(Array.isArray(attributeValueIds) && attributeValueIds.every((id) => typeof id === "string"))
    ) {
      return yield* badRequest("attributeValueIds must be an array of strings")
    }
    let tagDigits: ReadonlyArray<string> | undefined
    if (tagIds !== undefined && tagIds !== null) {
      if (!Array.isArray(tagIds) || !tagIds.every((id) => typeof id === "number")) {
        return yield* badRequest("tagIds must be an array of integers (int64)")
      }
      tagDigits = Option.getOrElse(
        rawArrayElements(body, "tagIds"),
        () => tagIds.map((id) => Number.isSafeInteger(id) ? String(id) : "")
      )
      if (!tagDigits.every((digits) => jsonInteger.test(digits))) {
        return yield* badRequest("tagIds must be integers (int64), written as plain digits")
      }
    }
    const report = world.dataset.reports().find((config) => config.id === customReportId)
    if (report === undefined) return yield* Effect.fail(new Refusal(404, `Custom report ${customReportId} not found`))
    return {
      report,
      startTime: formatTime(millis.startTime),
      endTime: formatTime(millis.endTime),
      startMillis: millis.startTime,
      endMillis: millis.endTime,
      ...(Array.isArray(attributeValueIds) ? { attributeValueIds: attributeValueIds.map(String) } : {}),
      ...(tagDigits === undefined ? {} : { tagIds: tagDigits })
    }
  })

const pageSizeOf = (request: RouteRequest, world: World) =>
  Effect.flatMap(request.query.single("limit"), (limit) =>
    Option.match(limit, {
      onNone: () => Effect.succeed(world.pageSize),
      onSome: (text) =>
        /^\d+$/.test(text) && Number(text) >= 1 && Number(text) <= 100
          ? Effect.succeed(Number(text))
          : badRequest(`Invalid value for limit: expected an integer from 1 to 100, got ${JSON.stringify(text)}`)
    }))

/** Every registered operation has an answer: a new one in the registry does not compile here until it has one. */
export const answers: { readonly [Id in AnyOperation["id"]]: Answering } = {
  listUploadedMedia: (request, world) =>
    Effect.gen(function*() {
      const { query } = request
      const start = yield* query.requiredTime("startTime")
      const end = yield* query.requiredTime("endTime")
      if (end <= start) return yield* badRequest("endTime must be after startTime")
      const vehicleIds = yield* query.csv("vehicleIds")
      const inputs = yield* query.repeated("inputs", Object.keys(cameraOfInput))
      const mediaTypes = yield* query.repeated("mediaTypes", ["image"])
      const reasons = yield* query.repeated("triggerReasons", triggerReasons)
      const tagged = yield* tagFilter(request, world.dataset)
      const availableAfter = yield* query.time("availableAfterTime")
      const cameras = inputs.map((input) => cameraOfInput[input] ?? input)
      const vehicleTags = world.dataset.vehicleTags()
      const media = world.dataset.media().filter((item) => {
        const captured = Date.parse(item.startTime)
        return captured >= start && captured < end &&
          matches(vehicleIds, item.vehicleId) &&
          matches(cameras, item.input) &&
          matches(mediaTypes, item.mediaType) &&
          matches(reasons, item.triggerReason) &&
          tagged(vehicleTags.get(item.vehicleId) ?? "") &&
          Option.match(availableAfter, {
            onNone: () => true,
            onSome: (after) => Date.parse(item.availableAtTime) > after
          })
      })
      const page = yield* paged(request, "listUploadedMedia", media, world.pageSize)
      return ok({ data: { media: page.items }, pagination: page.pagination })
    }),
  getCustomReportConfigs: (request, world) =>
    Effect.gen(function*() {
      const size = yield* pageSizeOf(request, world)
      const page = yield* paged(request, "getCustomReportConfigs", world.dataset.reports(), size)
      return ok({ data: page.items, pagination: page.pagination })
    }),
  getCustomReportRuns: (request, world) =>
    Effect.gen(function*() {
      const reportIds = yield* request.query.csv("customReportIds")
      const ids = yield* request.query.csv("ids")
      if ((reportIds.length === 0) === (ids.length === 0)) {
        return yield* badRequest("Give exactly one of customReportIds or ids")
      }
      const runs = (yield* runsOf(world)).filter((run) =>
        ids.length > 0 ? ids.includes(run.id) : reportIds.includes(run.customReportId)
      )
      const page = yield* paged(request, "getCustomReportRuns", runs, world.pageSize)
      return ok({ data: page.items.map((run) => runJson(run, request.now)), pagination: page.pagination })
    }),
  postCustomReportRun: (request, world) =>
    Effect.gen(function*() {
      const { report, ...fields } = yield* runRequest(request.body, world)
      // Numbered by how many were posted before, so run ids repeat with the seed.
      const id = yield* Ref.modify(world.postedRuns, (posted) => {
        const run: Run = {
          past: false,
          id: streamOf(world.dataset.seed, "postedRun", posted.length).uuid(),
          customReportId: report.id,
          ...fields,
          createdAt: request.now,
          finishesAt: request.now + world.runDurationMillis,
          outcome: "completed",
          finalPercent: 100
        }
        return [run.id, [...posted, run]]
      })
      return ok({ data: { id, customReportId: report.id, createdAtTime: formatTime(request.now) } })
    }),
  getCustomReportRunData: (request, world) =>
    Effect.gen(function*() {
      const id = yield* request.query.required("id")
      const run = (yield* runsOf(world)).find((candidate) => candidate.id === id)
      if (run === undefined) return yield* Effect.fail(new Refusal(404, `Custom report run ${id} not found`))
      const state = runJson(run, request.now)
      if (state.status !== "completed") {
        return yield* badRequest(
          state.status === "pending"
            ? `Custom report run ${id} is still pending (${state.percentComplete}% complete); ` +
              "its data is available once its status is completed"
            : `Custom report run ${id} ${state.status}; it has no data`
        )
      }
      const window = yield* pageWindow(
        request.query,
        "getCustomReportRunData",
        world.dataset.sizes.reportRowsPerRun,
        world.pageSize
      )
      const report = world.dataset.reports().find((config) => config.id === run.customReportId)
      return ok({
        data: { columns: report?.columns ?? [], rows: rowsOf(world.dataset, run, window.start, window.end) },
        pagination: window.pagination
      })
    }),
  getDriverEfficiencyByDrivers: efficiency("getDriverEfficiencyByDrivers", "driver", (dataset) => dataset.drivers()),
  getDriverEfficiencyByVehicles: efficiency(
    "getDriverEfficiencyByVehicles",
    "vehicle",
    (dataset) => dataset.vehicles()
  ),
  getFormTemplates: (request, world) =>
    Effect.gen(function*() {
      const ids = yield* request.query.csv("ids", { max: 100 })
      const templates = world.dataset.formTemplates().filter((template) => matches(ids, template.id))
      const page = yield* paged(request, "getFormTemplates", templates, world.pageSize)
      return ok({ data: page.items, pagination: page.pagination })
    }),
  deleteTrainingAssignments: (request, world) =>
    Effect.gen(function*() {
      const ids = yield* request.query.csv("ids", { max: 100 })
      if (ids.length === 0) return yield* badRequest("Missing required query parameter ids")
      yield* Ref.update(world.assignmentChanges, (changes) => ({
        patched: changes.patched,
        deleted: new Set([...changes.deleted, ...ids])
      }))
      return { status: 204 }
    }),
  patchTrainingAssignments: (request, world) =>
    Effect.gen(function*() {
      const ids = yield* request.query.csv("ids", { max: 100 })
      if (ids.length === 0) return yield* badRequest("Missing required query parameter ids")
      const dueAt = yield* request.query.requiredTime("dueAtTime")
      const updated = yield* Ref.modify(world.assignmentChanges, (changes) => {
        const live = new Map(applyChanges(world.dataset, changes).map((assignment) => [assignment.id, assignment]))
        const changed = [...new Set(ids)].flatMap((id) => {
          const assignment = live.get(id)
          return assignment === undefined
            ? []
            : [{ ...assignment, dueAt, updatedAt: request.now, updatedById: world.dataset.apiUserId }]
        })
        const patched = new Map([
          ...changes.patched,
          ...changed.map((assignment) => [assignment.id, assignment] as const)
        ])
        return [changed, { patched, deleted: changes.deleted }]
      })
      return ok({ data: updated.map((assignment) => assignmentJson(assignment, request.now)) })
    }),
  getTrainingCourses: (request, world) =>
    Effect.gen(function*() {
      const courseIds = yield* request.query.csv("courseIds", { max: 100 })
      const categoryIds = yield* request.query.csv("categoryIds", { max: 100 })
      const statuses = yield* request.query.csv("status")
      const courses = world.dataset.courses().filter((course) =>
        matches(courseIds, course.id) && matches(categoryIds, course.category.id) && matches(statuses, course.status)
      )
      const page = yield* paged(request, "getTrainingCourses", courses, world.pageSize)
      return ok({ data: page.items, pagination: page.pagination })
    })
}
