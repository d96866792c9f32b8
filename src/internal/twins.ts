/**
 * The hand-rolled twins of Effect combinators that still pay: each does what the named combinator does, and is
 * kept only because a bench row measured it at least 5% cheaper (B/A is the combinator's time over the twin's).
 * Re-measure at each Effect upgrade with `bench/twins.ts` (its header shows how; results in `bench/TWINS.md`), and
 * replace a twin that no longer pays by its combinator.
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as FiberRef from "effect/FiberRef"
import * as Metric from "effect/Metric"
import * as MetricKey from "effect/MetricKey"
import type * as MetricKeyType from "effect/MetricKeyType"
import type * as MetricLabel from "effect/MetricLabel"
import type * as Predicate from "effect/Predicate"
import type * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import type * as Tracer from "effect/Tracer"

/**
 * `Schema.Array(Schema.Unknown)` for a custom report's row: the same acceptance (any array, every cell any value),
 * without visiting every cell to copy it, which dominated the decoding of a large page.
 * `npx tsx bench/twins.ts --rows=run-data,decode-run-data --transport=memory`: B/A 2.0 cold and 2.4 warm CPU on
 * run-data, 2.5 cold and 2.0 warm CPU on decode-run-data.
 */
export const customReportRow = Schema.declare((input): input is ReadonlyArray<unknown> => Array.isArray(input), {
  identifier: "CustomReportRow",
  description: "an array of cells, one per column",
  arbitrary: () => (fc) => fc.array(fc.jsonValue()),
  jsonSchema: { type: "array" },
  pretty: () => (row) => JSON.stringify(row)
})

/**
 * `Effect.useSpan(name, options, (span) => Effect.withParentSpan(body(span), span))`, except that the span ends
 * with `void` in place of the call's result, so a span, which a tracer may keep, never holds a decoded page.
 * `useSpan` itself, ending with the result, measured no different (B/A 0.99 cold and 1.00 warm CPU on callers);
 * the same `void` end built from Effect's combinators (`Effect.makeSpanScoped` in a scope closed with
 * `Exit.asVoid`) costs more: `npx tsx bench/twins.ts --rows=walk,callers --transport=memory`: B/A 1.17 cold CPU
 * on walk (rounds 1.06–1.38), 1.17 warm CPU on callers (rounds 1.03–1.41).
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

/**
 * `Metric.tagged` of the metric of `key`, once per label, with the labels folded into the key when the metric is
 * made: `Metric.tagged` merges its tags into a new array on every update and looks the entry up by a key built and
 * hashed anew each time, at every response. Both update the same registry entry, so a reader's `Metric.tagged`
 * reads what this writes.
 * `npx tsx bench/twins.ts --rows=walk,callers --transport=memory` (against `Metric.tagged` per update): B/A 1.08 cold
 * CPU on walk (rounds 1.00–1.10), 1.11 cold CPU on callers (0.99–1.33), 1.03 warm CPU on callers (1.00–1.07).
 */
export const metricWithLabels = <Type extends MetricKeyType.MetricKeyType.Untyped>(
  key: MetricKey.MetricKey<Type>,
  labels: ReadonlyArray<MetricLabel.MetricLabel>
) => Metric.fromMetricKey(MetricKey.taggedWithLabels(key, labels))

/**
 * `Effect.retry(attempt, { schedule, while: retryable })`, with the schedule's driver made only once a first
 * attempt has failed, since most calls succeed at once. The first failure is replayed as the retried effect's first
 * result, so the schedule sees the same failures in the same order.
 * `npx tsx bench/twins.ts --rows=walk,callers --transport=memory` (against `Effect.retry` on every call): B/A 1.18
 * warm CPU on walk (rounds 0.99–1.22) and 1.07 cold (0.91–1.22); an earlier run 1.11 warm (1.09–1.19), a 7-round
 * one 1.05 (0.79–1.20).
 */
export const retried = <A, E, R>(
  attempt: Effect.Effect<A, E, R>,
  schedule: Schedule.Schedule<unknown, E, R>,
  retryable: Predicate.Predicate<E>
): Effect.Effect<A, E, R> =>
  Effect.catchIf(attempt, retryable, (first) => {
    let replay: Effect.Effect<A, E, R> = Effect.fail(first)
    const next = Effect.suspend(() => {
      const current = replay
      replay = attempt
      return current
    })
    return Effect.retry(next, { schedule, while: retryable })
  })

/** The longest delay a JavaScript timer keeps; Effect's live clock treats a longer one as never. */
const maxTimerMillis = 2 ** 31 - 1

const liveClockPrototype: unknown = Object.getPrototypeOf(Clock.make())

/**
 * `Effect.timeoutFail(effect, { duration, onTimeout })` on Effect's live clock: the effect runs in a fiber of its
 * own, as there, but the limit is a timer rather than a second fiber that sleeps on the clock and must be forked,
 * raced and interrupted at every request. On expiry the effect's fiber is interrupted and awaited, as `timeoutFail`
 * awaits its loser, then the call fails with `onTimeout()`; interrupting the caller interrupts the effect, however
 * early it lands. The effect's `FiberRef` changes are not joined back, which `timeoutFail` does: the exchange it
 * bounds makes none. On any other clock (`TestClock`) and for a limit beyond a timer's reach it is `timeoutFail`.
 * `npx tsx bench/twins.ts --rows=walk,callers --transport=memory`: B/A 1.11 cold and 1.15 warm CPU on walk (rounds
 * 1.08–1.17, 0.99–1.27), 1.06 cold and 1.10 warm CPU on callers (1.04–1.11, 0.99–1.13).
 */
export const timeoutFail = <A, E, R, E1>(
  effect: Effect.Effect<A, E, R>,
  duration: Duration.Duration,
  onTimeout: () => E1
): Effect.Effect<A, E | E1, R> => {
  const millis = Duration.toMillis(duration)
  const exact = Effect.timeoutFail(effect, { duration, onTimeout })
  if (!(millis <= maxTimerMillis)) return exact
  return Effect.clockWith((clock) =>
    Object.getPrototypeOf(clock) !== liveClockPrototype ?
      exact :
      Effect.uninterruptibleMask((restore) =>
        Effect.flatMap(Effect.forkDaemon(restore(effect)), (fiber) =>
          // Registered while still uninterruptible, so an interruption pending since the fork cannot orphan the fiber.
          Effect.onInterrupt(
            restore(Effect.async<A, E | E1>((resume) => {
              let settled = false
              const timer = setTimeout(() => {
                settled = true
                fiber.removeObserver(observer)
                resume(Effect.zipRight(Fiber.interrupt(fiber), Effect.fail(onTimeout())))
              }, millis)
              const observer = (exit: Exit.Exit<A, E>) => {
                if (settled) return
                settled = true
                clearTimeout(timer)
                resume(exit)
              }
              fiber.addObserver(observer)
              return Effect.sync(() => {
                clearTimeout(timer)
                fiber.removeObserver(observer)
              })
            })),
            () => Fiber.interrupt(fiber)
          ))
      )
  )
}
