/**
 * Node entry point: the client on `NodeHttpClient.layerUndici`, so a Node application needs no transport setup.
 * Other runtimes use `SamsaraClient.layer` with `FetchHttpClient.layer`.
 *
 * @since 0.1.0
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import type * as ConfigError from "effect/ConfigError"
import * as Layer from "effect/Layer"
import * as PreviewApis from "./PreviewApis.js"
import { SamsaraClient, type SamsaraConfigError } from "./SamsaraClient.js"

/**
 * `SamsaraClient` plus all six operation services, over undici.
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
