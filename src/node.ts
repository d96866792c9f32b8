/**
 * Node entry point: the client on undici, so a Node application needs no transport setup. Other runtimes use
 * `SamsaraClient.layer` with `FetchHttpClient.layer`.
 *
 * The transport, `layerHttpClient`, is an `HttpClient` over an undici `Agent` that does per request only what a
 * Samsara call needs: no `URL` object for a URL `URL` would send unchanged, no interruptible wrapper around each
 * response (a body whose read is interrupted is destroyed, and one never read is destroyed when its response is
 * garbage-collected, as the platform's are). It costs less CPU per page than
 * `NodeHttpClient.layerUndici` (README, Performance). It follows no redirects (neither does the platform's), sends
 * no multipart bodies, and reads no per-request undici options from `NodeHttpClient.UndiciRequestOptions` (give the
 * `Dispatcher` its options instead). Any other `HttpClient` works with `SamsaraClient.layer` as well.
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
import * as HttpClient from "@effect/platform/HttpClient"
import type * as ConfigError from "effect/ConfigError"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as UndiciHttpClient from "./internal/undiciHttpClient.js"
import * as PreviewApis from "./PreviewApis.js"
import { SamsaraClient } from "./SamsaraClient.js"
import type { SamsaraConfigError } from "./SamsaraError.js"

/**
 * The `HttpClient` over the undici `Dispatcher` in context: give it a `ProxyAgent`, say, with
 * `Layer.succeed(NodeHttpClient.Dispatcher, agent)`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerHttpClientWithoutDispatcher: Layer.Layer<HttpClient.HttpClient, never, NodeHttpClient.Dispatcher> =
  Layer.effect(HttpClient.HttpClient, Effect.map(NodeHttpClient.Dispatcher, UndiciHttpClient.make))

/**
 * The `HttpClient` of `layer` and `layerConfig`, over an undici `Agent` of its own, closed with the layer. Use it
 * to run `effect-samsara/ga`'s services on Node:
 *
 * ```ts
 * import { Layer } from "effect"
 * import { SamsaraClient } from "effect-samsara"
 * import { Api } from "effect-samsara/ga"
 * import * as NodeSamsara from "effect-samsara/node"
 *
 * const SamsaraLive = Api.layer.pipe(
 *   Layer.provideMerge(SamsaraClient.layerConfig()),
 *   Layer.provide(NodeSamsara.layerHttpClient)
 * )
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerHttpClient: Layer.Layer<HttpClient.HttpClient> = Layer.provide(
  layerHttpClientWithoutDispatcher,
  NodeHttpClient.dispatcherLayer
)

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
    Layer.provide(layerHttpClient)
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
    Layer.provide(layerHttpClient)
  )
