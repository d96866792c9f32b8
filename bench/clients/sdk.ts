/**
 * The official `@samsarahq/samsara` SDK. It has no pager for training courses (and only the GA
 * `/training-courses` path), so the cursor is followed by hand; it does not validate responses. It has no
 * custom-report run-data method at all, so `runData` sends its training-courses call to the heavy route: the
 * same fetch, JSON parse and response handling over the same bytes.
 */
import { SamsaraClient } from "@samsarahq/samsara"
import { type Client, concurrently, rowCount, type Urls } from "./client.js"

export const make = (urls: Urls): Client => {
  const options = { token: "bench", maxRetries: 0 }
  const client = new SamsaraClient({ ...options, baseUrl: urls.coursesUrl })
  const heavyClient = new SamsaraClient({ ...options, baseUrl: urls.heavyUrl })
  const courses = async () => {
    let count = 0
    let after: string | undefined
    for (;;) {
      const page = await client.trainingCourses.getTrainingCourses(after === undefined ? {} : { after })
      count += page.data.length
      if (!page.pagination.hasNextPage || page.pagination.endCursor === "") return count
      after = page.pagination.endCursor
    }
  }
  return {
    courses,
    coursesConcurrently: (callers) => concurrently(courses, callers),
    runData: async () => rowCount(await heavyClient.trainingCourses.getTrainingCourses()),
    close: async () => {}
  }
}
