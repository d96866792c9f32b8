/**
 * effect-samsara as an application would run it: the services over `SamsaraClient.layer` and
 * `NodeHttpClient.layerUndici`, retries and client-side pacing off (the loopback server has no limits to respect),
 * every response decoded by its schema.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { Effect, Layer, ManagedRuntime, Redacted, Schedule, Stream } from "effect"
import { CustomReports, SamsaraClient, TrainingCourses } from "effect-samsara"
import { type Client, concurrentlyEffect, type Urls } from "./client.js"

const runtimeFor = (baseUrl: string) =>
  ManagedRuntime.make(
    Layer.mergeAll(TrainingCourses.layer, CustomReports.layer).pipe(
      Layer.provide(
        SamsaraClient.layer({ token: Redacted.make("bench"), baseUrl, retry: Schedule.recurs(0), rateLimit: false })
      ),
      Layer.provide(NodeHttpClient.layerUndici)
    )
  )

export const make = (urls: Urls): Client => {
  const courses = runtimeFor(urls.coursesUrl)
  const heavy = runtimeFor(urls.heavyUrl)
  const walk = Effect.flatMap(TrainingCourses, (service) => Stream.runCount(service.streamTrainingCourses()))
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
