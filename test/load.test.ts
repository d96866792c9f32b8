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
        const client = TrainingCourses.layer.pipe(
          Layer.provide(SamsaraClient.layer({ token: standIn.token, baseUrl: url, retry: Schedule.recurs(0) })),
          Layer.provide(NodeHttpClient.layerUndici),
          Layer.orDie
        )
        const hammer = Effect.forever(Effect.flatMap(TrainingCourses, (courses) => courses.getTrainingCourses()))
        const outcome = yield* Effect.all(Array.from({ length: 50 }, () => hammer), { concurrency: "unbounded" }).pipe(
          Effect.timeoutOption("3 seconds"),
          Effect.provide(client)
        )
        assert.strictEqual(outcome._tag, "None")
        const statuses = (yield* standIn.received).map((request) => request.status)
        assert.strictEqual(statuses.filter((status) => status === 429).length, 0)
        // 3 s at 5/s is 15 starts: slots of 204 ms fit 15 in [0, 3000).
        const answered = statuses.filter((status) => status === 200).length
        assert.isAtLeast(answered, 15 * 0.9)
        assert.isAtMost(statuses.length, 15 * 1.1)
      }).pipe(Effect.provide(StandIn.layer())),
    { timeout: 20_000 }
  )
})
