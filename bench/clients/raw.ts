/**
 * The floor: `undici.request` and `JSON.parse`, following the cursor by hand, no validation.
 */
import { request } from "undici"
import { type Client, concurrently, rowCount, type Urls } from "./client.js"

interface CoursePage {
  readonly data: ReadonlyArray<unknown>
  readonly pagination: { readonly endCursor: string; readonly hasNextPage: boolean }
}

const headers = { authorization: "Bearer bench", accept: "application/json" }

const getJson = async (url: string): Promise<unknown> => {
  const response = await request(url, { headers })
  const text = await response.body.text()
  if (response.statusCode !== 200) throw new Error(`${response.statusCode}: ${text}`)
  return JSON.parse(text)
}

const isCoursePage = (body: unknown): body is CoursePage =>
  typeof body === "object" && body !== null && "data" in body && "pagination" in body

export const make = (urls: Urls): Client => {
  const courses = async () => {
    let count = 0
    let after = ""
    for (;;) {
      const query = after === "" ? "" : `?after=${encodeURIComponent(after)}`
      const page = await getJson(`${urls.coursesUrl}/preview/training-courses${query}`)
      if (!isCoursePage(page)) throw new Error("not a course page")
      count += page.data.length
      if (!page.pagination.hasNextPage || page.pagination.endCursor === "") return count
      after = page.pagination.endCursor
    }
  }
  return {
    courses,
    coursesConcurrently: (callers) => concurrently(courses, callers),
    runData: async () => {
      return rowCount(await getJson(`${urls.heavyUrl}/preview/custom-reports/runs/data?id=bench-run`))
    },
    close: async () => {}
  }
}
