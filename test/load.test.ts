/**
 * Load against a server that enforces Samsara's limits: 50 fibers hammer a 5/s operation for 3 seconds over
 * real sockets. Client-side pacing must keep every request under the limit (no 429 at all) while still using it
 * (throughput within 10% of 5/s).
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schedule from "effect/Schedule"
import { SamsaraClient } from "../src/SamsaraClient.js"
import { serve, StandIn } from "../src/testing.js"
import { TrainingCourses } from "../src/TrainingCourses.js"

describe("load", () => {
  it.scopedLive(
    "50 fibers on a 5/s operation for 3 s: no 429, and throughput within 10% of the limit",
    () =>
      Effect.gen(function*() {
        const { url } = yield* serve()
        const standIn = yield* StandIn
        const client = yield* Layer.build(TrainingCourses.layer.pipe(
          Layer.provide(SamsaraClient.layer({ token: standIn.token, baseUrl: url, retry: Schedule.recurs(0) })),
          Layer.provide(NodeHttpClient.layerUndici),
          Layer.orDie
        ))
        const call = Effect.provide(Effect.flatMap(TrainingCourses, (courses) => courses.getTrainingCourses()), client)
        // One call first opens the connection, as in a service that has been running: a cold client's first
        // request arrives late, and the requests paced after it can catch up with it.
        yield* call
        const warmUp = (yield* standIn.received).length
        const outcome = yield* Effect.all(Array.from({ length: 50 }, () => Effect.forever(call)), {
          concurrency: "unbounded"
        }).pipe(Effect.timeoutOption("3 seconds"))
        assert.strictEqual(outcome._tag, "None")
        const statuses = (yield* standIn.received).slice(warmUp).map((request) => request.status)
        assert.strictEqual(statuses.filter((status) => status === 429).length, 0)
        // 3 s at 5/s is 15 starts: slots of 210 ms fit 14 or 15 in 3 s.
        const answered = statuses.filter((status) => status === 200).length
        assert.isAtLeast(answered, 15 * 0.9)
        assert.isAtMost(statuses.length, 15 * 1.1)
      }).pipe(Effect.provide(StandIn.layer())),
    { timeout: 20_000 }
  )
})
