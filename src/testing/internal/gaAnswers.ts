/**
 * How the stand-in answers each operation of Samsara's current API, keyed by its id, over the same world as the
 * preview's answers: the same courses, templates, fleet, media, runs and assignments in the current API's shapes,
 * and report configs and datasets derived from the preview's custom reports. The checks are the stand-in's own
 * reading of the current API's rules, written apart from the client's.
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import {
  allRuns,
  type Answering,
  deleteAssignments,
  efficiency,
  isRecord,
  matches,
  ok,
  paged,
  pageSizeOf,
  patchAssignments,
  postRun,
  runState,
  type World
} from "./answers.js"
import type { AnyGaOperation } from "./app.js"
import { allColumns, type Course, type Dataset, type Media, type ReportDataset, rowsOf, type Run } from "./dataset.js"
import { streamOf } from "./random.js"
import { formatTime } from "./time.js"
import { badRequest, pageWindow, type Query, Refusal, timeValue } from "./wire.js"

const dayMillis = 86_400_000

/** Cursors of the current API are bound apart from the preview's, whose operationIds are often the same. */
const scope = (id: AnyGaOperation["id"]) => `current:${id}`

/** The request names cameras by where they point, the response by how they are mounted; analog inputs match. */
const cameraOfInput: Readonly<Record<string, string>> = {
  dashcamRoadFacing: "dashcamForwardFacing",
  dashcamDriverFacing: "dashcamInwardFacing",
  analog1: "analog1",
  analog2: "analog2",
  analog3: "analog3",
  analog4: "analog4"
}

const triggerReasons = [
  "api",
  "panicButton",
  "periodicStill",
  "rfidEvent",
  "safetyEvent",
  "tripEndStill",
  "tripStartStill",
  "videoRetrieval"
]

/** A generated item as the current API writes it: the preview's rear-facing camera is the first analog input. */
const mediaJson = (item: Media) =>
  item.input === "dashcamRearFacing" ? { ...item, input: "analog1", cameraRole: "rearHigh" } : item

/** A course with its label as the one item of `labels`. */
const courseJson = ({ label, ...course }: Course) => label === undefined ? course : { ...course, labels: [label] }

const previewOnlyFieldSettings: ReadonlySet<string> = new Set(["legalText", "filterByCurrentDriverTags"])

/** `Vehicle` as the current API spells an asset type: `vehicle`. */
const lowerFirst = (text: string) => `${text.charAt(0).toLowerCase()}${text.slice(1)}`

/** A field as the current API writes it: without the preview's own settings, asset types in lower camel case. */
const fieldJson = (field: object) =>
  Object.fromEntries(
    Object.entries(field).flatMap(([key, value]) =>
      previewOnlyFieldSettings.has(key)
        ? []
        : [[key, key === "allowedAssetTypes" && Array.isArray(value) ? value.map(String).map(lowerFirst) : value]]
    )
  )

/** Which of the current API's categories a template's title puts it in. */
const formCategoryOf = (title: string) =>
  /fuel/i.test(title)
    ? "fuel"
    : /inspection|check/i.test(title)
    ? "assetInspection"
    : /incident|near miss|safety|damage/i.test(title)
    ? "safety"
    : /delivery|sign-off/i.test(title)
    ? "routing"
    : "general"

type FormTemplate = ReturnType<Dataset["formTemplates"]>[number]

/**
 * A template as the current API writes it: a category, section ids, and a description only when there is one.
 * Section ids come from the template's id, so they are the same on every page and every call.
 */
const formTemplateJson = (seed: number, { description, fields, sections, ...template }: FormTemplate) => {
  const random = streamOf(seed, "formSections", template.id)
  return {
    ...template,
    ...(description === "" ? {} : { description }),
    formCategory: formCategoryOf(template.title),
    fields: fields.map(fieldJson),
    sections: sections.map((section) => ({ ...section, id: random.uuid() }))
  }
}

/** Columns as configs and run data write them: a field's type, its display name, its unit. */
const columnsOf = (dataset: ReportDataset, indexes: ReadonlyArray<number>) =>
  indexes.flatMap((index) => {
    const field = dataset.fields[index]
    return field === undefined
      ? []
      : [{
        dataType: field.dataType,
        name: field.displayName,
        ...(field.unit === undefined ? {} : { unit: field.unit })
      }]
  })

const datasetOf = (dataset: Dataset, template: number): ReportDataset | undefined =>
  dataset.reportDatasets.find((candidate) => candidate.template === template)

const datasetJson = ({ template: _, timeRangeLimitDays, ...fields }: ReportDataset) => ({
  ...fields,
  ...(timeRangeLimitDays === undefined ? {} : { timeRangeLimitDays })
})

/** Each preview custom report as a report config: its template's dataset, with every field as a column. */
const configsOf = (dataset: Dataset) =>
  dataset.reports().flatMap((report) => {
    const template = dataset.templateOf(report)
    const source = datasetOf(dataset, template)
    return source === undefined ? [] : [{
      report,
      template,
      json: {
        columns: columnsOf(source, allColumns(template)),
        datasetId: source.id,
        id: report.id,
        name: report.reportName
      }
    }]
  })

/** The preview's `completed` is the current API's `complete`. */
const statusOf = (run: Run, now: number) => {
  const { status } = runState(run, now)
  return status === "completed" ? "complete" : status
}

const runJson = (run: Run, now: number) => ({
  createdAtTime: formatTime(run.createdAt),
  id: run.id,
  status: statusOf(run, now),
  updatedAtTime: formatTime(runState(run, now).updatedAt)
})

/** The current API's encoding of the driver-efficiency filters. */
const efficiencyFilters = (query: Query, subject: "driver" | "vehicle") =>
  Effect.all({
    // The SDK types driver ids as a list (repeated keys) and vehicle ids as one string (comma-joined).
    ids: subject === "driver" ? query.ids("driverIds") : query.joined("vehicleIds"),
    formats: query.repeated("dataFormats", ["score", "raw", "percentage"]),
    tagIds: query.joined("tagIds"),
    parentTagIds: query.joined("parentTagIds")
  })

const objectField = (value: unknown, name: string) =>
  value === undefined || value === null || isRecord(value)
    ? Effect.succeed(isRecord(value) ? value : undefined)
    : badRequest(`${name} must be an object`)

const nonEmptyText = (value: unknown, name: string) =>
  typeof value === "string" && value !== ""
    ? Effect.succeed(value)
    : badRequest(`${name} must be a non-empty string`)

/** `filters.primaryTimeRange`, when given: two RFC 3339 times, the end after the start. */
const timeRangeOf = (filters: Readonly<Record<string, unknown>> | undefined) =>
  Effect.gen(function*() {
    const range = yield* objectField(filters?.primaryTimeRange, "reportConfig.filters.primaryTimeRange")
    if (range === undefined) return Option.none()
    const millis = { startTime: 0, endTime: 0 }
    for (const name of ["startTime", "endTime"] as const) {
      const value = range[name]
      const field = `reportConfig.filters.primaryTimeRange.${name}`
      if (typeof value !== "string") return yield* badRequest(`${field} is required and must be an RFC 3339 string`)
      millis[name] = yield* timeValue(field, value)
    }
    if (millis.endTime <= millis.startTime) {
      return yield* badRequest("reportConfig.filters.primaryTimeRange.endTime must be after its startTime")
    }
    return Option.some({ start: millis.startTime, end: millis.endTime })
  })

/**
 * What a run reads: a config by `id`, or `datasetId` with `columns` naming its fields ("only one of ID or datasetId
 * and columns"). Shape checks first (400), then whether the config or dataset exists (404), then the fields and the
 * time range against the dataset (400).
 */
const runSource = (body: string, world: World) =>
  Effect.gen(function*() {
    const parsed: unknown = yield* Effect.try({
      try: () => JSON.parse(body),
      catch: () => new Refusal(400, "The request body is not valid JSON")
    })
    if (!isRecord(parsed) || !isRecord(parsed.reportConfig)) {
      return yield* badRequest("The request body must be a JSON object with a reportConfig object")
    }
    const { columns, datasetId, filters, id } = parsed.reportConfig
    const fromDataset = datasetId !== undefined || columns !== undefined
    if ((id !== undefined) === fromDataset) {
      return yield* badRequest("Give reportConfig.id, or reportConfig.datasetId with columns: exactly one of the two")
    }
    const range = yield* timeRangeOf(yield* objectField(filters, "reportConfig.filters"))
    if (id !== undefined) {
      const configId = yield* nonEmptyText(id, "reportConfig.id")
      const config = configsOf(world.dataset).find((candidate) => candidate.report.id === configId)
      if (config === undefined) return yield* Effect.fail(new Refusal(404, `Report config ${configId} not found`))
      return {
        customReportId: config.report.id,
        template: config.template,
        columns: allColumns(config.template),
        range
      }
    }
    const sourceId = yield* nonEmptyText(datasetId, "reportConfig.datasetId (required with columns)")
    if (!Array.isArray(columns) || columns.length === 0) {
      return yield* badRequest(
        "reportConfig.columns must be a non-empty array of { fieldName } (required with datasetId)"
      )
    }
    const names = yield* Effect.forEach(
      columns,
      (column, index) =>
        nonEmptyText(isRecord(column) ? column.fieldName : undefined, `reportConfig.columns[${index}].fieldName`)
    )
    const source = world.dataset.reportDatasets.find((candidate) => candidate.id === sourceId)
    if (source === undefined) return yield* Effect.fail(new Refusal(404, `Dataset ${sourceId} not found`))
    const known = source.fields.map((field) => field.name)
    const unknown = names.filter((name) => !known.includes(name))
    if (unknown.length > 0) {
      return yield* badRequest(
        `Unknown fields in dataset ${source.id}: ${unknown.join(", ")}; its fields are ${known.join(", ")}`
      )
    }
    return {
      customReportId: undefined,
      template: source.template,
      columns: names.map((name) => known.indexOf(name)),
      range
    }
  })

/** The dataset's time-range rules: none taken where it has no time range filter, and no longer than its limit. */
const checkRange = (source: ReportDataset, range: Option.Option<{ readonly start: number; readonly end: number }>) =>
  Option.match(range, {
    onNone: () => Effect.void,
    onSome: ({ end, start }) =>
      !source.hasTimeRangeFilter
        ? badRequest(`Dataset ${source.id} has no time range filter; leave out reportConfig.filters.primaryTimeRange`)
        : source.timeRangeLimitDays !== undefined && end - start > source.timeRangeLimitDays * dayMillis
        ? badRequest(`Dataset ${source.id} takes a primaryTimeRange of at most ${source.timeRangeLimitDays} days`)
        : Effect.void
  })

/** Every operation of the current API has an answer: a new one in the registry does not compile here until it has one. */
export const gaAnswers: { readonly [Id in AnyGaOperation["id"]]: Answering } = {
  listUploadedMedia: (request, world) =>
    Effect.gen(function*() {
      const { query } = request
      const vehicleIds = yield* query.joined("vehicleIds", { max: 20 })
      if (vehicleIds.length === 0) return yield* badRequest("Missing required query parameter vehicleIds")
      const start = yield* query.requiredTime("startTime")
      const end = yield* query.requiredTime("endTime")
      if (end <= start) return yield* badRequest("endTime must be after startTime")
      if (end - start > dayMillis) return yield* badRequest("endTime must be no more than 24 hours after startTime")
      const inputs = yield* query.repeated("inputs", Object.keys(cameraOfInput))
      const mediaTypes = yield* query.repeated("mediaTypes", ["image", "videoHighRes"])
      const reasons = yield* query.repeated("triggerReasons", triggerReasons)
      const availableAfter = yield* query.time("availableAfterTime")
      const cameras = inputs.map((input) => cameraOfInput[input] ?? input)
      const media = world.dataset.media().map(mediaJson).filter((item) => {
        const captured = Date.parse(item.startTime)
        return captured >= start && captured < end &&
          vehicleIds.includes(item.vehicleId) &&
          matches(cameras, item.input) &&
          matches(mediaTypes, item.mediaType) &&
          matches(reasons, item.triggerReason) &&
          Option.match(availableAfter, {
            onNone: () => true,
            onSome: (after) => Date.parse(item.availableAtTime) > after
          })
      })
      const page = yield* paged(request, scope("listUploadedMedia"), media, world.pageSize)
      return ok({ data: { media: page.items }, pagination: page.pagination })
    }),
  getDriverEfficiencyByDrivers: efficiency(
    scope("getDriverEfficiencyByDrivers"),
    "driver",
    (dataset) => dataset.drivers(),
    efficiencyFilters
  ),
  getDriverEfficiencyByVehicles: efficiency(
    scope("getDriverEfficiencyByVehicles"),
    "vehicle",
    (dataset) => dataset.vehicles(),
    efficiencyFilters
  ),
  getFormTemplates: (request, world) =>
    Effect.gen(function*() {
      const ids = yield* request.query.ids("ids", { max: 100 })
      const templates = world.dataset.formTemplates().filter((template) => matches(ids, template.id))
      const page = yield* paged(request, scope("getFormTemplates"), templates, world.pageSize)
      return ok({
        data: page.items.map((template) => formTemplateJson(world.dataset.seed, template)),
        pagination: page.pagination
      })
    }),
  deleteTrainingAssignments: (request, world) =>
    Effect.flatMap(request.query.ids("ids", { max: 100 }), (ids) => deleteAssignments(world, ids)),
  patchTrainingAssignments: (request, world) =>
    Effect.flatMap(request.query.ids("ids", { max: 100 }), (ids) => patchAssignments(request, world, ids)),
  getTrainingCourses: (request, world) =>
    Effect.gen(function*() {
      const courseIds = yield* request.query.ids("courseIds", { max: 100 })
      const categoryIds = yield* request.query.ids("categoryIds", { max: 100 })
      const statuses = yield* request.query.repeated("status", ["published", "deleted", "archived"])
      const courses = world.dataset.courses().filter((course) =>
        matches(courseIds, course.id) && matches(categoryIds, course.category.id) && matches(statuses, course.status)
      )
      const page = yield* paged(request, scope("getTrainingCourses"), courses, world.pageSize)
      return ok({ data: page.items.map(courseJson), pagination: page.pagination })
    }),
  getReportConfigs: (request, world) =>
    Effect.gen(function*() {
      const size = yield* pageSizeOf(request, world)
      const ids = yield* request.query.ids("ids", { max: 10 })
      const configs = configsOf(world.dataset).filter((config) => matches(ids, config.report.id))
      const page = yield* paged(request, scope("getReportConfigs"), configs, size)
      return ok({ data: page.items.map((config) => config.json), pagination: page.pagination })
    }),
  getReportRuns: (request, world) =>
    Effect.gen(function*() {
      const configIds = yield* request.query.ids("reportConfigIds", { max: 10 })
      const ids = yield* request.query.ids("ids", { max: 10 })
      const size = yield* pageSizeOf(request, world)
      // Both filters may be given; a run is listed when it passes both.
      const runs = (yield* allRuns(world)).filter((run) =>
        matches(ids, run.id) && (configIds.length === 0 || configIds.includes(run.customReportId ?? ""))
      )
      const page = yield* paged(request, scope("getReportRuns"), runs, size)
      return ok({ data: page.items.map((run) => runJson(run, request.now)), pagination: page.pagination })
    }),
  createReportRun: (request, world) =>
    Effect.gen(function*() {
      const { range, ...source } = yield* runSource(request.body, world)
      const dataset = datasetOf(world.dataset, source.template)
      if (dataset !== undefined) yield* checkRange(dataset, range)
      // Without a time range, a dated dataset's rows cover the week before the run.
      const window = Option.getOrElse(range, () => ({ start: request.now - 7 * dayMillis, end: request.now }))
      const run = yield* postRun(world, request.now, {
        ...source,
        startTime: formatTime(window.start),
        endTime: formatTime(window.end),
        startMillis: window.start,
        endMillis: window.end
      })
      return ok({ data: runJson(run, request.now) })
    }),
  getReportRunData: (request, world) =>
    Effect.gen(function*() {
      const id = yield* request.query.required("id")
      const size = yield* pageSizeOf(request, world, 1024)
      const run = (yield* allRuns(world)).find((candidate) => candidate.id === id)
      if (run === undefined) return yield* Effect.fail(new Refusal(404, `Report run ${id} not found`))
      const status = statusOf(run, request.now)
      // The data carries the run's status: a run that is not complete has no rows yet, or never will.
      const total = status === "complete" ? world.dataset.sizes.reportRowsPerRun : 0
      const window = yield* pageWindow(request.query, scope("getReportRunData"), total, size)
      const source = datasetOf(world.dataset, run.template)
      return ok({
        data: {
          columns: source === undefined ? [] : columnsOf(source, run.columns),
          rows: rowsOf(world.dataset, run, window.start, window.end),
          status
        },
        pagination: window.pagination
      })
    }),
  getDatasets: (request, world) =>
    Effect.gen(function*() {
      const ids = yield* request.query.ids("ids", { max: 10 })
      const size = yield* pageSizeOf(request, world, Number.POSITIVE_INFINITY)
      const datasets = world.dataset.reportDatasets.filter((dataset) => matches(ids, dataset.id))
      const page = yield* paged(request, scope("getDatasets"), datasets, size)
      return ok({ data: page.items.map(datasetJson), pagination: page.pagination })
    })
}
