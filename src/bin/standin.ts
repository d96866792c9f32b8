#!/usr/bin/env node
/**
 * `effect-samsara-standin`: serves the Samsara stand-in on a loopback port until interrupted, for trying the client,
 * `curl` or another language's SDK against Samsara's Preview APIs and its current API, both on their own paths,
 * with no account and no network.
 *
 * @since 0.1.0
 */
import { makeRunMain } from "@effect/platform/Runtime"
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { parseArgs } from "node:util"
import { StandIn } from "../testing/StandIn.js"
import { serve } from "../testing/StandInServer.js"

const usage = `Usage: effect-samsara-standin [--port N] [--host HOST] [--seed N] [--token TOKEN] [--no-rate-limits]

Serves a deterministic stand-in for Samsara's Preview APIs and its current API, both generations from one
generated organisation. Options may also come from the environment:
SAMSARA_STANDIN_PORT, SAMSARA_STANDIN_HOST, SAMSARA_STANDIN_SEED, SAMSARA_STANDIN_TOKEN and
SAMSARA_STANDIN_RATE_LIMITS=false. A flag wins over the environment.`

class UsageError {
  readonly _tag = "UsageError"
  constructor(readonly message: string) {}
}

const settings = Config.all({
  port: Config.integer("port").pipe(
    Config.validate({ message: "Expected a port from 0 to 65535", validation: (port) => port >= 0 && port <= 65535 }),
    Config.withDefault(0)
  ),
  host: Config.string("host").pipe(Config.withDefault("127.0.0.1")),
  seed: Config.integer("seed").pipe(Config.withDefault(1)),
  token: Config.string("token").pipe(Config.withDefault("standin-token")),
  rateLimits: Config.boolean("rateLimits").pipe(Config.withDefault(true))
})

/** The flags as a config source, keyed by setting name; `--help` is not a setting. */
const fromArgv = (args: ReadonlyArray<string>) =>
  Effect.try({
    try: () => {
      const { values } = parseArgs({
        args: [...args],
        options: {
          port: { type: "string" },
          host: { type: "string" },
          seed: { type: "string" },
          token: { type: "string" },
          "no-rate-limits": { type: "boolean" },
          help: { type: "boolean", short: "h" }
        }
      })
      const { help, "no-rate-limits": noRateLimits, ...named } = values
      const entries = Object.entries(named).flatMap(([name, value]) =>
        value === undefined ? [] : [[name, value]] as const
      )
      return {
        help: help === true,
        flags: new Map(noRateLimits === true ? [...entries, ["rateLimits", "false"] as const] : entries)
      }
    },
    catch: (error) => new UsageError(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`)
  })

/** Where a setting came from, as the user wrote it: `--port` or `SAMSARA_STANDIN_PORT`. */
const settingName = (path: ReadonlyArray<string>) =>
  path[0] === "SAMSARA_STANDIN"
    ? path.join("_")
    : `--${path.join(".").replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`

/**
 * The problems in a config error, one a line. Every setting is read from the flags or else the environment, so a
 * bad value comes paired with "missing from the other source", which is noise next to the real problem.
 */
const problems = (error: ConfigError.ConfigError): ReadonlyArray<string> => {
  switch (error._op) {
    case "And":
      return [...problems(error.left), ...problems(error.right)]
    case "Or":
      return ConfigError.isMissingDataOnly(error.left)
        ? problems(error.right)
        : ConfigError.isMissingDataOnly(error.right)
        ? problems(error.left)
        : [...problems(error.left), ...problems(error.right)]
    case "InvalidData":
    case "MissingData":
    case "SourceUnavailable":
    case "Unsupported":
      return [`${settingName(error.path)}: ${error.message}`]
  }
}

const main = Effect.gen(function*() {
  const { flags, help } = yield* fromArgv(process.argv.slice(2))
  if (help) return yield* Console.log(usage)
  const options = yield* Effect.withConfigProvider(
    settings,
    ConfigProvider.fromMap(flags).pipe(
      ConfigProvider.orElse(() =>
        ConfigProvider.fromEnv().pipe(ConfigProvider.nested("SAMSARA_STANDIN"), ConfigProvider.constantCase)
      )
    )
  ).pipe(Effect.mapError((error) => new UsageError(`Invalid settings:\n  ${problems(error).join("\n  ")}\n\n${usage}`)))
  yield* Effect.scoped(
    Effect.gen(function*() {
      const standIn = yield* StandIn
      const { url } = yield* serve({ host: options.host, port: options.port })
      // The token is the stand-in's own test token, printed so a user can paste it into curl.
      yield* Console.log(`Samsara stand-in listening on ${url} (token: ${Redacted.value(standIn.token)})`)
      return yield* Effect.never
    })
  ).pipe(
    Effect.provide(StandIn.layer({ seed: options.seed, token: options.token, rateLimits: options.rateLimits }))
  )
})

/** Exit codes as shells expect: 2 for a usage mistake, 1 for a failure to serve. */
const exitWith = (code: number, message: string) =>
  Effect.zipRight(Console.error(message), Effect.sync(() => void (process.exitCode = code)))

/**
 * `NodeRuntime.runMain` without `@effect/platform-node`, so the bin needs only `effect-samsara`'s required peers:
 * Ctrl-C or SIGTERM interrupts the program, which closes the server and lets the process end.
 */
const runMain = makeRunMain(({ fiber, teardown }) => {
  const stop = () => fiber.unsafeInterruptAsFork(fiber.id())
  process.once("SIGINT", stop)
  process.once("SIGTERM", stop)
  fiber.addObserver((exit) => {
    process.off("SIGINT", stop)
    process.off("SIGTERM", stop)
    // A code of 0 must not overwrite the 1 or 2 that `exitWith` set.
    teardown(exit, (code) => {
      if (code !== 0) process.exitCode = code
    })
  })
})

runMain(
  main.pipe(
    Effect.catchTags({
      UsageError: (error) => exitWith(2, error.message),
      StandInServerError: (error) => exitWith(1, error.message)
    })
  )
)
