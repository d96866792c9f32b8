/**
 * The client's metrics, through Effect's `Metric`, each tagged with the operation: requests by status, retries,
 * time spent waiting for rate-limit slots, and the latency of each attempt.
 */
import * as Duration from "effect/Duration"
import * as Metric from "effect/Metric"
import * as MetricBoundaries from "effect/MetricBoundaries"
import * as MetricKey from "effect/MetricKey"
import * as MetricLabel from "effect/MetricLabel"

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

// The metrics as readers name them. The client updates them through `forOperation`, tagged `operation` (and
// `status` for responses); `Metric.tagged(requests, "operation", id)` then `"status"` reads the same entry.

/** Responses received. */
export const requests = Metric.fromMetricKey(requestsKey)

/** Attempts beyond the first. */
export const retries = Metric.fromMetricKey(retriesKey)

/** Milliseconds spent waiting for a rate-limit slot before sending. */
export const throttledMillis = Metric.fromMetricKey(throttledMillisKey)

/** A histogram of durations, recorded in milliseconds. */
const inMilliseconds = (key: MetricKey.MetricKey.Histogram) =>
  Metric.mapInput(Metric.fromMetricKey(key), Duration.toMillis)

/** The duration of each attempt, from sending to the body read, in milliseconds. */
export const latency = inMilliseconds(latencyKey)

/**
 * The metrics of one operation, with the tags in their keys. `Metric.tagged` would do the same, but merges its
 * tags into a new array on every update, which misses the registry's cache and hashes a new key each time, a
 * large share of each call in profiles.
 */
export const forOperation = (operation: string) => {
  const byOperation = MetricLabel.make("operation", operation)
  const counter = (key: MetricKey.MetricKey.Counter<number>, ...labels: ReadonlyArray<MetricLabel.MetricLabel>) =>
    Metric.fromMetricKey(MetricKey.taggedWithLabels(key, [byOperation, ...labels]))
  const byStatus = new Map<number, Metric.Metric.Counter<number>>()
  return {
    /** The response counter for `status`. */
    responses: (status: number): Metric.Metric.Counter<number> => {
      let responses = byStatus.get(status)
      if (responses === undefined) {
        responses = counter(requestsKey, MetricLabel.make("status", String(status)))
        byStatus.set(status, responses)
      }
      return responses
    },
    retries: counter(retriesKey),
    throttledMillis: counter(throttledMillisKey),
    latency: inMilliseconds(MetricKey.taggedWithLabels(latencyKey, [byOperation]))
  }
}
