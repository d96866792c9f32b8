/**
 * The span of a call: `Samsara.<operationId>`, its attributes and events. Metrics are in `metrics.ts`.
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FiberRef from "effect/FiberRef"
import type * as Tracer from "effect/Tracer"

/**
 * Adds a timestamped event to `span`. The time is read in milliseconds: `TestClock` cannot give nanoseconds once
 * jittered waits have moved it by a fraction of a millisecond.
 */
export const spanEvent = (span: Tracer.Span, name: string, attributes: Record<string, unknown>) =>
  Effect.map(Clock.currentTimeMillis, (now) => span.event(name, BigInt(Math.round(now)) * 1_000_000n, attributes))

/**
 * `Effect.withSpan`, except that the span ends with `void` in place of the call's result. A span lives as long as
 * its call; under load it outlives young-generation collections and is promoted, and an old object that is handed
 * a young page keeps the whole page alive through every young collection until a full one. Ending the span with the
 * decoded page (or passing the page out through a variable captured when the call began, which ages the same way)
 * showed as garbage-collection time with many concurrent callers.
 */
export const inSpan = <A, E, R>(
  name: string,
  options: Tracer.SpanOptions,
  body: (span: Tracer.Span) => Effect.Effect<A, E, R>
): Effect.Effect<A, E, R> =>
  Effect.flatMap(
    Effect.makeSpan(name, options),
    (span) =>
      Effect.onExit(Effect.withParentSpan(body(span), span), (exit) =>
        // As `Effect.useSpan` ends a span: at the clock's time, or at 0 when span timing is off. The clock is read
        // as `useSpan` reads it; `TestClock`'s `currentTimeNanos` fails once a jittered wait leaves a fraction of a
        // millisecond.
        Effect.flatMap(FiberRef.get(FiberRef.currentTracerTimingEnabled), (timed) =>
          Effect.clockWith((clock) =>
            Effect.sync(() => span.end(timed ? clock.unsafeCurrentTimeNanos() : 0n, Exit.asVoid(exit)))
          )))
  )
