/**
 * Budgets as Samsara counts them, on `TestClock`: windows of a minute or more let a burst up to the limit go at
 * once and refuse (or wait for) only what would exceed it within the window; sub-minute windows stay spacings;
 * `rateLimit.key` shares budgets between tokens; and Samsara's global ceilings hold across operations and tokens.
 * Hundreds of calls at once on `TestClock` take seconds, hence the longer timeout.
 */
import * as RateLimiter from "@effect/experimental/RateLimiter"
import { assert, describe, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import * as TestClock from "effect/TestClock"
import { CustomReports } from "../src/CustomReports.js"
import { Forms } from "../src/Forms.js"
import { Media } from "../src/Media.js"
import { SamsaraClient } from "../src/SamsaraClient.js"
import type { SamsaraError } from "../src/SamsaraError.js"
import { TrainingCourses } from "../src/TrainingCourses.js"
import * as Fixtures from "./support/fixtures.js"
import { json, scripted } from "./support/scriptedHttp.js"

const emptyPage = json({ data: [], pagination: Fixtures.page("", false) })
const answer = (request: { readonly url: string }) =>
  request.url.includes("/custom-reports/runs")
    ? json({ data: { id: "run-1", customReportId: "cr-1", createdAtTime: "2024-06-02T01:00:00Z" } })
    : request.url.includes("/cameras/media")
    ? json({ data: { media: [] }, pagination: Fixtures.page("", false) })
    : emptyPage

const day = 86_400_000
const minute = 60_000

/**
 * The operation services on one client over a scripted transport, built once for the test's scope; the client's
 * store is its own unless given.
 */
const client = (
  options: Omit<SamsaraClient.Options, "token"> & { readonly token?: string },
  store?: Layer.Layer<RateLimiter.RateLimiterStore>
) => {
  const http = scripted(answer)
  const settings = { ...options, token: Redacted.make(options.token ?? "token-a") }
  const samsara = store === undefined
    ? SamsaraClient.layer(settings)
    : SamsaraClient.layerWithRateLimiterStore(settings).pipe(Layer.provide(store))
  const layer = Layer.mergeAll(TrainingCourses.layer, CustomReports.layer, Forms.layer, Media.layer).pipe(
    Layer.provide(samsara),
    Layer.provide(http.layer),
    Layer.orDie
  )
  return Effect.map(Layer.build(layer), (services) => ({
    sent: http.sent,
    run: <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.provide(effect, services)
  }))
}

type Client = Effect.Effect.Success<ReturnType<typeof client>>

const postRun = (options?: SamsaraClient.CallOptions) =>
  Effect.flatMap(CustomReports, (reports) =>
    reports.postCustomReportRun({
      customReportId: "cr-1",
      startTime: "2024-06-01T00:00:00Z",
      endTime: "2024-06-02T00:00:00Z"
    }, options))

const getCourses = Effect.flatMap(TrainingCourses, (courses) => courses.getTrainingCourses())
const getForms = Effect.flatMap(Forms, (forms) => forms.getFormTemplates())
const listMedia = Effect.flatMap(
  Media,
  (media) => media.listUploadedMedia({ startTime: "2024-06-01T10:00:00Z", endTime: "2024-06-01T11:00:00Z" })
)

const times = <A, E, R>(count: number, effect: Effect.Effect<A, E, R>) =>
  Effect.all(Array.from({ length: count }, () => effect), { concurrency: "unbounded" })

/**
 * Starts `count` copies, 15 at once every 120 ms: Samsara's 150/s ceiling per token lets 15 go together and then
 * one per 8 ms, so none of them waits, and the clock moves 120 ms per 15.
 */
const started = <A, E, R>(samsara: Client, count: number, effect: Effect.Effect<A, E, R>) =>
  Effect.forEach(
    Array.from({ length: Math.ceil(count / 15) }, (_, batch) => Math.min(15, count - batch * 15)),
    (size) => Effect.zipRight(samsara.run(times(size, effect)), TestClock.adjust("120 millis")),
    { discard: true }
  )

const refusal = <A>(exit: Exit.Exit<A, SamsaraError>) => {
  assert(Exit.isFailure(exit) && exit.cause._tag === "Fail")
  const error = exit.cause.error
  assert(error._tag === "RateLimitExceeded")
  return error
}

/** The most requests that started within any span of `windowMillis`. */
const busiestWindow = (starts: ReadonlyArray<number>, windowMillis: number) => {
  const sorted = [...starts].sort((a, b) => a - b)
  let busiest = 0
  for (let first = 0, last = 0; last < sorted.length; last++) {
    while ((sorted[last] ?? 0) - (sorted[first] ?? 0) >= windowMillis) first++
    busiest = Math.max(busiest, last - first + 1)
  }
  return busiest
}

describe("a daily budget (240 a day)", { timeout: 30_000 }, () => {
  it.scoped("five runs at once all start at once, with no wait", () =>
    Effect.gen(function*() {
      const samsara = yield* client({})
      yield* samsara.run(times(5, postRun()))
      assert.deepStrictEqual(samsara.sent.map((request) => request.at), [0, 0, 0, 0, 0])
    }))

  it.scoped("the 241st run in the window is refused, sending nothing, until the window closes a day after it opened", () =>
    Effect.gen(function*() {
      const samsara = yield* client({})
      yield* started(samsara, 240, postRun())
      assert.deepStrictEqual(samsara.sent.map((request) => request.at).slice(0, 16), [
        ...Array.from({ length: 15 }, () => 0),
        120
      ])
      yield* TestClock.setTime(10 * minute)
      const refused = refusal(yield* samsara.run(Effect.exit(postRun())))
      assert.deepStrictEqual(refused.retryAfter, Duration.millis(day - 10 * minute))
      assert.deepStrictEqual(refused.budget, { limit: 240, window: Duration.days(1) })
      // The rate limiter's own refusal is kept; its store key holds a hash of the token, never the token.
      assert(refused.cause instanceof RateLimiter.RateLimitExceeded)
      assert.deepStrictEqual([refused.cause.limit, refused.cause.retryAfter], [240, refused.retryAfter])
      assert.match(
        refused.cause.key,
        /^effect-samsara:token:[0-9a-f]+:postCustomReportRun:POST \/preview\/custom-reports\/runs$/
      )
      assert.strictEqual(
        refused.message,
        "postCustomReportRun: Samsara allows 240 per 1d, all taken in the current window; the next request may start in 23h 50m (pass waitForRateLimit to wait)"
      )
      assert.strictEqual(samsara.sent.length, 240)
      yield* TestClock.adjust(Duration.millis(day - 10 * minute - 1))
      assert.strictEqual(refusal(yield* samsara.run(Effect.exit(postRun()))).retryAfter.pipe(Duration.toMillis), 1)
      yield* TestClock.adjust("1 millis")
      yield* samsara.run(postRun())
      assert.deepStrictEqual(samsara.sent.map((request) => request.at).slice(240), [day])
    }))

  it.scoped("a start joins the window its first run opened while it is open: the window counts from its opening", () =>
    Effect.gen(function*() {
      const samsara = yield* client({})
      yield* samsara.run(times(5, postRun()))
      // Five starts keep the window open 5 × 6 minutes; at 20 minutes the next 235 join it and fill it.
      yield* TestClock.setTime(20 * minute)
      yield* started(samsara, 235, postRun())
      const refused = refusal(yield* samsara.run(Effect.exit(postRun())))
      assert.deepStrictEqual(refused.retryAfter, Duration.millis(day - (yield* TestClock.currentTimeMillis)))
      assert.strictEqual(samsara.sent.length, 240)
    }))

  it.scoped("a window that took fewer runs closes after 6 minutes per run, and the next run opens a fresh one", () =>
    Effect.gen(function*() {
      const samsara = yield* client({})
      yield* samsara.run(times(5, postRun()))
      yield* TestClock.setTime(30 * minute)
      yield* started(samsara, 240, postRun())
      assert.strictEqual(
        refusal(yield* samsara.run(Effect.exit(postRun()))).retryAfter.pipe(Duration.toMillis),
        30 * minute + day - (yield* TestClock.currentTimeMillis)
      )
      assert.strictEqual(samsara.sent.length, 245)
    }))

  it.scoped("waitForRateLimit waits until the window closes, then starts", () =>
    Effect.gen(function*() {
      const samsara = yield* client({})
      yield* started(samsara, 240, postRun())
      yield* TestClock.setTime(10 * minute)
      const waiting = yield* Effect.fork(samsara.run(postRun({ waitForRateLimit: true })))
      yield* TestClock.adjust(Duration.millis(day - 10 * minute - 1))
      assert.strictEqual(samsara.sent.length, 240)
      yield* TestClock.adjust("1 millis")
      yield* Fiber.join(waiting)
      assert.deepStrictEqual(samsara.sent.map((request) => request.at).slice(240), [day])
    }))
})

describe("a one-minute budget (100 a minute)", { timeout: 30_000 }, () => {
  it.scoped("100 start with no wait; by default the next ones wait for the window, a minute after it opened", () =>
    Effect.gen(function*() {
      const samsara = yield* client({})
      yield* started(samsara, 100, listMedia)
      const waiting = yield* Effect.fork(samsara.run(times(17, listMedia)))
      yield* TestClock.setTime(minute - 1)
      assert.strictEqual(samsara.sent.length, 100)
      yield* TestClock.adjust("1 second")
      yield* Fiber.join(waiting)
      // They start as the window closes, spread only by the 150/s ceiling (15 at once, then 8 ms apart).
      assert.deepStrictEqual(samsara.sent.map((request) => request.at).slice(100), [
        ...Array.from({ length: 15 }, () => minute),
        minute + 8,
        minute + 16
      ])
    }))

  it.scoped("waitForRateLimit: false refuses the 101st with the time until the window closes", () =>
    Effect.gen(function*() {
      const samsara = yield* client({})
      yield* started(samsara, 100, listMedia)
      yield* TestClock.setTime(15_000)
      const refused = refusal(
        yield* samsara.run(
          Effect.exit(
            Effect.flatMap(
              Media,
              (media) =>
                media.listUploadedMedia({ startTime: "2024-06-01T10:00:00Z", endTime: "2024-06-01T11:00:00Z" }, {
                  waitForRateLimit: false
                })
            )
          )
        )
      )
      assert.deepStrictEqual(refused.retryAfter, Duration.seconds(45))
      assert.strictEqual(samsara.sent.length, 100)
    }))
})

describe("the minute is the line", () => {
  for (
    const [name, window, starts] of [
      ["a sub-minute window stays a strict spacing: 2 per 59 s start 30.975 s apart", "59 seconds", [
        0,
        30_975,
        61_950
      ]],
      ["a one-minute window is a budget: 2 per minute start at once, the third a minute later", "1 minute", [
        0,
        0,
        minute
      ]]
    ] as const
  ) {
    it.scoped(name, () =>
      Effect.gen(function*() {
        const samsara = yield* client({ rateLimit: { budgets: { getTrainingCourses: { limit: 2, window } } } })
        const calls = yield* Effect.fork(samsara.run(times(3, getCourses)))
        yield* TestClock.adjust("2 minutes")
        yield* Fiber.join(calls)
        assert.deepStrictEqual(samsara.sent.map((request) => request.at), [...starts])
      }))
  }
})

describe("rateLimit.key", { timeout: 30_000 }, () => {
  /** Two clients over one memory store, each calling `getTrainingCourses` (5/s) once at the same instant. */
  const pair = (first: { token: string; key?: string }, second: { token: string; key?: string }) =>
    Effect.gen(function*() {
      const store = Layer.succeedContext(yield* Layer.build(RateLimiter.layerStoreMemory))
      const clients = yield* Effect.forEach(
        [first, second],
        ({ key, token }) => client({ token, ...(key === undefined ? {} : { rateLimit: { key } }) }, store)
      )
      const calls = yield* Effect.fork(Effect.all(clients.map((samsara) => samsara.run(getCourses)), {
        concurrency: "unbounded"
      }))
      const from = yield* TestClock.currentTimeMillis
      yield* TestClock.adjust("1 second")
      yield* Fiber.join(calls)
      return clients.flatMap((samsara) => samsara.sent.map((request) => request.at - from)).sort((a, b) => a - b)
    }).pipe(Effect.scoped)

  it.scoped("two tokens with the same key share the budget: the second start waits a slot", () =>
    Effect.map(
      pair({ token: "token-a", key: "org-1" }, { token: "token-b", key: "org-1" }),
      (starts) => assert.deepStrictEqual(starts, [0, 210])
    ))

  it.scoped("different keys, or no key and different tokens, keep their own budgets", () =>
    Effect.gen(function*() {
      assert.deepStrictEqual(yield* pair({ token: "token-a", key: "org-1" }, { token: "token-b", key: "org-2" }), [
        0,
        0
      ])
      assert.deepStrictEqual(yield* pair({ token: "token-a" }, { token: "token-b" }), [0, 0])
    }))

  it.scoped("a shared daily budget refuses the 241st run whichever token asks", () =>
    Effect.gen(function*() {
      const store = Layer.succeedContext(yield* Layer.build(RateLimiter.layerStoreMemory))
      const first = yield* client({ token: "token-a", rateLimit: { key: "org-1" } }, store)
      const second = yield* client({ token: "token-b", rateLimit: { key: "org-1" } }, store)
      yield* started(first, 200, postRun())
      yield* started(second, 40, postRun())
      const refused = refusal(yield* second.run(Effect.exit(postRun())))
      assert.deepStrictEqual(refused.retryAfter, Duration.millis(day - (yield* TestClock.currentTimeMillis)))
      assert.strictEqual(first.sent.length + second.sent.length, 240)
    }).pipe(Effect.scoped))
})

describe("a rate-limit store that fails", () => {
  const storeDown = () =>
    new RateLimiter.RateLimitStoreError({
      message: "the store did not answer",
      cause: new Error("connect ECONNREFUSED 127.0.0.1:6379")
    })
  const failing = Layer.succeed(RateLimiter.RateLimiterStore, {
    fixedWindow: () => Effect.fail(storeDown()),
    tokenBucket: () => Effect.fail(storeDown())
  })

  it.scoped("fails the call with a TransportError that keeps the store's error, sending nothing", () =>
    Effect.gen(function*() {
      const samsara = yield* client({ retry: Schedule.stop }, failing)
      const exit = yield* samsara.run(Effect.exit(getCourses))
      assert(Exit.isFailure(exit) && exit.cause._tag === "Fail" && exit.cause.error._tag === "TransportError")
      const error = exit.cause.error
      assert(error.cause instanceof RateLimiter.RateLimitStoreError)
      assert.strictEqual(
        error.message,
        "getTrainingCourses: the rate-limit store failed: the store did not answer: connect ECONNREFUSED 127.0.0.1:6379"
      )
      assert.strictEqual(samsara.sent.length, 0)
    }))
})

describe("global ceilings", { timeout: 30_000 }, () => {
  /** Budgets far above the ceilings and no spacing (a million a minute is one burst), so only the ceilings pace. */
  const unbounded = { limit: 1_000_000, window: "1 minute" } as const
  const budgets = { getTrainingCourses: unbounded, getFormTemplates: unbounded }
  const hammer = (samsara: Client, count: number) =>
    samsara.run(Effect.all(Array.from({ length: count }, (_, index) => index % 2 === 0 ? getCourses : getForms), {
      concurrency: "unbounded"
    }))

  it.scoped("one token never starts more than 150 requests in any second, across operations", () =>
    Effect.gen(function*() {
      const samsara = yield* client({ rateLimit: { budgets } })
      const calls = yield* Effect.fork(hammer(samsara, 200))
      yield* TestClock.adjust("10 seconds")
      yield* Fiber.join(calls)
      const starts = samsara.sent.map((request) => request.at)
      assert.strictEqual(starts.length, 200)
      assert.isAtMost(busiestWindow(starts, 1000), 150)
      // 15 at once, then one per 8 ms: the ceiling is used, not just respected.
      assert.strictEqual(starts.filter((at) => at === 0).length, 15)
      assert.strictEqual(Math.max(...starts), (200 - 15) * 8)
    }))

  it.scoped("two tokens of one organization (one key) never start more than 200 in any second together", () =>
    Effect.gen(function*() {
      const store = Layer.succeedContext(yield* Layer.build(RateLimiter.layerStoreMemory))
      const first = yield* client({ token: "token-a", rateLimit: { key: "org-1", budgets } }, store)
      const second = yield* client({ token: "token-b", rateLimit: { key: "org-1", budgets } }, store)
      const calls = yield* Effect.fork(Effect.all([hammer(first, 180), hammer(second, 180)], {
        concurrency: "unbounded"
      }))
      yield* TestClock.adjust("10 seconds")
      yield* Fiber.join(calls)
      const starts = [...first.sent, ...second.sent].map((request) => request.at)
      assert.strictEqual(starts.length, 360)
      assert.isAtMost(busiestWindow(starts, 1000), 200)
      // Each token alone would allow 125/s, 250/s together: the organization's ceiling is what holds them.
      assert.isAtLeast(busiestWindow(starts, 1000), 160)
      for (const own of [first.sent, second.sent]) {
        assert.isAtMost(busiestWindow(own.map((request) => request.at), 1000), 150)
      }
    }).pipe(Effect.scoped))

  it.scoped("rateLimit: false turns every budget and ceiling off", () =>
    Effect.gen(function*() {
      const samsara = yield* client({ rateLimit: false })
      yield* samsara.run(Effect.all([times(100, getCourses), times(250, postRun())], { concurrency: "unbounded" }))
      assert.deepStrictEqual(new Set(samsara.sent.map((request) => request.at)), new Set([0]))
      assert.strictEqual(samsara.sent.length, 350)
    }))
})
