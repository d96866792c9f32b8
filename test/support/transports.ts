/**
 * The Node transports the wire suites run on: the platform's undici client, and the one under
 * `effect-samsara/node`. Each suite runs once per transport, so the lean one is held to the platform's behaviour.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as Layer from "effect/Layer"
import * as Node from "../../src/node.js"

export const transports: ReadonlyArray<readonly [name: string, transport: Layer.Layer<HttpClient.HttpClient>]> = [
  ["NodeHttpClient.layerUndici", NodeHttpClient.layerUndici],
  ["effect-samsara/node's layerHttpClient", Node.layerHttpClient]
]
