/**
 * How a call tries again: the retry policy for the retryable failures, waiting at least as long as the server's
 * `Retry-After`, and a total deadline across attempts and waits.
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import type { OperationId } from "../OperationId.js"
import type { SamsaraClient } from "../SamsaraClient.js"
import { isRetryable, type SamsaraError, TransportError } from "../SamsaraError.js"

/** The wait the server asked for with `Retry-After`, if it did. */
const serverWait = (error: SamsaraError): Option.Option<Duration.Duration> =>
  error._tag === "TooManyRequests" || error._tag === "ServiceUnavailable" ? error.retryAfter : Option.none()

const retryAfterOf = (error: SamsaraError): Duration.Duration =>
  Option.getOrElse(serverWait(error), () => Duration.zero)

/**
 * Waits at least as long as the server's `Retry-After`, and otherwise as long as `policy` says. A `Retry-After`
 * beyond `cap` ends the retries: trying sooner than the server asked would only be refused again.
 */
export const honouringRetryAfter = (
  policy: SamsaraClient.RetryPolicy,
  cap: Duration.Duration
): SamsaraClient.RetryPolicy =>
  Schedule.intersect(
    policy,
    Schedule.identity<SamsaraError>().pipe(
      Schedule.whileInput((error) => Duration.lessThanOrEqualTo(retryAfterOf(error), cap)),
      Schedule.addDelay(retryAfterOf)
    )
  )

/**
 * Retries `attempt` within a total `deadline`: the final error is a `Deadline` TransportError when time runs out,
 * and a `Retry-After` the remaining time cannot fit returns the server's answer at once, rather than hiding it
 * behind a `Deadline`.
 */
export const withinDeadline = <A>(
  operation: OperationId,
  deadline: Duration.Duration,
  attempt: Effect.Effect<A, SamsaraError>,
  schedule: SamsaraClient.RetryPolicy
) =>
  Effect.flatMap(Clock.currentTimeMillis, (startedAt) => {
    const endsAt = startedAt + Duration.toMillis(deadline)
    // Only a wait the server asked for is judged here: without one, the retry goes ahead and the deadline, if it
    // comes first, ends the call as a Deadline.
    const waitFits = (error: SamsaraError) =>
      Option.match(serverWait(error), {
        onNone: () => Effect.succeed(true),
        onSome: (wait) => Effect.map(Clock.currentTimeMillis, (now) => now + Duration.toMillis(wait) < endsAt)
      })
    return Effect.retry(attempt, { schedule: Schedule.whileInputEffect(schedule, waitFits), while: isRetryable }).pipe(
      Effect.timeoutFail({
        duration: deadline,
        onTimeout: () =>
          new TransportError({
            operation,
            reason: "Deadline",
            description: `no result within the ${Duration.format(deadline)} deadline`
          })
      })
    )
  })
