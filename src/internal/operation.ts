/**
 * An operation declared as data: what Samsara documents about it (id, method, path template, scope, budget) and
 * how a call maps to the wire (parameters, query, body, success schema, where the items are). The executor, the
 * paginator, the stand-in and the docs all read these declarations; nothing here runs a request.
 */
import type * as Schema from "effect/Schema"
import type { Pagination } from "../Pagination.js"
import type { QueryPairs } from "./query.js"
import type { Budget } from "./rateLimit.js"
import type { FieldIssues } from "./requestFields.js"

/** The HTTP methods the operations use. */
export type Method = "GET" | "POST" | "PATCH" | "DELETE"

/** The names of a path template's `{parameters}`. */
export type PathParameters<Path extends string> = Path extends `${string}{${infer Name}}${infer Rest}`
  ? Name | PathParameters<Rest>
  : never

/** What a template's path parameters take: each one a parameter of the operation. */
export type PathValues<Path extends string> = { readonly [K in PathParameters<Path>]: string | number }

/** One operation, declared as data. */
export interface Operation<
  Id extends string = string,
  Path extends string = string,
  Params = unknown,
  Encoded = unknown,
  Success = unknown
> {
  readonly id: Id
  /** The operation's title in Samsara's documentation. */
  readonly summary: string
  readonly method: Method
  /** The path, with `{name}` for each path parameter, filled in from the parameter of that name. */
  readonly path: Path
  /** The token scope Samsara requires, named in the advice of a 401. */
  readonly scope: string
  /** Samsara's documented budget (`x-rate-limit`), which the client paces requests to. */
  readonly budget: Budget
  /** Whether repeating the request is harmless; a non-idempotent operation is retried only on explicit opt-in. */
  readonly idempotent: boolean
  /** Validates and normalises what the caller passes; its encoded side is the method's parameter type. */
  readonly params: Schema.Schema<Params, Encoded>
  /** Checks that depend on the current time, read from `Clock` so tests control it. */
  readonly checkAt?: ((params: Params, nowMillis: number) => FieldIssues) | undefined
  readonly query?: ((params: Params) => ReadonlyArray<QueryPairs>) | undefined
  /** A JSON body, already serialised (int64 ids need digits `JSON.stringify` cannot write). */
  readonly body?: ((params: Params) => string) | undefined
  /** Decodes the 2xx body text, e.g. `Schema.parseJson(SomeResponse)`. */
  readonly success: Schema.Schema<Success, string>
}

/** What Samsara documents about an operation, without its schemas: what the docs and the stand-in read. */
export type Facts = Pick<Operation<string>, "id" | "summary" | "method" | "path" | "scope" | "budget" | "idempotent">

/** A paginated operation: a cursor parameter `after`, a `pagination` block, and where a page's items are. */
export interface PaginatedOperation<
  Id extends string = string,
  Path extends string = string,
  Params = unknown,
  Encoded extends { readonly after?: string } = { readonly after?: string },
  Success extends { readonly pagination: Pagination } = { readonly pagination: Pagination },
  Item = unknown
> extends Operation<Id, Path, Params, Encoded, Success> {
  readonly items: (page: Success) => ReadonlyArray<Item>
}

/**
 * Declares an operation; every type is inferred from the declaration.
 *
 * A template's `{name}` must be a parameter of the operation whose value is a string or a number.
 */
export const define = <
  const Id extends string,
  const Path extends string,
  Params extends PathValues<Path>,
  Encoded,
  Success
>(
  operation: Operation<Id, Path, Params, Encoded, Success>
): Operation<Id, Path, Params, Encoded, Success> => operation

/** Declares a paginated operation; every type is inferred from the declaration. */
export const paginated = <
  const Id extends string,
  const Path extends string,
  Params extends PathValues<Path>,
  Encoded extends { readonly after?: string },
  Success extends { readonly pagination: Pagination },
  Item
>(
  operation: PaginatedOperation<Id, Path, Params, Encoded, Success, Item>
): PaginatedOperation<Id, Path, Params, Encoded, Success, Item> => operation
