/**
 * Samsara's per-operation budgets (`x-rate-limit` in the spec) as sliding windows: a request is admitted while
 * fewer than `limit` admitted requests fall inside the last `window`; otherwise it learns when a slot frees.
 */
export interface RateLimit {
  readonly limit: number
  readonly windowMillis: number
}

export const perSecond = (limit: number): RateLimit => ({ limit, windowMillis: 1000 })
export const perMinute = (limit: number): RateLimit => ({ limit, windowMillis: 60_000 })
export const perDay = (limit: number): RateLimit => ({ limit, windowMillis: 86_400_000 })

export type Admission = { readonly admitted: true } | { readonly admitted: false; readonly retryAfterSeconds: number }

/** Records the request in `log` (admission times, oldest first) when admitted; refused requests use no budget. */
export const admit = (log: Array<number>, rateLimit: RateLimit, now: number): Admission => {
  while (log.length > 0 && (log[0] ?? now) <= now - rateLimit.windowMillis) log.shift()
  if (log.length < rateLimit.limit) {
    log.push(now)
    return { admitted: true }
  }
  const freesAt = (log[0] ?? now) + rateLimit.windowMillis
  return { admitted: false, retryAfterSeconds: Math.max(1, Math.ceil((freesAt - now) / 1000)) }
}
