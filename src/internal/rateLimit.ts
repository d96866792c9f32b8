/**
 * Client-side pacing against Samsara's documented budgets (`x-rate-limit`), through `@effect/experimental`'s
 * `RateLimiter`, so a client stays under the limit instead of learning it from a 429.
 */
import type * as RateLimiter from "@effect/experimental/RateLimiter"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Hash from "effect/Hash"
import * as Redacted from "effect/Redacted"
import type { SamsaraClient } from "../SamsaraClient.js"
import { type OperationId, RateLimitExceeded, TransportError } from "../SamsaraError.js"

type Budget = SamsaraClient.Budget

export const perSecond = (limit: number): Budget => ({ limit, window: Duration.seconds(1) })
export const perMinute = (limit: number): Budget => ({ limit, window: Duration.minutes(1) })
export const perDay = (limit: number): Budget => ({ limit, window: Duration.days(1) })

/** Budgets this long are not waited for by default: a call fails fast with `RateLimitExceeded` instead. */
const longestWait = Duration.minutes(1)

export const waitsByDefault = (budget: Budget): boolean => Duration.lessThanOrEqualTo(budget.window, longestWait)

/**
 * The spacing between request starts. Samsara may count in fixed or sliding windows, so the rule is strict: never
 * more than `limit` starts in any span of `window`. Effect's token bucket allows a burst of `limit` right after
 * a refill, which a sliding window can see as `limit + 1`. A fixed window of one request per slot does hold the
 * rule: a request either takes the next slot or, after a gap, restarts the grid at its own start, so consecutive
 * starts are always a full slot apart. The 5% margin absorbs network jitter between our clock and Samsara's (a
 * first request that waits for its connection arrives late, and later ones catch up), at 95% of the budget.
 */
export const slotOf = (budget: Budget): Duration.Duration =>
  Duration.millis(Math.ceil(Duration.toMillis(budget.window) / budget.limit * 1.05))

/**
 * The store key's prefix for a token. The token is hashed, so it never reaches the store (Redis) in clear; two
 * tokens sharing a hash would only share a budget, which errs on the side of caution.
 */
export const keyPrefix = (token: Redacted.Redacted<string>): string =>
  `effect-samsara:${(Hash.string(Redacted.value(token)) >>> 0).toString(16)}`

/**
 * Takes a slot for one request of `operation`: waits for it (`"delay"`) or fails at once with
 * `RateLimitExceeded` saying when one frees (`"fail"`). Returns how long it waited. A store that cannot be reached
 * (Redis down) is a `TransportError`, which the retry policy may retry.
 */
export const takeSlot = (
  limiter: RateLimiter.RateLimiter,
  key: string,
  operation: OperationId,
  budget: Budget,
  onExceeded: "delay" | "fail"
): Effect.Effect<Duration.Duration, RateLimitExceeded | TransportError> =>
  limiter.consume({ algorithm: "fixed-window", onExceeded, window: slotOf(budget), limit: 1, key }).pipe(
    Effect.flatMap(({ delay }) =>
      Duration.isZero(delay) ? Effect.succeed(delay) : Effect.as(Effect.sleep(delay), delay)
    ),
    Effect.catchTag("RateLimiterError", (error) =>
      Effect.fail(
        error.reason === "Exceeded"
          ? new RateLimitExceeded({
            operation,
            retryAfter: error.retryAfter,
            message: `${operation}: Samsara allows ${budget.limit} per ${
              Duration.format(budget.window)
            }; the next request may start in ${Duration.format(error.retryAfter)} (pass waitForRateLimit to wait)`
          })
          : new TransportError({
            operation,
            reason: "NetworkFailure",
            message: `${operation}: the rate-limit store failed: ${error.message}`
          })
      ))
  )
