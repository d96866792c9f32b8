/**
 * Example: a custom report end to end with `runCustomReport`: queue a run, wait for it on a `Schedule` with a
 * deadline, and stream its rows as records keyed by column. A run that fails or overruns is a tagged error.
 *
 * Run: `npx tsx examples/custom-report.ts` (against the bundled stand-in).
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { Console, Effect, Layer, Schedule, Stream } from "effect"
import { CustomReports, PreviewApis } from "effect-samsara"
import { layerClient } from "effect-samsara/testing"

const program = Effect.gen(function*() {
  const reports = yield* CustomReports
  const [config] = (yield* reports.getCustomReportConfigs({ limit: 1 })).data
  if (config === undefined) return yield* Console.log("no custom reports configured")

  const totalFuel = yield* reports.runCustomReport(
    { customReportId: config.id, startTime: "2025-06-01T00:00:00Z", endTime: "2025-06-08T00:00:00Z" },
    { poll: Schedule.spaced("500 millis"), deadline: "1 minute" }
  ).pipe(
    Stream.map((row) => row["Fuel Used"]),
    Stream.runFold(0, (total, litres) => total + (typeof litres === "number" ? litres : 0)),
    Effect.catchTags({
      CustomReportRunFailed: (error) => Effect.dieMessage(`the run ended ${error.status}`),
      CustomReportRunTimedOut: (error) => Effect.dieMessage(error.message)
    })
  )
  yield* Console.log(`"${config.reportName}": ${totalFuel.toFixed(1)} fuel used in all`)
})

program.pipe(
  Effect.provide(PreviewApis.layer.pipe(Layer.provideMerge(layerClient({ runDuration: "2 seconds" })))),
  NodeRuntime.runMain
)
