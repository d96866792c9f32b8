/**
 * Example: composing effects in an Effect application. Several services in one program, `Effect.all` and
 * `Effect.forEach` with bounded concurrency, `Effect.catchTag` per status, and a custom retry `Schedule`.
 *
 * Run: `npx tsx examples/compose.ts` (against the bundled stand-in; see the end of the file for the real API).
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { Console, DateTime, Effect, Layer, Schedule } from "effect"
import { Forms, PreviewApis, TrainingAssignments, TrainingCourses } from "effect-samsara"
import { layerClient, StandIn } from "effect-samsara/testing"

const program = Effect.gen(function*() {
  const courses = yield* TrainingCourses
  const forms = yield* Forms
  const assignments = yield* TrainingAssignments

  // Two independent first pages at once.
  const { coursePage, templatePage } = yield* Effect.all({
    coursePage: courses.getTrainingCourses({ status: ["published"] }),
    templatePage: forms.getFormTemplates()
  }, { concurrency: 2 })
  yield* Console.log(
    `${coursePage.data.length} published courses and ${templatePage.data.length} templates on page one`
  )

  // One call per template, at most four in flight. One template's 404 or exhausted 429 retries count as zero
  // fields instead of failing the whole batch; any other failure still fails it.
  const fieldCounts = yield* Effect.forEach(
    templatePage.data.slice(0, 12),
    (template) =>
      forms.getFormTemplates({ ids: [template.id] }).pipe(
        Effect.map((page) => page.data[0]?.fields.length ?? 0),
        Effect.catchTags({
          NotFound: () => Effect.succeed(0),
          TooManyRequests: (error) => Effect.as(Effect.logWarning(error.message), 0)
        })
      ),
    { concurrency: 4 }
  )
  yield* Console.log(`fields in the first 12 templates: ${fieldCounts.join(", ")}`)

  // A write with its own retry policy: three quick retries, and a clear message if the token lacks the scope.
  const ids = (yield* StandIn.pipe(Effect.flatMap((standIn) => standIn.trainingAssignmentIds))).slice(0, 3)
  const updated = yield* assignments.patchTrainingAssignments(
    { ids, dueAtTime: new Date(Date.UTC(2026, 11, 31)) },
    { retry: Schedule.spaced("200 millis").pipe(Schedule.intersect(Schedule.recurs(3))) }
  ).pipe(
    Effect.catchTag("Unauthorized", (error) => Effect.dieMessage(error.message))
  )
  const dueAt = updated.data[0]?.dueAtTime
  yield* Console.log(`moved ${updated.data.length} assignments; due ${dueAt ? DateTime.formatIso(dueAt) : "-"}`)
})

// The client-wide policy for every idempotent call: backoff from 100 ms, jittered, at most six retries.
const retry = Schedule.exponential("100 millis").pipe(Schedule.jittered, Schedule.intersect(Schedule.recurs(6)))

// Here the services run on the bundled stand-in (in memory, with its token). Against Samsara, provide
// `NodeSamsara.layerConfig({ retry })` from "effect-samsara/node" instead and drop the StandIn lookup above.
const SamsaraLive = PreviewApis.layer.pipe(Layer.provideMerge(layerClient({ client: { retry } })))

program.pipe(Effect.provide(SamsaraLive), NodeRuntime.runMain)
