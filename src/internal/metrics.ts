/**
 * The client's metrics, through Effect's `Metric`, each tagged with the operation: requests by status, retries,
 * time spent waiting for rate-limit slots, and the latency of each attempt.
 */
import * as Duration from "effect/Duration"
import * as Metric from "effect/Metric"
import * as MetricBoundaries from "effect/MetricBoundaries"
import * as MetricKey from "effect/MetricKey"
import * as MetricLabel from "effect/MetricLabel"
import { metricWithLabels } from "./twins.js"

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
 * the same entries. Made once per operation, and the response counter once per status (`twins.ts` says why).
 */
export const forOperation = (operation: string) => {
  const byOperation = MetricLabel.make("operation", operation)
  const byStatus = new Map<number, Metric.Metric.Counter<number>>()
  return {
    /** The response counter for `status`. */
    responses: (status: number): Metric.Metric.Counter<number> => {
      let responses = byStatus.get(status)
      if (responses === undefined) {
        responses = metricWithLabels(requestsKey, [byOperation, MetricLabel.make("status", String(status))])
        byStatus.set(status, responses)
      }
      return responses
    },
    retries: metricWithLabels(retriesKey, [byOperation]),
    throttledMillis: metricWithLabels(throttledMillisKey, [byOperation]),
    latency: Metric.mapInput(metricWithLabels(latencyKey, [byOperation]), Duration.toMillis)
  }
}
