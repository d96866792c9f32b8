/**
 * The client's metrics, through Effect's `Metric`, each tagged with the operation: requests by status, retries,
 * time spent waiting for rate-limit slots, and the latency of each attempt.
 */
import * as Duration from "effect/Duration"
import * as Metric from "effect/Metric"
import * as MetricBoundaries from "effect/MetricBoundaries"
import * as MetricKey from "effect/MetricKey"

const requestsKey = MetricKey.counter("samsara_requests_total", {
  description: "Responses received from Samsara, by operation and HTTP status",
  incremental: true
})

const retriesKey = MetricKey.counter("samsara_retries_total", {
  description: "Retried attempts, by operation",
  incremental: true
})

const throttledMillisKey = MetricKey.counter("samsara_throttle_wait_milliseconds_total", {
  description: "Time spent waiting for the client's rate limiter, by operation",
  incremental: true
})

const latencyKey = MetricKey.histogram(
  "samsara_attempt_duration",
  MetricBoundaries.exponential({ start: 5, factor: 2, count: 14 }),
  "Duration of each attempt, by operation"
).pipe(MetricKey.tagged("time_unit", "milliseconds"))

/** Responses received. */
export const requests = Metric.fromMetricKey(requestsKey)

/** Attempts beyond the first. */
export const retries = Metric.fromMetricKey(retriesKey)

/** Milliseconds spent waiting for a rate-limit slot before sending. */
export const throttledMillis = Metric.fromMetricKey(throttledMillisKey)

/** The duration of each attempt, from sending to the body read, in milliseconds. */
export const latency = Metric.mapInput(Metric.fromMetricKey(latencyKey), Duration.toMillis)

/**
 * The metrics of one operation, tagged `operation` (and `status` for responses), as a reader tags them to read
 * the same entries.
 */
export const forOperation = (operation: string) => {
  const responses = Metric.tagged(requests, "operation", operation)
  return {
    /** The response counter for `status`. */
    responses: (status: number): Metric.Metric.Counter<number> => Metric.tagged(responses, "status", String(status)),
    retries: Metric.tagged(retries, "operation", operation),
    throttledMillis: Metric.tagged(throttledMillis, "operation", operation),
    latency: Metric.tagged(latency, "operation", operation)
  }
}
