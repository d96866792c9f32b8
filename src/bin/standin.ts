#!/usr/bin/env node
/**
 * `effect-samsara-standin`: serves the Samsara stand-in on a loopback port until interrupted, for trying the client,
 * `curl` or another language's SDK against Samsara's Preview APIs with no account and no network.
 *
 * @since 0.1.0
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { parseArgs } from "node:util"
import { StandIn } from "../testing/StandIn.js"
import { serve } from "../testing/StandInServer.js"

const usage = `Usage: effect-samsara-standin [--port N] [--host HOST] [--seed N] [--token TOKEN] [--no-rate-limits]

Serves a deterministic stand-in for Samsara's Preview APIs. Options may also come from the environment:
SAMSARA_STANDIN_PORT, SAMSARA_STANDIN_HOST, SAMSARA_STANDIN_SEED, SAMSARA_STANDIN_TOKEN and
SAMSARA_STANDIN_RATE_LIMITS=false.`

class UsageError {
  readonly _tag = "UsageError"
  constructor(readonly message: string) {}
}

const integer = (name: string, text: string | undefined): Effect.Effect<number | undefined, UsageError> =>
  text === undefined
    ? Effect.succeed(undefined)
    : /^\d+$/.test(text)
    ? Effect.succeed(Number(text))
    : Effect.fail(new UsageError(`${name} must be a non-negative integer, got ${JSON.stringify(text)}\n\n${usage}`))

const settings = Effect.gen(function*() {
  const { values } = yield* Effect.try({
    try: () =>
      parseArgs({
        options: {
          port: { type: "string" },
          host: { type: "string" },
          seed: { type: "string" },
          token: { type: "string" },
          "no-rate-limits": { type: "boolean" },
          help: { type: "boolean", short: "h" }
        }
      }),
    catch: (error) => new UsageError(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`)
  })
  const env = process.env
  const port = yield* integer("--port", values.port ?? env["SAMSARA_STANDIN_PORT"])
  const seed = yield* integer("--seed", values.seed ?? env["SAMSARA_STANDIN_SEED"])
  const token = values.token ?? env["SAMSARA_STANDIN_TOKEN"]
  return {
    help: values.help === true,
    host: values.host ?? env["SAMSARA_STANDIN_HOST"] ?? "127.0.0.1",
    port,
    standIn: {
      ...(seed === undefined ? {} : { seed }),
      ...(token === undefined ? {} : { token }),
      rateLimits: values["no-rate-limits"] !== true && env["SAMSARA_STANDIN_RATE_LIMITS"] !== "false"
    }
  }
})

const main = Effect.gen(function*() {
  const options = yield* settings
  if (options.help) return yield* Console.log(usage)
  yield* Effect.scoped(
    Effect.gen(function*() {
      const standIn = yield* StandIn
      const { url } = yield* serve({
        host: options.host,
        ...(options.port === undefined ? {} : { port: options.port })
      })
      yield* Console.log(`Samsara stand-in listening on ${url} (token: ${Redacted.value(standIn.token)})`)
      return yield* Effect.never
    })
  ).pipe(Effect.provide(StandIn.layer(options.standIn)))
}).pipe(
  Effect.catchTag(
    "UsageError",
    (error) => Effect.zipRight(Console.error(error.message), Effect.sync(() => void (process.exitCode = 2)))
  )
)

NodeRuntime.runMain(main)
