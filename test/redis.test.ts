/**
 * Shared budgets for fleets: clients that each open their own connection to one Redis (as separate processes do)
 * and use one token, or tokens of one organization under one `rateLimit.key`, draw from one budget, on real
 * timestamps. The suite starts its own `redis-server` on a free
 * loopback port; CI installs the Debian package.
 */
import * as RateLimiterRedis from "@effect/experimental/RateLimiter/Redis"
import { assert, describe, it } from "@effect/vitest"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { spawn, spawnSync } from "node:child_process"
import { createServer } from "node:net"
import { CustomReports } from "../src/CustomReports.js"
import { SamsaraClient } from "../src/SamsaraClient.js"
import type { SamsaraError } from "../src/SamsaraError.js"
import { TrainingCourses } from "../src/TrainingCourses.js"
import * as Fixtures from "./support/fixtures.js"
import { json, scripted } from "./support/scriptedHttp.js"

class RedisPort extends Context.Tag("test/RedisPort")<RedisPort, number>() {}

const freePort = Effect.async<number>((resume) => {
  const server = createServer()
  server.listen(0, "127.0.0.1", () => {
    const address = server.address()
    const port = typeof address === "object" && address !== null ? address.port : 0
    server.close(() => resume(Effect.succeed(port)))
  })
})

/** A throwaway `redis-server` on loopback, ready once it says it accepts connections, stopped with the scope. */
const RedisServer = Layer.scoped(
  RedisPort,
  Effect.gen(function*() {
    const port = yield* freePort
    const server = yield* Effect.acquireRelease(
      Effect.sync(() =>
        spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
      ),
      (child) => Effect.sync(() => child.kill("SIGTERM"))
    )
    yield* Effect.async<void, Error>((resume) => {
      server.on(
        "error",
        (error) =>
          resume(
            Effect.fail(
              new Error(`redis-server could not start (Debian: apt-get install redis-server): ${error.message}`)
            )
          )
      )
      server.stdout.on("data", (chunk: Buffer) => {
        if (chunk.toString().includes("Ready to accept connections")) resume(Effect.void)
      })
    })
    return port
  })
)

const coursesPage = json({ data: [Fixtures.trainingCourse("c-1")], pagination: Fixtures.page("", false) })
const queuedRun = json({ data: { id: "run-1", customReportId: "cr-1", createdAtTime: "2024-06-02T01:00:00Z" } })

const getCourses = Effect.flatMap(TrainingCourses, (courses) => courses.getTrainingCourses())
const postRun = Effect.flatMap(CustomReports, (reports) =>
  reports.postCustomReportRun({
    customReportId: "cr-1",
    startTime: "2024-06-01T00:00:00Z",
    endTime: "2024-06-02T00:00:00Z"
  }))

/** A client with its own Redis connection, like a separate worker process. */
const worker = (port: number, prefix: string, secret: string, rateLimit?: SamsaraClient.RateLimitOptions) => {
  const http = scripted((request) => request.method === "POST" ? queuedRun : coursesPage)
  const layer = Layer.merge(TrainingCourses.layer, CustomReports.layer).pipe(
    Layer.provide(SamsaraClient.layerWithRateLimiterStore({ token: Redacted.make(secret), rateLimit })),
    Layer.provide(http.layer),
    Layer.provide(RateLimiterRedis.layerStore({ host: "127.0.0.1", port, prefix })),
    Layer.orDie
  )
  const calls = (
    count: number,
    call: Effect.Effect<unknown, SamsaraError, TrainingCourses | CustomReports> = getCourses
  ) =>
    Effect.provide(
      Effect.all(Array.from({ length: count }, () => Effect.exit(call)), { concurrency: "unbounded" }),
      layer
    )
  return { sent: http.sent, calls }
}

const busiestWindow = (times: ReadonlyArray<number>, windowMillis: number) =>
  Math.max(0, ...times.map((start) => times.filter((at) => at >= start && at < start + windowMillis).length))

/**
 * CI installs redis-server and always runs this suite; on a developer machine without it, the suite is skipped
 * rather than failing `npm test` for a missing system package.
 */
const redisInstalled = spawnSync("redis-server", ["--version"]).status === 0
const runRedisSuite = redisInstalled || process.env.CI !== undefined

/** Two workers on the suite's Redis under one fresh key prefix, one per token. */
const workers = (firstToken: string, secondToken: string, rateLimit?: SamsaraClient.RateLimitOptions) =>
  Effect.map(RedisPort, (port) => {
    const prefix = `test-${Date.now()}:`
    return [worker(port, prefix, firstToken, rateLimit), worker(port, prefix, secondToken, rateLimit)] as const
  })

describe.runIf(runRedisSuite)("shared budgets", () => {
  // Each test starts its own redis-server. @effect/vitest's `layer(...)` would share one, but it rebinds the
  // module-wide `it.effect` to its runtime, so a suite running after this one in the same process lost its TestClock.
  describe("RateLimiter on Redis", () => {
    for (
      const [name, firstToken, secondToken, rateLimit] of [
        ["workers sharing a token share one budget", "fleet-token", "fleet-token", undefined],
        ["workers with different tokens but one key (their organization) share one budget", "token-a", "token-b", {
          key: "org-1"
        }]
      ] as const
    ) {
      it.live(
        `${name}: never more than 5 starts in any second`,
        () =>
          Effect.gen(function*() {
            const [first, second] = yield* workers(firstToken, secondToken, rateLimit)
            yield* Effect.all([first.calls(6), second.calls(6)], { concurrency: "unbounded" })
            const times = [...first.sent, ...second.sent].map((request) => request.at).sort((a, b) => a - b)
            assert.strictEqual(times.length, 12)
            assert.isAtMost(busiestWindow(times, 1000), 5)
            assert.isAtLeast(Math.max(...times) - Math.min(...times), 11 * 200)
          }).pipe(Effect.provide(RedisServer)),
        30_000
      )
    }

    it.live(
      "a daily budget under one key goes out as a burst, then refuses whichever token asks",
      () =>
        Effect.gen(function*() {
          const budgets = { postCustomReportRun: { limit: 3, window: "1 day" } } as const
          const [first, second] = yield* workers("token-a", "token-b", { key: "org-1", budgets })
          const started = Date.now()
          const [firstRuns, secondRuns] = yield* Effect.all([first.calls(2, postRun), second.calls(2, postRun)], {
            concurrency: "unbounded"
          })
          const outcomes = [...firstRuns, ...secondRuns]
          assert.strictEqual(outcomes.filter(Exit.isSuccess).length, 3)
          const times = [...first.sent, ...second.sent].map((request) => request.at)
          assert.isAtMost(Math.max(...times) - started, 500)
          const [refused] = outcomes.filter(Exit.isFailure)
          assert(
            refused !== undefined && refused.cause._tag === "Fail" && refused.cause.error._tag === "RateLimitExceeded"
          )
          const retryAfter = Duration.toMillis(refused.cause.error.retryAfter)
          assert.isAtLeast(retryAfter, 86_400_000 - 10_000)
          assert.isAtMost(retryAfter, 86_400_000)
        }).pipe(Effect.provide(RedisServer)),
      30_000
    )

    it.live("a worker with another token keeps its own budget", () =>
      Effect.gen(function*() {
        const [fleet, other] = yield* workers("fleet-token", "another-token")
        yield* Effect.all([fleet.calls(3), other.calls(3)], { concurrency: "unbounded" })
        const started = (sent: ReadonlyArray<{ readonly at: number }>) =>
          sent.map((request) => request.at - (sent[0]?.at ?? 0))
        for (const offsets of [started(fleet.sent), started(other.sent)]) {
          assert.strictEqual(offsets.length, 3)
          assert.isAtMost(offsets[2] ?? Infinity, 3 * 210)
        }
      }).pipe(Effect.provide(RedisServer)), 30_000)
  })
})
