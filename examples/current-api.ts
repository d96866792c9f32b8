/**
 * Example: Samsara's current API (`effect-samsara/ga`). `Api.layer` provides its six services on one client, a
 * `stream*` method pulls every page, `runReport` creates a run, waits for it and streams its rows as records keyed
 * by column, and a refused call is a tagged error to catch.
 *
 * Run: `npx tsx examples/current-api.ts` (against the bundled stand-in).
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { Chunk, Console, Effect, Layer, Option, Schedule, Stream } from "effect"
import { Api, Reports, TrainingCourses } from "effect-samsara/ga"
import { layerClient } from "effect-samsara/testing"

const program = Effect.gen(function*() {
  // Every published course, page after page as the stream is pulled.
  const courses = yield* TrainingCourses
  const published = yield* Stream.runCount(courses.streamTrainingCourses({ status: ["published"] }))
  yield* Console.log(`published courses: ${published}`)

  // A report end to end: a run of a saved config, checked every half second for at most a minute.
  const reports = yield* Reports
  const [config] = (yield* reports.getReportConfigs({ limit: 1 })).data
  if (config === undefined) return yield* Console.log("no report configs")
  const rows = yield* Stream.runCollect(
    reports.runReport({ reportConfig: { id: config.id } }, {
      poll: Schedule.spaced("500 millis"),
      deadline: "1 minute"
    })
  )
  yield* Console.log(
    `"${config.name}": ${rows.length} rows; the first: ${JSON.stringify(Chunk.head(rows).pipe(Option.getOrNull))}`
  )

  // A run Samsara does not know is a 404, the tagged error NotFound, which names the request to quote to support.
  const answer = yield* reports.getReportRunData({ id: "no-such-run" }).pipe(
    Effect.as("found"),
    Effect.catchTag(
      "NotFound",
      (error) =>
        Effect.succeed(
          `NotFound from ${error.operation} (request id ${Option.getOrElse(error.requestId, () => "none")})`
        )
    )
  )
  yield* Console.log(`run data of no-such-run: ${answer}`)
})

program.pipe(
  Effect.provide(Api.layer.pipe(Layer.provideMerge(layerClient({ runDuration: "1 second" })))),
  NodeRuntime.runMain
)
