/**
 * Example: a custom report end to end with `runCustomReport`: queue a run, wait for it on a `Schedule` with a
 * deadline, and stream its rows as records keyed by column. A run that fails or overruns is a tagged error.
 *
 * Run: `npx tsx examples/custom-report.ts` (against the bundled stand-in).
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { Console, Duration, Effect, Layer, Schedule, Stream } from "effect"
import { CustomReports, PreviewApis } from "effect-samsara"
import { layerClient } from "effect-samsara/testing"

const program = Effect.gen(function*() {
  const reports = yield* CustomReports
  const [config] = (yield* reports.getCustomReportConfigs({ limit: 1 })).data
  if (config === undefined) return yield* Console.log("no custom reports configured")

  const totals = yield* reports.runCustomReport(
    { customReportId: config.id, startTime: "2025-06-01T00:00:00Z", endTime: "2025-06-08T00:00:00Z" },
    { poll: Schedule.spaced("500 millis"), deadline: "1 minute" }
  ).pipe(
    Stream.runFold({ fuel: 0, idle: Duration.zero }, (total, row) => ({
      fuel: total.fuel + numberIn(row["Fuel Used"]),
      // The column's unit is milliseconds (see `config.columns`); as a Duration it prints with units.
      idle: Duration.sum(total.idle, Duration.millis(numberIn(row["Idle Time"])))
    })),
    Effect.catchTags({
      CustomReportRunFailed: (error) => Effect.dieMessage(`the run ended ${error.status}`),
      CustomReportRunTimedOut: (error) => Effect.dieMessage(error.message)
    })
  )
  const fuelUnit = config.columns.find((column) => column.displayName === "Fuel Used")?.unit ?? ""
  yield* Console.log(`"${config.reportName}": ${totals.fuel.toFixed(1)} ${fuelUnit} of fuel used in all`)
  yield* Console.log(`idling in all: ${Duration.format(totals.idle)}`)
})

// Report cells are `unknown` until checked; anything but a number counts as zero here.
const numberIn = (cell: unknown): number => (typeof cell === "number" ? cell : 0)

program.pipe(
  Effect.provide(PreviewApis.layer.pipe(Layer.provideMerge(layerClient({ runDuration: "2 seconds" })))),
  NodeRuntime.runMain
)
