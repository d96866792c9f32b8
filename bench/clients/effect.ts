/**
 * effect-samsara as an application would run it: the services over `SamsaraClient.layer` and
 * `effect-samsara/node`'s transport (or, to measure that transport, `NodeHttpClient.layerUndici`), retries and
 * client-side pacing off (the loopback server has no limits to respect), every response decoded by its schema.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { Effect, Layer, ManagedRuntime, Redacted, Schedule, Stream } from "effect"
import { CustomReports, SamsaraClient, TrainingCourses } from "effect-samsara"
import * as NodeSamsara from "effect-samsara/node"
import { type Client, concurrentlyEffect, type Urls } from "./client.js"

const runtimeFor = (baseUrl: string, transport: "node" | "platform") =>
  ManagedRuntime.make(
    Layer.mergeAll(TrainingCourses.layer, CustomReports.layer).pipe(
      Layer.provide(
        SamsaraClient.layer({ token: Redacted.make("bench"), baseUrl, retry: Schedule.recurs(0), rateLimit: false })
      ),
      Layer.provide(transport === "node" ? NodeSamsara.layerHttpClient : NodeHttpClient.layerUndici)
    )
  )

/** Every course, through `streamTrainingCourses`, or by calling `getTrainingCourses` with each page's cursor. */
export const walkWith = (style: "stream" | "loop") =>
  Effect.flatMap(
    TrainingCourses,
    (service) =>
      style === "stream" ? Stream.runCount(service.streamTrainingCourses()) : Effect.gen(function*() {
        let count = 0
        let after: string | undefined
        for (;;) {
          const page = yield* service.getTrainingCourses(after === undefined ? {} : { after })
          count += page.data.length
          if (!page.pagination.hasNextPage || page.pagination.endCursor === "") return count
          after = page.pagination.endCursor
        }
      })
  )

export const make = (
  urls: Urls,
  style: "stream" | "loop" = "stream",
  transport: "node" | "platform" = "node"
): Client => {
  const courses = runtimeFor(urls.coursesUrl, transport)
  const heavy = runtimeFor(urls.heavyUrl, transport)
  const walk = walkWith(style)
  return {
    courses: () => courses.runPromise(walk),
    coursesConcurrently: (callers) => courses.runPromise(concurrentlyEffect(walk, callers)),
    runData: () =>
      heavy.runPromise(
        Effect.flatMap(CustomReports, (service) =>
          Effect.map(service.getCustomReportRunData({ id: "bench-run" }), (page) => page.data.rows.length))
      ),
    close: async () => {
      await courses.dispose()
      await heavy.dispose()
    }
  }
}
