/**
 * The span of a call: `Samsara.<operationId>`, its attributes and events (the span itself is made by `inSpan`, in
 * `twins.ts`). Metrics are in `metrics.ts`.
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import type * as Tracer from "effect/Tracer"

/**
 * Adds a timestamped event to `span`. The time is read in milliseconds: `TestClock` cannot give nanoseconds once
 * jittered waits have moved it by a fraction of a millisecond.
 */
export const spanEvent = (span: Tracer.Span, name: string, attributes: Record<string, unknown>) =>
  Effect.map(Clock.currentTimeMillis, (now) => span.event(name, BigInt(Math.round(now)) * 1_000_000n, attributes))
