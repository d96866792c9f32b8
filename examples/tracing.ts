/**
 * Example: tracing with OpenTelemetry. Every call is a span named `Samsara.<operationId>` with the operation,
 * method, path template, status, attempts, Samsara's request id and the time spent waiting for the rate limiter;
 * each retry and throttle wait is a span event. Here the spans are kept in memory and printed at the end.
 *
 * Run: `npx tsx examples/tracing.ts` (against the bundled stand-in, with one injected 503 to show a retry).
 */
import * as NodeSdk from "@effect/opentelemetry/NodeSdk"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base"
import { Console, Duration, Effect, Layer, Schedule } from "effect"
import { TrainingCourses } from "effect-samsara"
import { Fault, layerClient, StandIn } from "effect-samsara/testing"

const program = Effect.gen(function*() {
  const standIn = yield* StandIn
  yield* standIn.inject({ operation: "getTrainingCourses", times: 1, fault: Fault.status(503) })
  const courses = yield* TrainingCourses
  const page = yield* courses.getTrainingCourses({ status: ["published"] })
  yield* Effect.log(`${page.data.length} courses on the first page`)
}).pipe(Effect.withSpan("nightly-sync"))

// Spans go to any OpenTelemetry exporter (OTLP in production); an in-memory one keeps the example self-contained.
const exporter = new InMemorySpanExporter()
const Tracing = NodeSdk.layer(() => ({
  resource: { serviceName: "fleet-sync" },
  spanProcessor: new SimpleSpanProcessor(exporter)
}))

// OpenTelemetry times are `[seconds, nanoseconds]` pairs, which `Duration` reads; shown to the millisecond.
const millis = (time: Duration.DurationInput) => Duration.format(Duration.millis(Math.round(Duration.toMillis(time))))
const line = (indent: string, head: string, attributes: ReadableSpan["attributes"] = {}) =>
  [indent + head, ...Object.entries(attributes).map(([key, value]) => `${key}=${String(value)}`)].join(" ")

// One line per span (name, duration, attributes) and per event (its time since the span began), in start order.
const printSpans = Effect.suspend(() => {
  const spans = exporter.getFinishedSpans().toSorted((a, b) =>
    Duration.toMillis(a.startTime) - Duration.toMillis(b.startTime)
  )
  const lines = spans.flatMap((span) => {
    const indent = span.parentSpanContext === undefined ? "" : "  "
    const since = (time: Duration.DurationInput) => millis(Duration.toMillis(time) - Duration.toMillis(span.startTime))
    return [
      line(indent, `${span.name} ${millis(span.duration)}`, span.attributes),
      ...span.events.map((event) => line(`${indent}  `, `+${since(event.time)} ${event.name}`, event.attributes))
    ]
  })
  return Console.log(lines.join("\n"))
})

const Samsara = TrainingCourses.layer.pipe(
  Layer.provideMerge(layerClient({ client: { rateLimit: {}, retry: Schedule.spaced("100 millis") } }))
)

program.pipe(Effect.zipRight(printSpans), Effect.provide(Layer.merge(Samsara, Tracing)), NodeRuntime.runMain)
