/**
 * Example: pages as a `Stream`. `Stream.runCollect` pulls every page, `Stream.take` only the pages it needs, and
 * a saved cursor resumes a stream where an earlier run stopped.
 *
 * Run: `npx tsx examples/streaming.ts` (against the bundled stand-in).
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { Chunk, Console, Effect, Layer, Stream } from "effect"
import { PreviewApis, TrainingCourses } from "effect-samsara"
import { layerClient, StandIn } from "effect-samsara/testing"

const program = Effect.gen(function*() {
  const courses = yield* TrainingCourses

  // Every course, page after page, into one Chunk.
  const all = yield* Stream.runCollect(courses.streamTrainingCourses())
  yield* Console.log(`all courses: ${all.length}`)

  // Only what is needed: taking 5 fetches just the first page.
  const firstFive = yield* Stream.runCollect(Stream.take(courses.streamTrainingCourses(), 5))
  yield* Console.log(`first five: ${Chunk.join(Chunk.map(firstFive, (course) => course.title), "; ")}`)

  // Resuming: fetch one page, keep its cursor (in a database, say), and later stream from there.
  const firstPage = yield* courses.getTrainingCourses()
  const savedCursor = firstPage.pagination.endCursor
  const rest = yield* Stream.runCount(courses.streamTrainingCourses({ after: savedCursor }))
  yield* Console.log(`after the saved cursor: ${rest} more (${firstPage.data.length + rest} in all)`)

  const requests = yield* Effect.flatMap(StandIn, (standIn) => standIn.received)
  yield* Console.log(`requests sent: ${requests.length}`)
})

program.pipe(Effect.provide(PreviewApis.layer.pipe(Layer.provideMerge(layerClient()))), NodeRuntime.runMain)
