/**
 * Client-side pacing against Samsara's documented budgets (`x-rate-limit`) and its global ceilings, through
 * `@effect/experimental`'s `RateLimiter`, so a client stays under the limits instead of learning them from a 429.
 */
import * as RateLimiter from "@effect/experimental/RateLimiter"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Hash from "effect/Hash"
import * as Redacted from "effect/Redacted"
import type { OperationId } from "../OperationId.js"
import { RateLimitExceeded, TransportError } from "../SamsaraError.js"
import type { Controls } from "./client.js"

/** A rate-limit budget: at most `limit` requests start in any span of `window`. */
export interface Budget {
  readonly limit: number
  readonly window: Duration.Duration
}

export const perSecond = (limit: number): Budget => ({ limit, window: Duration.seconds(1) })
export const perMinute = (limit: number): Budget => ({ limit, window: Duration.minutes(1) })
export const perDay = (limit: number): Budget => ({ limit, window: Duration.days(1) })

/** Samsara's global ceilings: every request of one token, and of one organization across all its tokens. */
export const perTokenCeiling = perSecond(150)
export const perOrganizationCeiling = perSecond(200)

const minute = Duration.minutes(1)

/** Budgets longer than a minute are not waited for by default: a call fails fast with `RateLimitExceeded`. */
export const waitsByDefault = (budget: Budget): boolean => Duration.lessThanOrEqualTo(budget.window, minute)

/**
 * Whether a budget is paced as a spacing. Within a window shorter than a minute a burst is what trips Samsara's
 * limiter, and Samsara may count in fixed or sliding windows, so the rule there is strict: never more than `limit`
 * starts in any span of `window`.
 */
const isSpacing = (budget: Budget): boolean => Duration.lessThan(budget.window, minute)

/**
 * The spacing between request starts under a sub-minute budget: window / limit plus 5%, in whole milliseconds.
 * Effect's token bucket allows a burst of `limit` right after a refill, which a sliding window can see as
 * `limit + 1`. A fixed window of one request per slot does hold the rule: a request either takes the next slot or,
 * after a gap, restarts the grid at its own start, so consecutive starts are always a full slot apart. The 5%
 * margin absorbs network jitter between our clock and Samsara's (a first request that waits for its connection
 * arrives late, and later ones catch up), at 95% of the budget. Integer arithmetic: `1000 / 150 * 1.05` is a hair
 * above 7.
 */
export const slotOf = (budget: Budget): Duration.Duration =>
  Duration.millis(Math.ceil(Duration.toMillis(budget.window) * 105 / (budget.limit * 100)))

/**
 * What `RateLimiter.consume` is asked for one start under `budget`.
 *
 * Under a minute: one start per `slotOf(budget)`, as above.
 *
 * A minute or more: the budget itself, in `@effect/experimental`'s "fixed-window" algorithm (the same in the
 * memory store and in `RateLimiter/Redis`). A window opens at a start made while none is open; each start taken
 * keeps it open for another window / limit (600 ms for 100 a minute, 6 minutes for 240 a day), counted from its
 * opening. Up to `limit` starts of one window go out at once; once all are taken, the window closes exactly
 * `window` after it opened, and a further start is refused until then (its `retryAfter`) or, when waiting, starts
 * then, the next `limit` waiters `window` later, and so on. A window that took fewer starts closes sooner, after
 * `taken × window / limit` (five runs at 08:00 close it at 08:30), and the next start opens a fresh window with the
 * whole budget: starts never average more than `limit` per `window`, but one span of `window` can see up to
 * `2 × limit − 1` of them. The step is rounded up to whole milliseconds, as the Redis store needs.
 */
const consumeOptions = (budget: Budget, key: string, onExceeded: "delay" | "fail") =>
  isSpacing(budget)
    ? { algorithm: "fixed-window", onExceeded, window: slotOf(budget), limit: 1, key } as const
    : {
      algorithm: "fixed-window",
      onExceeded,
      window: Duration.millis(Math.ceil(Duration.toMillis(budget.window) / budget.limit) * budget.limit),
      limit: budget.limit,
      key
    } as const

/**
 * The store key's prefix for a token's own budgets and ceiling. The token is hashed, so it never reaches the store
 * (Redis) in clear; two tokens sharing a hash would only share a budget, which errs on the side of caution.
 */
export const tokenPrefix = (token: Redacted.Redacted<string>): string =>
  `effect-samsara:token:${(Hash.string(Redacted.value(token)) >>> 0).toString(16)}`

/**
 * The store key's prefix for the budgets and ceiling shared under `rateLimit.key`. The key is kept readable (an
 * organization id is no secret), so an operator can find its budgets in Redis; operation ids and `requests` never
 * contain `:`, so keys stay distinct whatever the key holds.
 */
export const sharedPrefix = (key: string): string => `effect-samsara:key:${key}`

/**
 * What `RateLimiter.consume` is asked for one start under a global ceiling: a token bucket holding a tenth of the
 * ceiling, refilled so that the burst plus a window's refills, plus 5% as for spacings, stay under it. Calls of
 * several operations at once then start together, and yet no span of the window sees more than the ceiling: 15 at
 * once and one per 8 ms (at most 141 in any second) under 150/s, 20 and one per 6 ms (at most 188) under 200/s,
 * counting one more because a waiter may start up to a step after its token refilled.
 */
const ceilingOptions = (budget: Budget, key: string) => {
  const burst = Math.max(1, Math.floor(budget.limit / 10))
  const step = Math.ceil(Duration.toMillis(budget.window) * 105 / ((budget.limit - burst) * 100))
  return {
    algorithm: "token-bucket",
    onExceeded: "delay",
    window: Duration.millis(step * burst),
    limit: burst,
    key
  } as const
}

/** Where one client counts its starts. */
export interface Keys {
  /** The prefix of the per-operation budgets: the shared key's when one is set, the token's otherwise. */
  readonly budgets: string
  /** The global ceilings every request also takes a start under, in order; the last is held exactly. */
  readonly ceilings: ReadonlyArray<{ readonly key: string; readonly budget: Budget }>
}

/**
 * Where a client counts: the per-operation budgets under the shared key when one is set and under the token
 * otherwise, and the per-token ceiling, plus the per-organization one under a shared key.
 */
export const keysFor = (token: Redacted.Redacted<string>, sharedKey: string | undefined): Keys => {
  const own = tokenPrefix(token)
  const tokenCeiling = { key: `${own}:requests`, budget: perTokenCeiling }
  if (sharedKey === undefined) return { budgets: own, ceilings: [tokenCeiling] }
  const shared = sharedPrefix(sharedKey)
  return {
    budgets: shared,
    ceilings: [tokenCeiling, { key: `${shared}:requests`, budget: perOrganizationCeiling }]
  }
}

const toSamsaraError = (operation: OperationId, budget: Budget) => (error: RateLimiter.RateLimiterError) =>
  error.reason === "Exceeded"
    ? new RateLimitExceeded({ operation, retryAfter: error.retryAfter, budget, cause: error })
    : new TransportError({
      operation,
      reason: "NetworkFailure",
      description: "the rate-limit store failed",
      cause: error
    })

/**
 * The client's `throttle`: a start under the operation's budget (`overrides` replace the documented one), waited
 * for (`"delay"`) or refused at once with `RateLimitExceeded` saying when one frees (`"fail"`), then a start under
 * each global ceiling. Ceilings are always waited for (no wait for a burst, a few milliseconds beyond it), so a
 * start the budget has granted is never thrown away. They are taken after the budget because a start lands on its
 * slot only under the last limiter it waits for: a wait there delays it past the slots it took before, and a
 * ceiling's wait is the shorter one. Returns how long it waited. A store that cannot be reached (Redis down) is a
 * `TransportError`, which the retry policy may retry.
 */
export const makeThrottle = (
  limiter: RateLimiter.RateLimiter,
  keys: Keys,
  overrides: { readonly [K in OperationId]?: Budget }
): Effect.Effect<Controls["throttle"]> =>
  // `makeSleep` consumes with "delay" and sleeps out the delay.
  Effect.map(Effect.provideService(RateLimiter.makeSleep, RateLimiter.RateLimiter, limiter), (sleep) => {
    const ceilings = keys.ceilings.reduce<Effect.Effect<Duration.Duration, RateLimiter.RateLimiterError>>(
      (before, { budget, key }) =>
        Effect.zipWith(
          before,
          Effect.suspend(() => sleep(ceilingOptions(budget, key))),
          (wait, { delay }) => Duration.sum(wait, delay)
        ),
      Effect.succeed(Duration.zero)
    )
    return (operation, onExceeded) => {
      const budget = overrides[operation.id] ?? operation.budget
      // Keyed by endpoint, as Samsara counts: a preview operation and its current counterpart share an id, not a path.
      const key = `${keys.budgets}:${operation.id}:${operation.method} ${operation.path}`
      // A start that may be refused fails at once or goes ahead with no delay, so there is nothing to sleep out.
      const start = onExceeded === "delay"
        ? sleep(consumeOptions(budget, key, onExceeded))
        : limiter.consume(consumeOptions(budget, key, onExceeded))
      return Effect.zipWith(start, ceilings, ({ delay }, wait) => Duration.sum(delay, wait)).pipe(
        Effect.mapError(toSamsaraError(operation.id, budget))
      )
    }
  })
