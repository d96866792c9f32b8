/**
 * The stand-in on real sockets: `serve` on 127.0.0.1 and the client on each Node transport
 * (`support/transports.ts`), so resets, truncated bodies and closing the server are what undici actually sees; and the CLI as a child process. These run
 * on the live clock, and wait on events (a line on stdout, a process exiting), never on sleeps.
 */
import type * as HttpClient from "@effect/platform/HttpClient"
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
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { Forms } from "../src/Forms.js"
import { SamsaraClient } from "../src/SamsaraClient.js"
import { Fault, layerClient, serve, StandIn, StandInServerError } from "../src/testing.js"
import { TrainingCourses } from "../src/TrainingCourses.js"
import { transports } from "./support/transports.js"

/**
 * Two services on a client over `transport` for `url`, alive until the test's scope ends; no retries: one call, one
 * request.
 */
const connectOver = (transport: Layer.Layer<HttpClient.HttpClient>) =>
(
  url: string,
  token?: Redacted.Redacted<string>,
  timeout?: Duration.DurationInput
) =>
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
      Layer.provide(transport),
      Layer.build,
      Effect.map((context) => ({ courses: Context.get(context, TrainingCourses), forms: Context.get(context, Forms) }))
    ))

const received = Effect.flatMap(StandIn, (standIn) => standIn.received)

/** Waits for the server to have read `count` requests: an event on the server's side, polled. */
const untilReceived = (count: number) =>
  Effect.repeat(received, { until: (requests) => requests.length >= count, schedule: Schedule.spaced("5 millis") })

const inject = (rule: Parameters<StandIn.Service["inject"]>[0]) =>
  Effect.flatMap(StandIn, (standIn) => standIn.inject(rule))

const root = fileURLToPath(new URL("..", import.meta.url))

/** The environment without the CLI's own settings, so the developer's shell cannot change what a test sees. */
const cleanEnv = Object.fromEntries(
  Object.entries(process.env).flatMap(([name, value]) =>
    value === undefined || name.startsWith("SAMSARA_STANDIN_") ? [] : [[name, value]]
  )
)

/** A module as an `--import` argument. */
const dataUrl = (source: string) => `data:text/javascript,${encodeURIComponent(source)}`

/**
 * Resolution hooks that act as if `@effect/platform-node` were not installed: the README asks for it only for the
 * Node entry point, so the bin must run with `effect-samsara` and its required peers alone.
 */
const withoutPlatformNode = dataUrl(`import { register } from "node:module"
register(${
  JSON.stringify(dataUrl(`export const resolve = (specifier, context, next) => {
  if (specifier.startsWith("@effect/platform-node")) {
    throw Object.assign(new Error("Cannot find package " + specifier), { code: "ERR_MODULE_NOT_FOUND" })
  }
  return next(specifier, context)
}`))
})`)

/**
 * The CLI in a child process, without `@effect/platform-node`, killed when the scope ends if it is still running.
 * `node --import tsx` rather than `npx tsx`: one process, so a signal sent to it reaches the CLI itself and not a
 * wrapper.
 */
const cli = (args: ReadonlyArray<string>, env: Readonly<Record<string, string>> = {}) =>
  Effect.acquireRelease(
    Effect.sync(() => {
      const nodeArgs = ["--import", "tsx", "--import", withoutPlatformNode, "src/bin/standin.ts", ...args]
      const child = spawn(process.execPath, nodeArgs, {
        cwd: root,
        env: { ...cleanEnv, ...env },
        stdio: ["ignore", "pipe", "pipe"]
      })
      const output = { stdout: "", stderr: "" }
      child.stdout.on("data", (chunk: Buffer) => void (output.stdout += chunk.toString("utf8")))
      child.stderr.on("data", (chunk: Buffer) => void (output.stderr += chunk.toString("utf8")))
      // Registered now, so an early exit is not missed by a later wait.
      const closed = new Promise<{ readonly code: number | null; readonly signal: string | null }>((resolve) =>
        child.once("close", (code, signal) => resolve({ code, signal }))
      )
      return { child, output, closed }
    }),
    ({ child }) =>
      Effect.sync(() => void (child.exitCode === null && child.signalCode === null && child.kill("SIGKILL")))
  )

type Cli = Effect.Effect.Success<ReturnType<typeof cli>>

const banner = /Samsara stand-in listening on (http:\/\/127\.0\.0\.1:\d+) \(token: (\S+)\)\n/

/** The URL and token the CLI prints once it listens: read off stdout as it arrives. */
const listening = ({ child, output }: Cli) =>
  Effect.async<{ readonly url: string; readonly token: string }, Error>((resume) => {
    const check = () => {
      const match = banner.exec(output.stdout)
      if (match !== null) {
        stop()
        resume(Effect.succeed({ url: match[1] ?? "", token: match[2] ?? "" }))
      }
    }
    const exited = () => {
      stop()
      resume(Effect.fail(new Error(`the CLI exited before listening: ${output.stdout}${output.stderr}`)))
    }
    const stop = () => {
      child.stdout.off("data", check)
      child.off("close", exited)
    }
    child.stdout.on("data", check)
    child.once("close", exited)
    check()
    return Effect.sync(stop)
  })

/** The status of `GET /preview/training-courses` with `token`, over `fetch`. */
const courses = (url: string, token: string) =>
  Effect.promise(async () => {
    const response = await fetch(`${url}/preview/training-courses`, { headers: { authorization: `Bearer ${token}` } })
    await response.arrayBuffer()
    return response.status
  })

/** How the CLI ended, and what it wrote to stderr. */
const ended = ({ closed, output }: Cli) =>
  Effect.map(Effect.promise(() => closed), (exit) => ({ ...exit, stderr: output.stderr }))

describe.each(transports)("StandIn over node:http, on %s", (_, transport) => {
  const connect = connectOver(transport)

  it.scopedLive("streams every course over real sockets, the same as in memory", () =>
    Effect.gen(function*() {
      // Options given as undefined are absent: 127.0.0.1, any free port.
      const { url } = yield* serve({ host: undefined, port: undefined })
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/)
      const { courses } = yield* connect(url)
      const overSockets = yield* Stream.runCollect(courses.streamTrainingCourses())
      assert.strictEqual(Chunk.size(overSockets), 1000)
      assert.strictEqual((yield* received).length, 10)

      const inMemory = yield* Stream.runCollect(
        Stream.unwrap(Effect.map(TrainingCourses, (service) => service.streamTrainingCourses()))
      ).pipe(Effect.provide(TrainingCourses.layer.pipe(Layer.provide(layerClient()))))
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

  it.scopedLive("serving twice on one fixed port fails with StandInServerError", () =>
    Effect.gen(function*() {
      const { port } = yield* serve()
      const error = yield* Effect.flip(serve({ port }))
      assert.instanceOf(error, StandInServerError)
      assert.deepStrictEqual([error._tag, error.message], [
        "StandInServerError",
        `The stand-in could not listen on 127.0.0.1:${port}: the port is already in use; choose another, or 0 for any ` +
        "free port"
      ])
      assert.include(error.cause, "EADDRINUSE")
      // The first server is unaffected.
      const { courses } = yield* connect(`http://127.0.0.1:${port}`)
      assert.strictEqual((yield* courses.getTrainingCourses()).data.length, 100)
    }).pipe(Effect.provide(StandIn.layer())))

  it.scopedLive("a port out of range fails with StandInServerError rather than a defect", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(serve({ port: 70_000 }))
      assert.strictEqual(error._tag, "StandInServerError")
      assert.include(error.message, "127.0.0.1:70000")
    }).pipe(Effect.provide(StandIn.layer())))
})

describe("the effect-samsara-standin CLI", () => {
  it.scopedLive(
    "prints its URL and token, serves requests with that token under Samsara's budgets, and exits 0 on SIGTERM",
    () =>
      Effect.gen(function*() {
        const standIn = yield* cli(["--port", "0"])
        const { token, url } = yield* listening(standIn)
        assert.strictEqual(token, "standin-token")
        // Samsara's budgets, as on the real API: getTrainingCourses allows 5 a second.
        const statuses = yield* Effect.forEach(Array.from({ length: 6 }), () => courses(url, token))
        assert.deepStrictEqual(statuses, [200, 200, 200, 200, 200, 429])
        standIn.child.kill("SIGTERM")
        assert.deepStrictEqual(yield* ended(standIn), { code: 0, signal: null, stderr: "" })
      }),
    30_000
  )

  it.scopedLive(
    "reads settings from flags and the environment, and exits 2 naming each bad one",
    () =>
      Effect.gen(function*() {
        // Both started at once: each spends most of its time loading.
        const [refused, fromEnv] = yield* Effect.all([
          cli(["--port", "abc"], { SAMSARA_STANDIN_SEED: "x" }),
          cli(["--port", "0", "--no-rate-limits"], { SAMSARA_STANDIN_TOKEN: "from-env" })
        ])
        const { code, stderr } = yield* ended(refused)
        assert.strictEqual(code, 2)
        assert.include(
          stderr,
          "Invalid settings:\n  --port: Expected an integer value but received \"abc\"\n" +
            "  SAMSARA_STANDIN_SEED: Expected an integer value but received \"x\"\n"
        )
        const { token, url } = yield* listening(fromEnv)
        assert.strictEqual(token, "from-env")
        // getTrainingCourses allows 5 a second; with rate limits off the sixth is answered too.
        const statuses = yield* Effect.forEach(Array.from({ length: 6 }), () => courses(url, token))
        assert.deepStrictEqual(statuses, [200, 200, 200, 200, 200, 200])
      }),
    30_000
  )

  it.scopedLive(
    "exits 1 with one readable line, not a defect trace, when its port is taken",
    () =>
      Effect.gen(function*() {
        const { port } = yield* serve()
        const { code, stderr } = yield* ended(yield* cli(["--port", String(port)]))
        assert.deepStrictEqual([code, stderr], [
          1,
          `The stand-in could not listen on 127.0.0.1:${port}: the port is already in use; choose another, or 0 for any ` +
          "free port\n"
        ])
      }).pipe(Effect.provide(StandIn.layer())),
    30_000
  )
})
