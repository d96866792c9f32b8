/**
 * The per-attempt time limit (`timeoutFail` in `internal/twins.ts`): on the live clock a timer, on `TestClock`
 * Effect's own `timeoutFail`; either way the bounded effect is interrupted when the limit passes, and its result
 * is the call's when it comes first. The suites over sockets check the same through the client.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as TestClock from "effect/TestClock"
import { timeoutFail } from "../src/internal/twins.js"

/** An effect that never ends, and a deferred that completes when it is interrupted. */
const endless = Effect.map(Deferred.make<void>(), (interrupted) => ({
  interrupted,
  effect: Effect.onInterrupt(Effect.never, () => Deferred.succeed(interrupted, undefined))
}))

describe("timeoutFail", () => {
  it.live("on the live clock, fails with onTimeout once the limit passes and interrupts the effect", () =>
    Effect.gen(function*() {
      const { effect, interrupted } = yield* endless

      const error = yield* Effect.flip(timeoutFail(effect, Duration.millis(20), () => "too late"))

      assert.strictEqual(error, "too late")
      yield* Deferred.await(interrupted)
    }))

  it.live("on the live clock, the effect's own result or failure wins when it comes first", () =>
    Effect.gen(function*() {
      const succeeded = yield* timeoutFail(Effect.as(Effect.sleep("5 millis"), 1), Duration.seconds(5), () => 0)
      const failed = yield* Effect.flip(timeoutFail(Effect.fail("own"), Duration.seconds(5), () => "too late"))

      assert.strictEqual(succeeded, 1)
      assert.strictEqual(failed, "own")
    }))

  it.live("on expiry, the effect's own finalizers have run before the failure, as Effect.timeoutFail's have", () =>
    Effect.gen(function*() {
      let finalized = false
      const slowToStop = Effect.onInterrupt(Effect.never, () =>
        Effect.delay(
          Effect.sync(() => {
            finalized = true
          }),
          "30 millis"
        ))

      yield* Effect.flip(timeoutFail(slowToStop, Duration.millis(10), () => "too late"))

      assert.isTrue(finalized)
    }))

  it.live("an interruption of the caller at any point of the start leaves no effect running", () =>
    Effect.gen(function*() {
      let running = 0
      const bounded = Effect.sync(() => {
        running++
      }).pipe(
        Effect.zipRight(Effect.never),
        Effect.ensuring(Effect.sync(() => {
          running--
        }))
      )
      // The runtime yields every so many operations; chains of growing length before the call make the caller's
      // interruption land at each step of the start in turn, between the fork and the wait among them.
      for (let steps = 0; steps < 1200; steps++) {
        let before: Effect.Effect<void> = Effect.void
        for (let step = 0; step < steps; step++) before = Effect.zipRight(before, Effect.void)
        const caller = yield* Effect.fork(Effect.zipRight(before, timeoutFail(bounded, Duration.seconds(5), () => 0)))
        yield* Effect.yieldNow()
        yield* Fiber.interrupt(caller)
        assert.strictEqual(running, 0, `the bounded effect outlived its caller after ${steps} steps`)
      }
    }))

  it.live("a limit beyond a timer's reach does not fire at once", () =>
    Effect.gen(function*() {
      const result = yield* timeoutFail(Effect.as(Effect.sleep("20 millis"), "done"), Duration.days(30), () => "fired")

      assert.strictEqual(result, "done")
    }))

  it.live("interrupting the caller interrupts the effect", () =>
    Effect.gen(function*() {
      const { effect, interrupted } = yield* endless
      const caller = yield* Effect.fork(timeoutFail(effect, Duration.seconds(5), () => "too late"))
      yield* Effect.yieldNow()

      const exit = yield* Fiber.interrupt(caller)

      assert.isTrue(Exit.isInterrupted(exit))
      yield* Deferred.await(interrupted)
    }))

  it.effect("on TestClock, the limit passes when the clock is moved past it", () =>
    Effect.gen(function*() {
      const { effect, interrupted } = yield* endless
      const caller = yield* Effect.fork(Effect.flip(timeoutFail(effect, Duration.seconds(30), () => "too late")))

      yield* TestClock.adjust("29 seconds")
      assert.isTrue((yield* Fiber.poll(caller))._tag === "None", "the limit has not passed yet")
      yield* TestClock.adjust("1 second")

      assert.strictEqual(yield* Fiber.join(caller), "too late")
      yield* Deferred.await(interrupted)
    }))
})
