/**
 * What a client holds besides what its users configure: the throttle, the cap on requests in flight and the body
 * cap. Kept beside the service rather than on it, so `SamsaraClient.Service` shows only settings, and a
 * hand-written service in a test runs unpaced and uncapped.
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { identity } from "effect/Function"
import type { OperationId } from "../OperationId.js"
import type { RateLimitExceeded, TransportError } from "../SamsaraError.js"
import type { Facts } from "./operation.js"

/** A client's internal controls. */
export interface Controls {
  /**
   * Takes a start for one request of `operation` under its budget (the client's override, or the documented one),
   * waiting for one (`"delay"`) or failing at once (`"fail"`), then under the global ceilings; returns how long it
   * waited. Immediate when pacing is off.
   */
  readonly throttle: (
    operation: Pick<Facts, "method" | "path" | "budget"> & { readonly id: OperationId },
    onExceeded: "delay" | "fail"
  ) => Effect.Effect<Duration.Duration, RateLimitExceeded | TransportError>
  /** Runs one request under the cap on requests in flight, when one is set. */
  readonly inFlight: <A, E, R>(request: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  /** A body larger than this fails cleanly instead of filling memory. */
  readonly maxResponseBytes: number
}

/** The default body cap, 32 MiB. */
export const defaultMaxResponseBytes = 32 * 1024 * 1024

const unpaced: Controls = {
  throttle: () => Effect.succeed(Duration.zero),
  inFlight: identity,
  maxResponseBytes: defaultMaxResponseBytes
}

const controls = new WeakMap<object, Controls>()

/** Records `service`'s controls and returns it. */
export const withControls = <Service extends object>(service: Service, of: Controls): Service => {
  controls.set(service, of)
  return service
}

/** The controls `service` was built with; none (unpaced, uncapped, the default body cap) for one built by hand. */
export const controlsOf = (service: object): Controls => controls.get(service) ?? unpaced
