/**
 * Node entry point: the client on `NodeHttpClient.layerUndici`, so a Node application needs no transport setup.
 * Other runtimes use `SamsaraClient.layer` with `FetchHttpClient.layer`.
 *
 * undici refuses an interim `100 Continue` the client did not ask for, though RFC 9110 §15.2 says a client must
 * skip it: it destroys the connection, so the call fails with `TransportError` (`NetworkFailure`, "bad response")
 * once the retry policy gives up (idempotent operations send the request again first). No undici option,
 * interceptor or per-request setting changes this, and `fetch` on Node (so `FetchHttpClient`) runs the same code;
 * other interim answers such as `103 Early Hints` are skipped. Behind a proxy or server that sends one anyway, use
 * `NodeHttpClient.layer` (node:http), which skips every interim response:
 *
 * ```ts
 * import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
 * import { Layer } from "effect"
 * import { PreviewApis, SamsaraClient } from "effect-samsara"
 *
 * const SamsaraLive = PreviewApis.layer.pipe(
 *   Layer.provideMerge(SamsaraClient.layerConfig()), // SAMSARA_API_TOKEN, as `layerConfig` below
 *   Layer.provide(NodeHttpClient.layer)
 * )
 * ```
 *
 * @since 0.1.0
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import type * as ConfigError from "effect/ConfigError"
import * as Layer from "effect/Layer"
import * as PreviewApis from "./PreviewApis.js"
import { SamsaraClient } from "./SamsaraClient.js"
import type { SamsaraConfigError } from "./SamsaraError.js"

/**
 * `SamsaraClient` plus all six operation services, over undici. An unsolicited `100 Continue` fails the call with
 * `TransportError`; the module's header shows the same layer over node:http, which skips it.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options: SamsaraClient.Options
): Layer.Layer<PreviewApis.PreviewApis | SamsaraClient, SamsaraConfigError> =>
  PreviewApis.layer.pipe(
    Layer.provideMerge(SamsaraClient.layer(options)),
    Layer.provide(NodeHttpClient.layerUndici)
  )

/**
 * Like `layer`, with the token and host read from `SAMSARA_API_TOKEN`, `SAMSARA_BASE_URL` and `SAMSARA_REGION`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  options?: Parameters<typeof SamsaraClient.layerConfig>[0]
): Layer.Layer<PreviewApis.PreviewApis | SamsaraClient, ConfigError.ConfigError | SamsaraConfigError> =>
  PreviewApis.layer.pipe(
    Layer.provideMerge(SamsaraClient.layerConfig(options)),
    Layer.provide(NodeHttpClient.layerUndici)
  )
