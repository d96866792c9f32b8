/**
 * The response bodies the bench serves and decodes: training-course pages taken from the stand-in's generated
 * organisation (realistic and valid by construction), and one heavy custom-report run-data page.
 */
import { Effect, Schema } from "effect"
import * as Fs from "node:fs/promises"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"

/** How many distinct course pages are generated; page k serves data k modulo this. */
export const distinctCoursePages = 10

const StandInPage = Schema.parseJson(Schema.Struct({
  data: Schema.Array(Schema.Unknown),
  pagination: Schema.Struct({ endCursor: Schema.String, hasNextPage: Schema.Boolean })
}))

/** The `data` array of each distinct page of 100 courses, as JSON text, from the stand-in. */
const generateCourseData = async (): Promise<ReadonlyArray<string>> => {
  const { StandIn } = await import("effect-samsara/testing")
  return Effect.gen(function*() {
    const standIn = yield* StandIn
    const pages: Array<string> = []
    let after = ""
    while (pages.length < distinctCoursePages) {
      const query = after === "" ? "" : `?after=${encodeURIComponent(after)}`
      const answer = yield* standIn.handle({
        method: "GET",
        url: new URL(`http://standin.local/preview/training-courses${query}`),
        headers: { authorization: "Bearer standin-token" },
        body: ""
      })
      if (answer._tag !== "Reply" || answer.status !== 200) return yield* Effect.dieMessage("stand-in refused")
      const page = yield* Schema.decodeUnknown(StandInPage)(answer.body)
      pages.push(JSON.stringify(page.data))
      after = page.pagination.endCursor
    }
    return pages
  }).pipe(
    Effect.provide(StandIn.layer({
      rateLimits: false,
      pageSize: 100,
      sizes: { trainingCourses: distinctCoursePages * 100 }
    })),
    Effect.runPromise
  )
}

const cacheFile = Path.join(Path.dirname(fileURLToPath(import.meta.url)), ".cache", "course-data.json")
const CachedCourseData = Schema.parseJson(Schema.Array(Schema.String))

/**
 * The course pages, generated once and kept in `bench/.cache/course-data.json` (delete it to generate them
 * again): every bench process serves or decodes the same bytes, and a stand-in under edit does not stop a run.
 */
export const courseData = async (): Promise<ReadonlyArray<string>> => {
  const cached = await Fs.readFile(cacheFile, "utf8").then(
    (text) => Schema.decodeUnknownSync(CachedCourseData)(text),
    () => undefined
  )
  if (cached !== undefined) return cached
  const data = await generateCourseData()
  await Fs.mkdir(Path.dirname(cacheFile), { recursive: true })
  await Fs.writeFile(cacheFile, JSON.stringify(data))
  return data
}

/** A whole course page as the server sends it: page `index` (from 0) of `total`. */
export const coursePageBody = (data: ReadonlyArray<string>, index: number, total: number): string => {
  const more = index + 1 < total
  const items = data[index % data.length] ?? "[]"
  return `{"data":${items},"pagination":{"endCursor":"${more ? `c${index + 1}` : ""}","hasNextPage":${more}}}`
}

const units = [
  ["numeric", "miles", "mile"],
  ["numeric", "gallons", "gallon"],
  ["numeric", "milesPerHour", "miperhr"],
  ["numeric", "kilowattHours", "kilowatthour"],
  ["numeric", "degreesCelsius", "celsius"]
] as const

/** One custom-report run-data page of `rows` × `columns` cells: text, times and numbers-as-strings. */
export const runDataBody = (rows: number, columns: number): string => {
  const columnList = Array.from({ length: columns }, (_, index) => {
    const unit = units[index % units.length]
    return index % 2 === 0 || unit === undefined
      ? { displayName: `Text column ${index + 1}`, type: "string" }
      : { displayName: `Measure ${index + 1}`, type: unit[0], unit: unit[1], baseUnit: unit[2] }
  })
  let state = 7
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648
    return state
  }
  const cell = (row: number, column: number): string => {
    if (column === 0) return `Driver ${next() % 5000}`
    if (column === 2) return new Date(Date.UTC(2025, 5, 1) + row * 60_000).toISOString()
    if (column % 2 === 0) return `Vehicle ${next() % 900} / ${String.fromCharCode(65 + (next() % 26))}`
    return (next() % 100_000 / 100).toFixed(2)
  }
  const rowList = Array.from(
    { length: rows },
    (_, row) => Array.from({ length: columns }, (_, column) => cell(row, column))
  )
  return JSON.stringify({
    data: { columns: columnList, rows: rowList },
    pagination: { endCursor: "", hasNextPage: false }
  })
}
