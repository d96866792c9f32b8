/**
 * `npm start`: the demo report against the bundled Samsara stand-in on a loopback port, or against the real API
 * when `SAMSARA_API_TOKEN` is set (`SAMSARA_REGION` / `SAMSARA_BASE_URL` choose the host).
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as NodeSamsara from "effect-samsara/node"
import { serve, StandIn } from "effect-samsara/testing"
import * as Config from "effect/Config"
import type { ConfigError } from "effect/ConfigError"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import { report } from "./report.js"

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

report.pipe(Effect.provide(samsara), NodeRuntime.runMain)
