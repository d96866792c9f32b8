/**
 * The client's metrics, through Effect's `Metric`, each tagged with the operation: requests by status, retries,
 * time spent waiting for rate-limit slots, and the latency of each attempt.
 */
import * as Metric from "effect/Metric"
import * as MetricBoundaries from "effect/MetricBoundaries"

/** Responses received, tagged `operation` and `status`. */
export const requests = Metric.counter("samsara_requests_total", {
  description: "Responses received from Samsara, by operation and HTTP status",
  incremental: true
})

/** Attempts beyond the first. */
export const retries = Metric.counter("samsara_retries_total", {
  description: "Retried attempts, by operation",
  incremental: true
})

/** Milliseconds spent waiting for a rate-limit slot before sending. */
export const throttledMillis = Metric.counter("samsara_throttle_wait_milliseconds_total", {
  description: "Time spent waiting for the client's rate limiter, by operation",
  incremental: true
})

/** The duration of each attempt, from sending to the body read. */
export const latency = Metric.timerWithBoundaries(
  "samsara_attempt_duration",
  MetricBoundaries.exponential({ start: 5, factor: 2, count: 14 }).values,
  "Duration of each attempt, by operation"
)
