/**
 * How the stand-in answers each preview operation, keyed by its id (the current API's are in `gaAnswers.ts`, over
 * the same world): reading parameters exactly as the spec encodes them and applying the documented filters. Method,
 * path and budget are the registry's. Writes change the stand-in's state: runs progress with the clock, assignments
 * get new due dates or disappear.
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Ref from "effect/Ref"
import type { AnyOperation } from "../../internal/registry.js"
import { allColumns, type Assignment, assignmentJson, type Dataset, efficiencyOf, rowsOf, type Run } from "./dataset.js"
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
  /** Runs posted through either generation's API, oldest first; past runs come from the dataset. */
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
export const allRuns = (world: World): Effect.Effect<ReadonlyArray<Run>> =>
  Effect.map(Ref.get(world.postedRuns), (posted) => [...world.dataset.pastRuns(), ...posted])

type ReportRun = Run & { readonly customReportId: string }

/** The runs the preview knows: those of a custom report. A run of a dataset's fields has none, so no preview shape. */
const runsOf = (world: World): Effect.Effect<ReadonlyArray<ReportRun>> =>
  Effect.map(allRuns(world), (runs) => runs.filter((run): run is ReportRun => run.customReportId !== undefined))

/**
 * Records a posted run, numbered by how many either generation posted before, so run ids repeat with the seed.
 * It is pending until `runDuration` has passed.
 */
export const postRun = (
  world: World,
  now: number,
  fields: Pick<
    Run,
    | "customReportId"
    | "template"
    | "columns"
    | "startTime"
    | "endTime"
    | "startMillis"
    | "endMillis"
    | "attributeValueIds"
    | "tagIds"
  >
): Effect.Effect<Run> =>
  Ref.modify(world.postedRuns, (posted) => {
    const run: Run = {
      past: false,
      id: streamOf(world.dataset.seed, "postedRun", posted.length).uuid(),
      ...fields,
      createdAt: now,
      finishesAt: now + world.runDurationMillis,
      outcome: "completed",
      finalPercent: 100
    }
    return [run, [...posted, run]]
  })

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

export const ok = (body: unknown): Answer => ({ status: 200, body })

/** The request enum names cameras by where they point; the response enum by how they are mounted. */
const cameraOfInput: Readonly<Record<string, string>> = {
  dashcamRoadFacing: "dashcamForwardFacing",
  dashcamDriverFacing: "dashcamInwardFacing",
  analog: "dashcamRearFacing"
}

const triggerReasons = ["api", "panicButton", "periodicStill", "tripEndStill", "tripStartStill", "videoRetrieval"]

/** An empty filter means all, as the spec says for every list filter. */
export const matches = (filter: ReadonlyArray<string>, value: string) => filter.length === 0 || filter.includes(value)

/**
 * Which tags `tagIds` and `parentTagIds` admit: the tags named in `tagIds`, and every tag at or below one named in
 * `parentTagIds`. Neither given admits every item, as with every list filter.
 */
export const tagsAdmitted = (
  dataset: Dataset,
  tagIds: ReadonlyArray<string>,
  parentTagIds: ReadonlyArray<string>
) => {
  const parents = new Map(dataset.tags.map((tag) => [tag.id, tag.parentTagId]))
  const under = (tagId: string | undefined): boolean =>
    tagId !== undefined && (parentTagIds.includes(tagId) || under(parents.get(tagId)))
  return (tagId: string) => (tagIds.length === 0 && parentTagIds.length === 0) || tagIds.includes(tagId) || under(tagId)
}

/** The preview's tag filters, both comma-separated. */
const tagFilter = (request: RouteRequest, dataset: Dataset) =>
  Effect.gen(function*() {
    const tagIds = yield* request.query.csv("tagIds")
    const parentTagIds = yield* request.query.csv("parentTagIds")
    return tagsAdmitted(dataset, tagIds, parentTagIds)
  })

/** A page of `items`; the cursor is bound to `scope` (the operation, as one generation names it) and its filters. */
export const paged = <A>(request: RouteRequest, scope: string, items: ReadonlyArray<A>, pageSize: number) =>
  Effect.map(
    pageWindow(request.query, scope, items.length, pageSize),
    (window) => ({ items: items.slice(window.start, window.end), pagination: window.pagination })
  )

const hourMillis = 3_600_000

/** The window rules of the driver-efficiency operations of both generations, all reported at once. */
export const efficiencyWindow = (request: RouteRequest) =>
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
    return { start, end }
  })

/** The formats asked for; none asked means Samsara's default, `score`. */
export const formatsOf = (formats: ReadonlyArray<string>): ReadonlySet<string> =>
  new Set(formats.length === 0 ? ["score"] : formats)

/** The filters of a driver-efficiency request, however its generation encodes them. */
export interface EfficiencyFilters {
  readonly ids: ReadonlyArray<string>
  readonly formats: ReadonlyArray<string>
  readonly tagIds: ReadonlyArray<string>
  readonly parentTagIds: ReadonlyArray<string>
}

/** The preview's encoding: every list comma-separated. */
const csvEfficiencyFilters = (query: Query, subject: "driver" | "vehicle") =>
  Effect.all({
    ids: query.csv(`${subject}Ids`),
    formats: query.csv("dataFormats"),
    tagIds: query.csv("tagIds"),
    parentTagIds: query.csv("parentTagIds")
  })

/**
 * A driver-efficiency answer: one row per driver or vehicle matching the `<subject>Ids` and tag filters, keyed
 * `<subject>Id`, with efficiency figures for the window. Both generations draw the same figures.
 */
export const efficiency = (
  scope: string,
  subject: "driver" | "vehicle",
  subjects: (dataset: Dataset) => ReadonlyArray<{ readonly id: string; readonly tagId: string }>,
  filtersOf: (query: Query, subject: "driver" | "vehicle") => Effect.Effect<EfficiencyFilters, Refusal>
): Answering =>
(request, world) =>
  Effect.gen(function*() {
    const window = yield* efficiencyWindow(request)
    const { ids, ...filters } = yield* filtersOf(request.query, subject)
    const formats = formatsOf(filters.formats)
    const tagged = tagsAdmitted(world.dataset, filters.tagIds, filters.parentTagIds)
    const matching = subjects(world.dataset).filter((item) => matches(ids, item.id) && tagged(item.tagId))
    const page = yield* paged(request, scope, matching, world.pageSize)
    return ok({
      data: page.items.map((item) => ({
        [`${subject}Id`]: item.id,
        ...efficiencyOf(world.dataset.seed, `${subject}-${item.id}`, window, formats)
      })),
      pagination: page.pagination
    })
  })

/**
 * A run's status, progress and update time at `now`, in the preview's words: a past run has its outcome even while
 * `TestClock` is still in 1970; a posted one is pending until `finishesAt`.
 */
export const runState = (run: Run, now: number) => {
  const finished = run.past || now >= run.finishesAt
  const span = run.finishesAt - run.createdAt
  const progress = span <= 0 ? 100 : Math.floor(((now - run.createdAt) * 100) / span)
  return {
    status: finished ? run.outcome : "pending" as const,
    percentComplete: finished ? run.finalPercent : Math.min(99, Math.max(0, progress)),
    updatedAt: finished ? run.finishesAt : Math.max(now, run.createdAt)
  }
}

const runJson = (run: ReportRun, now: number) => {
  const state = runState(run, now)
  return {
    id: run.id,
    customReportId: run.customReportId,
    status: state.status,
    percentComplete: state.percentComplete,
    startTime: run.startTime,
    endTime: run.endTime,
    createdAtTime: formatTime(run.createdAt),
    updatedAtTime: formatTime(state.updatedAt),
    ...(run.tagIds === undefined ? {} : { tagIds: run.tagIds }),
    ...(run.attributeValueIds === undefined ? {} : { attributeValueIds: run.attributeValueIds })
  }
}

export const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
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

/** The page size: `limit` when given (an integer from 1 to `max`), the stand-in's otherwise. */
export const pageSizeOf = (request: RouteRequest, world: World, max = 100) =>
  Effect.flatMap(request.query.single("limit"), (limit) =>
    Option.match(limit, {
      onNone: () => Effect.succeed(world.pageSize),
      onSome: (text) =>
        /^\d+$/.test(text) && Number(text) >= 1 && Number(text) <= max
          ? Effect.succeed(Number(text))
          : badRequest(
            `Invalid value for limit: expected an integer from 1${Number.isFinite(max) ? ` to ${max}` : " up"}, got ${
              JSON.stringify(text)
            }`
          )
    }))

/** Deletes the assignments named; naming none is refused, as Samsara requires ids. Unknown ids are no error. */
export const deleteAssignments = (world: World, ids: ReadonlyArray<string>): Effect.Effect<Answer, Refusal> =>
  ids.length === 0
    ? badRequest("Missing required query parameter ids")
    : Effect.as(
      Ref.update(world.assignmentChanges, (changes) => ({
        patched: changes.patched,
        deleted: new Set([...changes.deleted, ...ids])
      })),
      { status: 204 }
    )

/** Moves the due time of the assignments named to `dueAtTime`, answering those that exist, once each. */
export const patchAssignments = (request: RouteRequest, world: World, ids: ReadonlyArray<string>) =>
  Effect.gen(function*() {
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
  })

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
      const template = world.dataset.templateOf(report)
      const { id } = yield* postRun(world, request.now, {
        customReportId: report.id,
        template,
        columns: allColumns(template),
        ...fields
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
  getDriverEfficiencyByDrivers: efficiency(
    "getDriverEfficiencyByDrivers",
    "driver",
    (dataset) => dataset.drivers(),
    csvEfficiencyFilters
  ),
  getDriverEfficiencyByVehicles: efficiency(
    "getDriverEfficiencyByVehicles",
    "vehicle",
    (dataset) => dataset.vehicles(),
    csvEfficiencyFilters
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
      return yield* deleteAssignments(world, ids)
    }),
  patchTrainingAssignments: (request, world) =>
    Effect.gen(function*() {
      const ids = yield* request.query.csv("ids", { max: 100 })
      return yield* patchAssignments(request, world, ids)
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
