/**
 * Samsara's per-operation budgets as the server counts them: a request is admitted while fewer than `limit`
 * admitted requests fall inside the last `window` (a sliding window); otherwise it learns when a slot frees. The
 * budgets themselves are the registry's; only the counting is the stand-in's.
 */
import * as Duration from "effect/Duration"

/** A documented budget, as the registry declares it. */
export interface Budget {
  readonly limit: number
  readonly window: Duration.Duration
}

export type Admission = { readonly admitted: true } | { readonly admitted: false; readonly retryAfterSeconds: number }

/** Records the request in `log` (admission times, oldest first) when admitted; refused requests use no budget. */
export const admit = (log: Array<number>, budget: Budget, now: number): Admission => {
  const windowMillis = Duration.toMillis(budget.window)
  while (log.length > 0 && (log[0] ?? now) <= now - windowMillis) log.shift()
  if (log.length < budget.limit) {
    log.push(now)
    return { admitted: true }
  }
  const freesAt = (log[0] ?? now) + windowMillis
  return { admitted: false, retryAfterSeconds: Math.max(1, Math.ceil((freesAt - now) / 1000)) }
}
