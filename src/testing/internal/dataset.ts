/**
 * The generated organisation behind the stand-in: courses, form templates, a fleet of drivers and vehicles, camera
 * media, custom reports with past runs, and training assignments. Each entity comes from its own seeded stream,
 * built on first use, and is written in wire shape (the JSON Samsara sends) so responses only slice and filter.
 */
import * as Arr from "effect/Array"
import type { StandIn } from "../StandIn.js"
import { type Random, streamOf } from "./random.js"
import { formatTime } from "./time.js"
import {
  checkOptions,
  choiceOptions,
  type ColumnTemplate,
  courseCategories,
  courseLevels,
  courseTopics,
  depots,
  fieldLabels,
  type FieldType,
  fieldTypes,
  firstNames,
  formTitles,
  lastNames,
  regions,
  reportTemplates,
  sectionLabels,
  vehicleModels
} from "./vocabulary.js"

export type Sizes = StandIn.Sizes

const day = 86_400_000
const utc = Date.parse

/** Camera media is captured in the 30 days before the dataset's `mediaCapturedBefore`. */
const mediaWindowMillis = 30 * day

const between = (random: Random, start: string, end: string) => random.int(utc(start) / 1000, utc(end) / 1000) * 1000

const lazy = <A>(make: () => A): () => A => {
  let cached: { readonly value: A } | undefined
  return () => (cached ??= { value: make() }).value
}

const times = <A>(count: number, make: (index: number) => A): Array<A> =>
  Array.from({ length: count }, (_, index) => make(index))

export interface Person {
  readonly id: string
  readonly name: string
  /** The depot tag the driver or vehicle carries; tag filters match on it. */
  readonly tagId: string
}

export interface Tag {
  readonly id: string
  readonly name: string
  readonly parentTagId: string | undefined
}

/** The tag tree from `regions`, and the depot tags people are drawn from; ids are unique numeric strings. */
const tagsOf = (seed: number) => {
  const random = streamOf(seed, "tags")
  const used = new Set<string>()
  const freshId = () => {
    let id = random.digits(7)
    while (used.has(id)) id = random.digits(7)
    used.add(id)
    return id
  }
  const tree = Arr.map(regions, (region) => {
    const parent: Tag = { id: freshId(), name: region.name, parentTagId: undefined }
    const children = Arr.map(region.depots, (depot): Tag => ({ id: freshId(), name: depot, parentTagId: parent.id }))
    return { parent, children }
  })
  return {
    all: tree.flatMap(({ children, parent }) => [parent, ...children]),
    depots: Arr.flatMap(tree, ({ children }) => children)
  }
}

export interface Course {
  readonly id: string
  readonly revisionId: string
  readonly title: string
  readonly description?: string
  readonly status: "published" | "archived" | "deleted"
  readonly category: { readonly id: string; readonly name: string }
  readonly label?: { readonly name: string; readonly type: string }
  readonly estimatedTimeToCompleteMinutes: number
}

export interface Media {
  readonly vehicleId: string
  readonly input: "dashcamForwardFacing" | "dashcamInwardFacing" | "dashcamRearFacing"
  readonly mediaType: "image"
  readonly triggerReason: string
  readonly startTime: string
  readonly endTime: string
  readonly availableAtTime: string
  readonly urlInfo: { readonly url: string; readonly urlExpiryTime: string }
}

export interface Column {
  readonly displayName: string
  readonly type: "string" | "numeric"
  readonly unit?: string
  readonly baseUnit?: string
}

export interface Report {
  readonly id: string
  readonly reportName: string
  readonly columns: ReadonlyArray<Column>
}

/**
 * A run as first recorded. A past run has finished before the stand-in began, whatever the clock says; a posted
 * run's status at any moment follows from `createdAt` and `finishesAt`.
 */
export interface Run {
  readonly past: boolean
  readonly id: string
  /** The custom report (the current API's report config) it runs; none for a run of a dataset's chosen fields. */
  readonly customReportId: string | undefined
  /** The index in `reportTemplates` of the report or dataset whose rows it holds. */
  readonly template: number
  /** The template's columns its rows hold, by index: all of a report's, the chosen fields of a dataset's. */
  readonly columns: ReadonlyArray<number>
  readonly startTime: string
  readonly endTime: string
  readonly startMillis: number
  readonly endMillis: number
  readonly createdAt: number
  readonly finishesAt: number
  readonly outcome: "completed" | "failed"
  /** `percentComplete` once finished: 100, or how far a failed run got. */
  readonly finalPercent: number
  readonly attributeValueIds?: ReadonlyArray<string>
  readonly tagIds?: ReadonlyArray<string>
}

/** A field of a report dataset: a column of its template, named as a run's `columns[].fieldName` names it. */
export interface DatasetField {
  readonly dataType: "string" | "integer" | "float"
  readonly displayName: string
  readonly name: string
  readonly unit?: string
}

/**
 * A dataset of the current API's custom reports: one per report template, so a report config is its template's
 * report, and a run of a dataset's fields draws the same cells as a run of that report.
 */
export interface ReportDataset {
  readonly id: string
  readonly displayName: string
  readonly template: number
  readonly fields: ReadonlyArray<DatasetField>
  readonly hasTimeRangeFilter: boolean
  readonly timeRangeLimitDays: number | undefined
}

/** `Fuel Used` as a field name: `fuelUsed`. */
const fieldName = (displayName: string) =>
  displayName.split(/\s+/).map((word, index) =>
    index === 0 ? word.toLowerCase() : `${word.charAt(0).toUpperCase()}${word.slice(1).toLowerCase()}`
  ).join("")

const dataTypeOf = (column: ColumnTemplate): DatasetField["dataType"] =>
  column.type === "string"
    ? "string"
    : (column.cell._tag === "Number" || column.cell._tag === "Quotient") && column.cell.decimals === 0
    ? "integer"
    : "float"

/** The datasets, in template order; those whose rows are dated take a time range of up to 31 days. */
const reportDatasets: ReadonlyArray<ReportDataset> = reportTemplates.map((template, index) => {
  const dated = template.columns.some((column) => column.cell._tag === "Date")
  return {
    id: template.reportName.split(/\s+/).map((word) => `${word.charAt(0).toUpperCase()}${word.slice(1)}`).join(""),
    displayName: template.reportName,
    template: index,
    fields: template.columns.map((column) => ({
      dataType: dataTypeOf(column),
      displayName: column.displayName,
      name: fieldName(column.displayName),
      ...(column.unit === undefined ? {} : { unit: column.unit })
    })),
    hasTimeRangeFilter: dated,
    timeRangeLimitDays: dated ? 31 : undefined
  }
})

export interface Assignment {
  readonly id: string
  readonly course: { readonly id: string; readonly revisionId: string }
  readonly learner: { readonly id: string; readonly type: "driver" }
  readonly status: "notStarted" | "inProgress" | "completed"
  readonly durationMinutes: number
  readonly createdAt: number
  readonly createdById: string
  readonly startedAt?: number
  readonly completedAt?: number
  readonly scorePercent?: number
  readonly dueAt?: number
  readonly updatedAt: number
  readonly updatedById: string
}

const courseAt = (seed: number, index: number, categories: ReadonlyArray<Course["category"]>): Course => {
  const random = streamOf(seed, "course", index)
  const topic = random.pick(courseTopics)
  const level = random.pick(courseLevels)
  const minutes = random.pick([5, 10, 15, 20, 25, 30, 45, 60, 90])
  const category = categories[courseCategories.indexOf(topic.category)] ?? { id: "", name: topic.category }
  return {
    id: random.uuid(),
    revisionId: random.uuid(),
    title: `${topic.name} ${level}`,
    ...(random.chance(0.85)
      ? {
        description: `${level} course on ${topic.name.toLowerCase()} for commercial drivers, about ${minutes} minutes.`
      }
      : {}),
    status: random.weighted([[80, "published"], [15, "archived"], [5, "deleted"]] as const),
    category,
    ...(topic.label !== undefined && random.chance(0.9) ? { label: { name: "safety", type: topic.label } } : {}),
    estimatedTimeToCompleteMinutes: minutes
  }
}

/** A label not yet used in the template, so no form asks the same question twice. */
const freshLabel = (random: Random, type: FieldType, used: Set<string>) => {
  const unused = fieldLabels[type].filter((label) => !used.has(label))
  const label = Arr.isNonEmptyReadonlyArray(unused)
    ? random.pick(unused)
    : `${fieldLabels[type][0]} ${used.size + 1}`
  used.add(label)
  return label
}

const fieldAt = (random: Random, type: FieldType, used: Set<string>) => {
  const base = {
    id: random.uuid(),
    label: freshLabel(random, type, used),
    type,
    isRequired: type !== "instruction" && type !== "media_instruction" && random.chance(0.6)
  }
  const options = (labels: Arr.NonEmptyReadonlyArray<string>, count: number, scored: boolean) =>
    Arr.take(labels, count).map((label, index) => ({
      id: random.uuid(),
      label,
      ...(scored ? { optionScoreWeight: index === 0 ? 0 : random.int(1, 5) } : {})
    }))
  switch (type) {
    case "number":
      return { ...base, numDecimalPlaces: random.int(0, 2) }
    case "multiple_choice":
    case "check_boxes": {
      const scored = random.chance(0.3)
      const labels = type === "multiple_choice" ? choiceOptions : checkOptions
      return {
        ...base,
        options: options(labels, random.int(2, labels.length), scored),
        ...(scored ? { questionWeight: random.int(1, 10) } : {})
      }
    }
    case "datetime":
      return { ...base, allowedDateTimeValueType: random.pick(["datetime", "date", "time"]) }
    case "signature":
      return { ...base, legalText: "I confirm that the information in this form is accurate." }
    case "asset":
      return {
        ...base,
        allowedAssetTypes: random.chance(0.5) ? ["Vehicle", "Trailer"] : ["Vehicle", "Trailer", "Equipment"]
      }
    case "person":
      return {
        ...base,
        includeDrivers: true,
        includeUsers: random.chance(0.5),
        allowManualEntry: random.chance(0.3),
        filterByCurrentDriverTags: random.chance(0.2),
        filterByRoleIds: random.chance(0.3) ? [random.uuid()] : []
      }
    default:
      return base
  }
}

const formTemplateAt = (seed: number, index: number, userIds: Arr.NonEmptyReadonlyArray<string>) => {
  const random = streamOf(seed, "formTemplate", index)
  const title = formTitles[index % formTitles.length] ?? formTitles[0]
  const round = Math.floor(index / formTitles.length)
  const used = new Set<string>()
  const fields = times(random.int(3, 10), () => fieldAt(random, random.weighted(fieldTypes), used))
  const sectionCount = Math.min(fields.length, random.int(1, 3))
  const sectionSize = Math.ceil(fields.length / sectionCount)
  const createdAt = between(random, "2024-01-01T00:00:00Z", "2025-06-30T00:00:00Z")
  return {
    id: random.uuid(),
    revisionId: random.uuid(),
    title: round === 0 ? title : `${title} (${depots[(round - 1) % depots.length] ?? depots[0]})`,
    description: random.chance(0.8) ? `Complete the ${title.toLowerCase()} and submit it before leaving the site.` : "",
    createdAtTime: formatTime(createdAt),
    createdBy: { id: random.pick(userIds), type: "user" as const },
    updatedAtTime: formatTime(createdAt + random.int(0, 180) * day + random.int(0, 86_399) * 1000),
    updatedBy: random.chance(0.8)
      ? { id: random.pick(userIds), type: "user" as const }
      : { id: random.digits(8), type: "driver" as const },
    fields,
    sections: times(sectionCount, (section) => ({
      label: sectionLabels[section] ?? sectionLabels[0],
      fieldIndexFirstInclusive: section * sectionSize,
      fieldIndexLastInclusive: Math.min(fields.length, (section + 1) * sectionSize) - 1
    })).filter((section) => section.fieldIndexFirstInclusive <= section.fieldIndexLastInclusive),
    ...(random.chance(0.3)
      ? {
        approvalConfig: {
          type: "singleApproval" as const,
          singleApprovalConfig: {
            allowManualApproverSelection: random.chance(0.5),
            requirements: { roleIds: times(random.int(1, 2), () => random.uuid()) }
          }
        }
      }
      : {})
  }
}

const mediaAt = (
  seed: number,
  index: number,
  vehicles: Arr.NonEmptyReadonlyArray<Person>,
  capturedBefore: number
): Media => {
  const random = streamOf(seed, "media", index)
  const start = random.int((capturedBefore - mediaWindowMillis) / 1000, capturedBefore / 1000 - 60) * 1000
  const end = start + random.int(0, 10) * 1000
  const available = end + random.int(30, 1200) * 1000
  const name = random.uuid()
  return {
    vehicleId: random.pick(vehicles).id,
    input: random.weighted(
      [[6, "dashcamForwardFacing"], [3, "dashcamInwardFacing"], [1, "dashcamRearFacing"]] as const
    ),
    mediaType: "image",
    triggerReason: random.weighted([
      [10, "periodicStill"],
      [4, "tripStartStill"],
      [4, "tripEndStill"],
      [2, "api"],
      [2, "videoRetrieval"],
      [1, "panicButton"]
    ]),
    startTime: formatTime(start),
    endTime: formatTime(end),
    availableAtTime: formatTime(available),
    urlInfo: {
      url: `https://media.standin.example/cameras/${name}.jpeg?expires=${(available + 8 * 3_600_000) / 1000}`,
      urlExpiryTime: formatTime(available + 8 * 3_600_000)
    }
  }
}

const reportAt = (seed: number, index: number): Report => {
  const random = streamOf(seed, "customReport", index)
  const template = reportTemplates[templateIndex(index)] ?? reportTemplates[0]
  const round = Math.floor(index / reportTemplates.length)
  return {
    id: random.uuid(),
    reportName: round === 0 ? template.reportName : `${template.reportName} (${round + 1})`,
    columns: template.columns.map(({ cell: _, ...column }) => column)
  }
}

/** Where a report's rows come from: the template it was generated from. */
const templateIndex = (index: number) => index % reportTemplates.length

/** Every column of a template, by index. */
export const allColumns = (template: number): ReadonlyArray<number> =>
  (reportTemplates[template] ?? reportTemplates[0]).columns.map((_, index) => index)

const pastRunsOf = (seed: number, report: Report, index: number): ReadonlyArray<Run> => {
  const random = streamOf(seed, "pastRuns", index)
  return times(random.int(1, 3), () => {
    const endMillis = between(random, "2025-03-01T00:00:00Z", "2025-09-30T00:00:00Z") - (random.int(0, 23) * 3_600_000)
    const startMillis = endMillis - random.pick([1, 7, 7, 30]) * day
    const createdAt = endMillis + random.int(1, 48) * 3_600_000
    const outcome = random.chance(0.9) ? "completed" as const : "failed" as const
    return {
      past: true,
      id: random.uuid(),
      customReportId: report.id,
      template: templateIndex(index),
      columns: allColumns(templateIndex(index)),
      startTime: formatTime(startMillis),
      endTime: formatTime(endMillis),
      startMillis,
      endMillis,
      createdAt,
      finishesAt: createdAt + random.int(5, 600) * 1000,
      outcome,
      finalPercent: outcome === "completed" ? 100 : random.int(5, 95)
    }
  }).sort((left, right) => left.createdAt - right.createdAt)
}

const assignmentAt = (
  seed: number,
  index: number,
  courses: Arr.NonEmptyReadonlyArray<Course>,
  drivers: Arr.NonEmptyReadonlyArray<Person>,
  userIds: Arr.NonEmptyReadonlyArray<string>
): Assignment => {
  const random = streamOf(seed, "trainingAssignment", index)
  const course = random.pick(courses)
  const learner = random.pick(drivers)
  const status = random.weighted([[4, "notStarted"], [3, "inProgress"], [5, "completed"]] as const)
  const createdAt = between(random, "2025-01-01T00:00:00Z", "2025-09-30T00:00:00Z")
  const createdById = random.pick(userIds)
  const dueAt = random.chance(0.7) ? createdAt + random.int(7, 60) * day : undefined
  const startedAt = status === "notStarted" ? undefined : createdAt + random.int(1, 20 * 24) * 3_600_000
  const completedAt = startedAt !== undefined && status === "completed"
    ? startedAt + random.int(10, 6 * 24 * 60) * 60_000
    : undefined
  const minutes = course.estimatedTimeToCompleteMinutes
  return {
    id: random.uuid(),
    course: { id: course.id, revisionId: course.revisionId },
    learner: { id: learner.id, type: "driver" },
    status,
    durationMinutes: status === "completed"
      ? random.int(Math.ceil(minutes * 0.7), Math.ceil(minutes * 1.5))
      : status === "inProgress"
      ? random.int(1, minutes)
      : 0,
    createdAt,
    createdById,
    ...(startedAt === undefined ? {} : { startedAt }),
    ...(completedAt === undefined ? {} : { completedAt, scorePercent: random.decimal(60, 100, 1) }),
    ...(dueAt === undefined ? {} : { dueAt }),
    updatedAt: completedAt ?? startedAt ?? createdAt,
    updatedById: status === "notStarted" ? createdById : learner.id
  }
}

export interface Dataset {
  readonly seed: number
  readonly sizes: Sizes
  /** The user whose token the stand-in accepts, named as the updater of patched assignments. */
  readonly apiUserId: string
  /** Region tags first, each followed by its depot tags. */
  readonly tags: ReadonlyArray<Tag>
  /** Each vehicle's tag by vehicle id: media carry a vehicle id, and filter by its tag. */
  readonly vehicleTags: () => ReadonlyMap<string, string>
  readonly drivers: () => ReadonlyArray<Person>
  readonly vehicles: () => ReadonlyArray<Person>
  readonly courses: () => ReadonlyArray<Course>
  readonly formTemplates: () => ReadonlyArray<ReturnType<typeof formTemplateAt>>
  readonly media: () => ReadonlyArray<Media>
  readonly reports: () => ReadonlyArray<Report>
  /** The template a report was generated from, and so the dataset its config reads. */
  readonly templateOf: (report: Report) => number
  readonly reportDatasets: ReadonlyArray<ReportDataset>
  readonly pastRuns: () => ReadonlyArray<Run>
  readonly assignments: () => ReadonlyArray<Assignment>
}

export const makeDataset = (seed: number, sizes: Sizes, mediaCapturedBefore: number): Dataset => {
  const organisation = streamOf(seed, "organisation")
  const apiUserId = organisation.digits(6)
  const userIds: Arr.NonEmptyReadonlyArray<string> = [apiUserId, ...times(4, () => organisation.digits(6))]
  const categories = courseCategories.map((name, index) => ({ id: streamOf(seed, "category", index).uuid(), name }))
  const tags = tagsOf(seed)
  const drivers = lazy(() =>
    times(sizes.drivers, (index) => {
      const random = streamOf(seed, "driver", index)
      return {
        id: random.digits(8),
        name: `${random.pick(firstNames)} ${random.pick(lastNames)}`,
        tagId: random.pick(tags.depots).id
      }
    })
  )
  const vehicles = lazy(() =>
    times(sizes.vehicles, (index) => {
      const random = streamOf(seed, "vehicle", index)
      return {
        id: random.digits(15),
        name: `${random.pick(vehicleModels)} (Unit ${101 + index})`,
        tagId: random.pick(tags.depots).id
      }
    })
  )
  const courses = lazy(() => times(sizes.trainingCourses, (index) => courseAt(seed, index, categories)))
  const reports = lazy(() => times(sizes.customReports, (index) => reportAt(seed, index)))
  return {
    seed,
    sizes,
    apiUserId,
    tags: tags.all,
    vehicleTags: lazy(() => new Map(vehicles().map((vehicle) => [vehicle.id, vehicle.tagId]))),
    drivers,
    vehicles,
    courses,
    formTemplates: lazy(() => times(sizes.formTemplates, (index) => formTemplateAt(seed, index, userIds))),
    media: lazy(() => {
      const fleet = vehicles()
      return Arr.isNonEmptyReadonlyArray(fleet)
        ? times(sizes.uploadedMedia, (index) => mediaAt(seed, index, fleet, mediaCapturedBefore)).sort((left, right) =>
          left.startTime.localeCompare(right.startTime)
        )
        : []
    }),
    reports,
    templateOf: (report) => templateIndex(Math.max(0, reports().indexOf(report))),
    reportDatasets,
    pastRuns: lazy(() =>
      reports().flatMap((report, index) => pastRunsOf(seed, report, index)).sort((left, right) =>
        left.createdAt - right.createdAt
      )
    ),
    assignments: lazy(() => {
      const allCourses = courses()
      const allDrivers = drivers()
      return Arr.isNonEmptyReadonlyArray(allCourses) && Arr.isNonEmptyReadonlyArray(allDrivers)
        ? times(sizes.trainingAssignments, (index) => assignmentAt(seed, index, allCourses, allDrivers, userIds))
        : []
    })
  }
}

/** The wire form of an assignment; whether it is overdue or was completed late depends on `now`. */
export const assignmentJson = (assignment: Assignment, now: number) => {
  const { completedAt, createdAt, dueAt, startedAt, updatedAt, ...fields } = assignment
  return {
    id: fields.id,
    course: fields.course,
    learner: fields.learner,
    status: fields.status,
    durationMinutes: fields.durationMinutes,
    createdAtTime: formatTime(createdAt),
    createdById: fields.createdById,
    ...(startedAt === undefined ? {} : { startedAtTime: formatTime(startedAt) }),
    ...(completedAt === undefined ? {} : { completedAtTime: formatTime(completedAt) }),
    ...(fields.scorePercent === undefined ? {} : { scorePercent: fields.scorePercent }),
    ...(dueAt === undefined ? {} : { dueAtTime: formatTime(dueAt) }),
    ...(dueAt === undefined
      ? {}
      : completedAt === undefined
      ? { isOverdue: dueAt < now }
      : { isCompletedLate: completedAt > dueAt }),
    updatedAtTime: formatTime(updatedAt),
    updatedById: fields.updatedById
  }
}

/**
 * Driver efficiency of one driver or vehicle over a window: repeatable for the same window, different for others.
 * Every figure is drawn whatever `formats` asks for, so adding a format never changes the others.
 */
export const efficiencyOf = (
  seed: number,
  subject: string,
  window: { readonly start: number; readonly end: number },
  formats: ReadonlySet<string>
) => {
  const random = streamOf(seed, "efficiency", subject, window.start, window.end)
  const hours = (window.end - window.start) / 3_600_000
  const driveTime = Math.round(hours * random.decimal(0.12, 0.42, 4) * 3_600_000)
  const engineOn = Math.round(driveTime * random.decimal(1.05, 1.45, 4))
  const brakeEvents = random.int(10, 40) * Math.ceil(hours / 24)
  const shareOfDriving = (min: number, max: number) => Math.round(driveTime * random.decimal(min, max, 4))
  const raw = {
    driveTimeDurationMs: driveTime,
    engineOnDurationMs: engineOn,
    idlingDurationMs: engineOn - driveTime,
    totalBrakeDurationMs: shareOfDriving(0.02, 0.08),
    totalBrakeEventCount: brakeEvents,
    anticipationBrakeEventCount: Math.round(brakeEvents * random.decimal(0.1, 0.6, 2)),
    coastingDurationMs: shareOfDriving(0.02, 0.2),
    cruiseControlDurationMs: shareOfDriving(0, 0.5),
    greenBandDurationMs: shareOfDriving(0.3, 0.8),
    highGradeRoadDrivingDurationMs: shareOfDriving(0, 0.15),
    highTorqueDurationMs: shareOfDriving(0, 0.2),
    overSpeedDurationMs: shareOfDriving(0, 0.1),
    wearFreeBrakeDurationMs: 0,
    averageVehicleWeightKg: random.int(4_000, 36_000)
  }
  raw.wearFreeBrakeDurationMs = Math.round(raw.totalBrakeDurationMs * random.decimal(0.1, 0.7, 2))
  const percent = (part: number, whole: number) => whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10
  const percentages = {
    idlingPercentage: percent(raw.idlingDurationMs, engineOn),
    anticipationPercentage: percent(raw.anticipationBrakeEventCount, brakeEvents),
    coastingPercentage: percent(raw.coastingDurationMs, driveTime),
    cruiseControlPercentage: percent(raw.cruiseControlDurationMs, driveTime),
    greenBandPercentage: percent(raw.greenBandDurationMs, driveTime),
    highGradeRoadDrivingPercentage: percent(raw.highGradeRoadDrivingDurationMs, driveTime),
    highTorquePercentage: percent(raw.highTorqueDurationMs, driveTime),
    overSpeedPercentage: percent(raw.overSpeedDurationMs, driveTime),
    wearFreeBrakePercentage: percent(raw.wearFreeBrakeDurationMs, raw.totalBrakeDurationMs)
  }
  // Higher shares of good habits score higher; the noise keeps drivers with similar shares apart.
  const score = (share: number, good: boolean) =>
    String(Math.max(0, Math.min(100, Math.round((good ? share : 100 - share) * 0.6 + 40 + random.int(-8, 8)))))
  const scores = {
    anticipationScore: score(percentages.anticipationPercentage, true),
    coastingScore: score(percentages.coastingPercentage * 3, true),
    cruiseControlScore: score(percentages.cruiseControlPercentage * 2, true),
    greenBandScore: score(percentages.greenBandPercentage, true),
    highTorqueScore: score(percentages.highTorquePercentage * 4, false),
    idlingScore: score(percentages.idlingPercentage * 2, false),
    overSpeedScore: score(percentages.overSpeedPercentage * 8, false),
    wearFreeBrakeScore: score(percentages.wearFreeBrakePercentage, true)
  }
  const overall = Math.round(
    Object.values(scores).reduce((sum, value) => sum + Number(value), 0) / Object.keys(scores).length
  )
  const difficulty = random.chance(0.9)
    ? {
      overallScore: String(random.int(1, 5)),
      topographyScore: String(random.int(1, 5)),
      vehicleWeightScore: String(Math.min(5, 1 + Math.floor(raw.averageVehicleWeightKg / 8_000)))
    }
    : undefined
  return {
    ...(difficulty === undefined ? {} : { difficultyScore: difficulty }),
    ...(formats.has("score") ? { scoreData: { overallScore: String(overall), ...scores } } : {}),
    ...(formats.has("raw") ? { rawData: raw } : {}),
    ...(formats.has("percentage") ? { percentageData: percentages } : {})
  }
}

const cellOf = (
  template: ColumnTemplate,
  random: Random,
  row: number,
  run: Run,
  fleet: { readonly drivers: ReadonlyArray<Person>; readonly vehicles: ReadonlyArray<Person> }
): string | number | undefined => {
  const nameAt = (people: ReadonlyArray<Person>, fallback: string) =>
    people[row % Math.max(1, people.length)]?.name ?? `${fallback} ${row + 1}`
  switch (template.cell._tag) {
    case "Vehicle":
      return nameAt(fleet.vehicles, "Vehicle")
    case "Driver":
      return nameAt(fleet.drivers, "Driver")
    case "Date": {
      const days = Math.max(1, Math.ceil((run.endMillis - run.startMillis) / day))
      return formatTime(run.startMillis + (row % days) * day).slice(0, 10)
    }
    case "Number":
      return random.decimal(template.cell.min, template.cell.max, template.cell.decimals)
    case "Quotient":
      return undefined
  }
}

/**
 * Rows `[start, end)` of a completed run: a cell per column the run holds, strings and numbers as the column types
 * say. Every cell of the template is drawn whichever columns the run holds, so a dataset's field has the same
 * values in a run of all of them as in a run of a few.
 */
export const rowsOf = (
  dataset: Dataset,
  run: Run,
  start: number,
  end: number
): ReadonlyArray<ReadonlyArray<unknown>> => {
  const template = reportTemplates[run.template] ?? reportTemplates[0]
  const fleet = { drivers: dataset.drivers(), vehicles: dataset.vehicles() }
  return times(end - start, (offset) => {
    const row = start + offset
    const random = streamOf(dataset.seed, "row", run.id, row)
    const cells = template.columns.map((column) => cellOf(column, random, row, run, fleet))
    const values = template.columns.map((column, index) => {
      if (column.cell._tag !== "Quotient") return cells[index]
      const numerator = Number(cells[column.cell.numerator])
      const denominator = Number(cells[column.cell.denominator])
      const scale = 10 ** column.cell.decimals
      return denominator === 0 ? 0 : Math.round((numerator / denominator) * scale) / scale
    })
    return run.columns.map((index) => values[index])
  })
}
