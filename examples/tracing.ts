/**
 * Example: tracing with OpenTelemetry. Every call is a span named `Samsara.<operationId>` with the operation,
 * method, path template, status, attempts, Samsara's request id and the time spent waiting for the rate limiter;
 * each retry and throttle wait is a span event. Here the spans print to the console.
 *
 * Run: `npx tsx examples/tracing.ts` (against the bundled stand-in, with one injected 503 to show a retry).
 */
import * as NodeSdk from "@effect/opentelemetry/NodeSdk"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { ConsoleSpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base"
import { Effect, Layer, Schedule } from "effect"
import { TrainingCourses } from "effect-samsara"
import { Fault, layerClient, StandIn } from "effect-samsara/testing"

const program = Effect.gen(function*() {
  const standIn = yield* StandIn
  yield* standIn.inject({ operation: "getTrainingCourses", times: 1, fault: Fault.status(503) })
  const courses = yield* TrainingCourses
  const page = yield* courses.getTrainingCourses({ status: ["published"] })
  yield* Effect.log(`${page.data.length} courses on the first page`)
}).pipe(Effect.withSpan("nightly-sync"))

// Spans go to any OpenTelemetry exporter; the console one keeps the example self-contained.
const Tracing = NodeSdk.layer(() => ({
  resource: { serviceName: "fleet-sync" },
  spanProcessor: new SimpleSpanProcessor(new ConsoleSpanExporter())
}))

const Samsara = TrainingCourses.layer.pipe(
  Layer.provideMerge(layerClient({ client: { rateLimit: {}, retry: Schedule.spaced("100 millis") } }))
)

program.pipe(Effect.provide(Layer.merge(Samsara, Tracing)), NodeRuntime.runMain)
