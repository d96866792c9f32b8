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

/** A resource's tag class: the tag, its name, its methods as data, `make` and `layer`. */
export type ServiceTag<Self, Name extends string, Shape> = Context.TagClass<Self, `effect-samsara/${Name}`, Shape> & {
  /** The service's name, as the README and the registry call it. */
  readonly serviceName: Name
  /** The service's methods as data: the operation each one calls. */
  readonly methods: MethodsOf<Shape>
  /** The service's methods, bound to the `SamsaraClient` in context. */
  readonly make: Effect.Effect<Shape, never, SamsaraClient>
  /** The service built on the `SamsaraClient` in context. */
  readonly layer: Layer.Layer<Self, never, SamsaraClient>
}

/**
 * The tag of a resource's service, with `make` (the methods bound to the `SamsaraClient` in context) and `layer`.
 * `Shape` is the resource's named `Service` interface, made by `methods`. The return type is named so that
 * declarations can be emitted for the classes that extend it.
 */
export const Tag =
  <Self, Shape>() =>
  <const Name extends string>(name: Name, methods: MethodsOf<Shape>): ServiceTag<Self, Name, Shape> => {
    const make: Effect.Effect<Shape, never, SamsaraClient> = Effect.map(
      SamsaraClient,
      // Each key's method makes that key's member, so the record is a `Shape`; `Record.map` cannot say so.
      (client) => Record.map(methods, (method: Method<unknown>) => method.bind(client)) as Shape
    )
    class ResourceTag extends Context.Tag(`effect-samsara/${name}`)<Self, Shape>() {
      static readonly serviceName = name
      static readonly methods = methods
      static readonly make = make
      static readonly layer: Layer.Layer<Self, never, SamsaraClient> = Layer.effect(this, make)
    }
    // The class is a `ServiceTag`; TypeScript cannot relate the unification types of a class and of the interface it
    // satisfies, and declarations for the classes extending it need the nameable type.
    return ResourceTag as unknown as ServiceTag<Self, Name, Shape>
  }
