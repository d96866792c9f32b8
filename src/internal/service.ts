/**
 * A resource's service, written once: a table of methods, each a call or a stream of a declared operation (or a
 * workflow over them), becomes the service's interface, its `Context.Tag`, its `make` and its `layer`.
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Record from "effect/Record"
import type * as Stream from "effect/Stream"
import type { OperationId } from "../OperationId.js"
import type { Pagination } from "../Pagination.js"
import { SamsaraClient } from "../SamsaraClient.js"
import type { RepeatedCursor, SamsaraError } from "../SamsaraError.js"
import { execute } from "./executor.js"
import type { Facts, Operation, PaginatedOperation } from "./operation.js"
import { paginate } from "./pagination.js"
import type { OrUndefined } from "./requestFields.js"

/** A method of a service: the operation it calls, when it calls one, and how to make it from a client. */
export interface Method<F> {
  readonly operation?: Facts | undefined
  readonly bind: (client: SamsaraClient.Service) => F
}

/** A method's arguments: the parameters (optional when every one is) and the per-call options. */
export type Arguments<Encoded> = {} extends Encoded
  ? [params?: OrUndefined<Encoded>, options?: SamsaraClient.CallOptions]
  : [params: OrUndefined<Encoded>, options?: SamsaraClient.CallOptions]

/** One call of `operation`: a page, or the operation's whole result. */
export const call = <Params, Encoded, Success>(
  operation: Operation<OperationId, string, Params, Encoded, Success>
): Method<(...args: Arguments<Encoded>) => Effect.Effect<Success, SamsaraError>> => ({
  operation,
  bind: (client) => {
    const run = execute(operation, client)
    return (...[params, options]: Arguments<Encoded>) => run(params, options)
  }
})

/** Every item of every page of `operation`, fetched as the stream is pulled. */
export const stream = <
  Params,
  Encoded extends { readonly after?: string },
  Success extends { readonly pagination: Pagination },
  Item
>(
  operation: PaginatedOperation<OperationId, string, Params, Encoded, Success, Item>
): Method<(...args: Arguments<Encoded>) => Stream.Stream<Item, SamsaraError | RepeatedCursor>> => ({
  operation,
  bind: (client) => {
    const run = paginate(operation, client)
    return (...[params, options]: Arguments<Encoded>) => run(params, options)
  }
})

/** A method written over the client, such as a workflow of several calls. */
export const custom = <F>(bind: (client: SamsaraClient.Service) => F): Method<F> => ({ bind })

/** The service a table of methods makes. */
export type ServiceOf<Methods> = { readonly [K in keyof Methods]: Methods[K] extends Method<infer F> ? F : never }

/** The table of methods that makes `Shape`. */
export type MethodsOf<Shape> = { readonly [K in keyof Shape]: Method<Shape[K]> }

/**
 * The tag of a resource's service, with `make` (the methods bound to the `SamsaraClient` in context) and `layer`.
 * `Shape` is the resource's named `Service` interface, made by `methods`.
 */
export const Tag = <Self, Shape>() => <const Name extends string>(name: Name, methods: MethodsOf<Shape>) => {
  const make: Effect.Effect<Shape, never, SamsaraClient> = Effect.map(
    SamsaraClient,
    // Each key's method makes that key's member, so the record is a `Shape`; `Record.map` cannot say so.
    (client) => Record.map(methods, (method: Method<unknown>) => method.bind(client)) as Shape
  )
  return class extends Context.Tag(`effect-samsara/${name}`)<Self, Shape>() {
    /** The service's name, as the README and the registry call it. */
    static readonly serviceName: Name = name

    /** The service's methods as data: the operation each one calls. */
    static readonly methods: MethodsOf<Shape> = methods

    /**
     * The service's methods, bound to the `SamsaraClient` in context.
     *
     * @since 0.1.0
     * @category constructors
     */
    static readonly make = make

    /**
     * The service built on the `SamsaraClient` in context.
     *
     * @since 0.1.0
     * @category layers
     */
    static readonly layer: Layer.Layer<Self, never, SamsaraClient> = Layer.effect(this, make)
  }
}
