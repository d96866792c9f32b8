/**
 * The stand-in on real sockets: `serve` on 127.0.0.1 and the client on `NodeHttpClient.layerUndici`, so resets,
 * truncated bodies and closing the server are what undici actually sees. These run on the live clock.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { assert, describe, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import { Forms } from "../src/Forms.js"
import { SamsaraClient } from "../src/SamsaraClient.js"
import { Fault, layerClient, serve, StandIn } from "../src/testing.js"
import { TrainingCourses } from "../src/TrainingCourses.js"

/** Two services on an undici client for `url`, alive until the test's scope ends; no retries: one call, one request. */
const connect = (url: string, token?: Redacted.Redacted<string>, timeout?: Duration.DurationInput) =>
  Effect.flatMap(StandIn, (standIn) =>
    Layer.mergeAll(TrainingCourses.layer, Forms.layer).pipe(
      Layer.provide(
        SamsaraClient.layer({
          token: token ?? standIn.token,
          baseUrl: url,
          retry: Schedule.stop,
          ...(timeout === undefined ? {} : { timeout })
        })
      ),
      Layer.provide(NodeHttpClient.layerUndici),
      Layer.build,
      Effect.map((context) => ({ courses: Context.get(context, TrainingCourses), forms: Context.get(context, Forms) }))
    ))

const received = Effect.flatMap(StandIn, (standIn) => standIn.received)

/** Waits for the server to have read `count` requests: an event on the server's side, polled. */
const untilReceived = (count: number) =>
  Effect.repeat(received, { until: (requests) => requests.length >= count, schedule: Schedule.spaced("5 millis") })

const inject = (rule: Parameters<StandIn.Service["inject"]>[0]) =>
  Effect.flatMap(StandIn, (standIn) => standIn.inject(rule))

describe("StandIn over node:http", () => {
  it.scopedLive("streams every course over real sockets, the same as in memory", () =>
    Effect.gen(function*() {
      const { url } = yield* serve()
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/)
      const { courses } = yield* connect(url)
      const overSockets = yield* Stream.runCollect(courses.streamTrainingCourses())
      assert.strictEqual(Chunk.size(overSockets), 1000)
      assert.strictEqual((yield* received).length, 10)

      const inMemory = yield* Stream.runCollect(
        Stream.unwrap(Effect.map(TrainingCourses, (service) => service.streamTrainingCourses()))
      ).pipe(Effect.provide(TrainingCourses.layer.pipe(Layer.provide(layerClient({ rateLimits: false })))))
      assert.deepStrictEqual(Chunk.toReadonlyArray(overSockets), Chunk.toReadonlyArray(inMemory))
    }).pipe(Effect.provide(StandIn.layer({ rateLimits: false }))))

  it.scopedLive("a reset fault drops the connection: TransportError, and the server keeps serving", () =>
    Effect.gen(function*() {
      yield* inject({ operation: "getFormTemplates", fault: Fault.reset, times: 1 })
      const { forms } = yield* connect((yield* serve()).url)
      const error = yield* Effect.flip(forms.getFormTemplates())
      assert.deepStrictEqual([error._tag, "reason" in error ? error.reason : undefined], [
        "TransportError",
        "NetworkFailure"
      ])
      assert.strictEqual((yield* forms.getFormTemplates()).data.length, 50)
      assert.deepStrictEqual((yield* received).map((request) => request.status), [undefined, 200])
    }).pipe(Effect.provide(StandIn.layer())))

  it.scopedLive("a truncated body breaks off mid-way: TransportError", () =>
    Effect.gen(function*() {
      yield* inject({ fault: Fault.truncated, times: 1 })
      const { courses } = yield* connect((yield* serve()).url)
      const error = yield* Effect.flip(courses.getTrainingCourses())
      assert.strictEqual(error._tag, "TransportError")
      assert.strictEqual((yield* courses.getTrainingCourses()).data.length, 100)
    }).pipe(Effect.provide(StandIn.layer())))

  it.scopedLive("401 for a wrong token, with Samsara's error body", () =>
    Effect.gen(function*() {
      const { courses } = yield* connect((yield* serve()).url, Redacted.make("wrong-token"))
      const error = yield* Effect.flip(courses.getTrainingCourses())
      assert.strictEqual(error._tag, "Unauthorized")
      if (error._tag === "Unauthorized") {
        assert.isTrue(Option.isSome(error.requestId))
        assert.deepStrictEqual(Object.keys(JSON.parse(error.body)), ["message", "requestId"])
      }
    }).pipe(Effect.provide(StandIn.layer())))

  it.scopedLive("latency delays the answer on the real clock", () =>
    Effect.gen(function*() {
      yield* inject({ fault: Fault.latency("150 millis") })
      const { forms } = yield* connect((yield* serve()).url)
      const [elapsed, page] = yield* Effect.timed(forms.getFormTemplates())
      assert.strictEqual(page.data.length, 50)
      assert.isAtLeast(Duration.toMillis(elapsed), 140)
    }).pipe(Effect.provide(StandIn.layer())))

  it.scopedLive("a client that gives up on a slow answer does not disturb the server", () =>
    Effect.gen(function*() {
      yield* inject({ nth: 1, fault: Fault.latency("150 millis") })
      // The second answer comes after the abandoned one has been written to its closed socket.
      yield* inject({ nth: 2, fault: Fault.latency("300 millis") })
      const url = (yield* serve()).url
      const impatient = yield* connect(url, undefined, "50 millis")
      const error = yield* Effect.flip(impatient.forms.getFormTemplates())
      assert.deepStrictEqual([error._tag, "reason" in error ? error.reason : undefined], ["TransportError", "Timeout"])
      const { forms } = yield* connect(url)
      assert.strictEqual((yield* forms.getFormTemplates()).data.length, 50)
    }).pipe(Effect.provide(StandIn.layer())))

  it.scopedLive("closing the scope closes the server promptly, open and in-flight connections included", () =>
    Effect.gen(function*() {
      yield* inject({ nth: 2, fault: Fault.latency("30 seconds") })
      const serverScope = yield* Scope.make()
      const { url } = yield* Scope.extend(serve(), serverScope)
      // The client outlives the server, so its keep-alive connection is still open when the server closes.
      const { forms } = yield* connect(url)
      assert.strictEqual((yield* forms.getFormTemplates()).data.length, 50)
      const inFlight = yield* Effect.fork(forms.getFormTemplates())
      yield* untilReceived(2)

      const [closing] = yield* Effect.timed(Scope.close(serverScope, Exit.void))
      assert.isBelow(Duration.toMillis(closing), 1000)
      assert.strictEqual((yield* Effect.flip(Fiber.join(inFlight)))._tag, "TransportError")
      const refused = yield* Effect.flip(forms.getFormTemplates())
      assert.strictEqual(refused._tag, "TransportError")
    }).pipe(Effect.provide(StandIn.layer())))
})
