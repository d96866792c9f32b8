/**
 * `npm start`: the demo report, a section per generation (the Preview APIs, then the current API of
 * `effect-samsara/ga`), against the bundled Samsara stand-in on a loopback port, or against the real API when
 * `SAMSARA_API_TOKEN` is set (`SAMSARA_REGION` / `SAMSARA_BASE_URL` choose the host).
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { Api } from "effect-samsara/ga"
import * as NodeSamsara from "effect-samsara/node"
import { serve, StandIn } from "effect-samsara/testing"
import * as Clock from "effect/Clock"
import * as Config from "effect/Config"
import type { ConfigError } from "effect/ConfigError"
import * as Console from "effect/Console"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import { current } from "./current.js"
import { report } from "./report.js"
import { readableDuration } from "./terminal.js"

const standIn = Layer.unwrapScoped(Effect.gen(function*() {
  const { url } = yield* serve()
  const { token } = yield* StandIn
  yield* Console.log(`No SAMSARA_API_TOKEN set: using the bundled Samsara stand-in at ${url}`)
  return NodeSamsara.layer({ token, baseUrl: url })
})).pipe(Layer.provide(StandIn.layer({ mediaCapturedBefore: new Date() })))

const samsara = Layer.unwrapEffect(
  Effect.map(
    Config.option(Config.redacted("SAMSARA_API_TOKEN")),
    (token): Layer.Layer<Layer.Layer.Success<typeof standIn>, Layer.Layer.Error<typeof standIn> | ConfigError> =>
      Option.isSome(token)
        ? Layer.tap(NodeSamsara.layerConfig(), () => Console.log("Using the Samsara API (SAMSARA_API_TOKEN is set)"))
        : standIn
  )
)

const demo = Effect.gen(function*() {
  const started = yield* Clock.currentTimeMillis
  yield* Console.log("\n== Preview APIs (effect-samsara) ==")
  yield* report
  yield* Console.log("\n== Current API (effect-samsara/ga) ==")
  yield* current
  const elapsed = Duration.millis((yield* Clock.currentTimeMillis) - started)
  yield* Console.log(`\nDone in ${readableDuration(elapsed)}.`)
})

// Both generations on the one client, and so on the one stand-in or the one real organisation.
demo.pipe(Effect.provide(Api.layer.pipe(Layer.provideMerge(samsara))), NodeRuntime.runMain)
