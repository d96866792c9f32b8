/**
 * The stand-in as an `@effect/platform` server app: an `HttpRouter` with one route per registered endpoint of
 * either generation, its method and path template read from the registry, a second router that knows each path's
 * other methods (405), and whatever neither matches (404). What each route answers is the engine's.
 */
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import type * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import type { Method } from "../../internal/operation.js"
import { type AnyOperation, gaOperations, operations } from "../../internal/registry.js"

/** A declared operation of Samsara's current API. */
export type AnyGaOperation = (typeof gaOperations)[number]

/**
 * One registered endpoint and the generation that declares it. Seven operationIds name an operation of both
 * generations, so an endpoint, not an id, is what routes, budgets, answers and faults are keyed by.
 */
export type Endpoint =
  | { readonly generation: "preview"; readonly operation: AnyOperation }
  | { readonly generation: "ga"; readonly operation: AnyGaOperation }

/** Every endpoint the stand-in serves: the preview's, then the current API's. */
export const endpoints: ReadonlyArray<Endpoint> = [
  ...operations.map((operation): Endpoint => ({ generation: "preview", operation })),
  ...gaOperations.map((operation): Endpoint => ({ generation: "ga", operation }))
]

/** Where a request's method and path lead. */
export type Resolution =
  | { readonly _tag: "Found"; readonly endpoint: Endpoint }
  | { readonly _tag: "WrongMethod"; readonly allowed: ReadonlyArray<Method> }
  | { readonly _tag: "Unknown" }

/**
 * The app asks its host to drop the connection instead of finishing the answer: at once (a reset), or after the
 * first `sentBytes` of `response`'s body. A response cannot say this, so the host, which owns the connection, does.
 */
export class Dropped extends Data.TaggedError("Dropped")<{
  readonly after: { readonly response: HttpServerResponse.HttpServerResponse; readonly sentBytes: number } | undefined
}> {}

/** The router's spelling of a registry template: `{name}` becomes `:name`. */
const routerPath = (template: string): HttpRouter.PathInput =>
  `/${template.replace(/^\//, "").replace(/\{(\w+)\}/g, ":$1")}`

/** Paths as Samsara spells them: a trailing slash or another case is another path, and unknown. */
const exactPaths = { ignoreTrailingSlash: false, caseSensitive: true }

/** The app: each request resolved by the routers, then answered by `respond`. */
export const makeApp = <E>(
  respond: (
    resolution: Resolution
  ) => Effect.Effect<HttpServerResponse.HttpServerResponse, E, HttpServerRequest.HttpServerRequest>
): Effect.Effect<HttpServerResponse.HttpServerResponse, E, HttpServerRequest.HttpServerRequest> => {
  const wrongMethod = (path: string) =>
    respond({
      _tag: "WrongMethod",
      allowed: endpoints.filter(({ operation }) => operation.path === path).map(({ operation }) => operation.method)
    })
  const routes = HttpRouter.fromIterable(endpoints.map((endpoint) => {
    const { operation } = endpoint
    const found = respond({ _tag: "Found", endpoint })
    return HttpRouter.makeRoute(
      operation.method,
      routerPath(operation.path),
      // The router also sends HEAD to a GET route; Samsara documents no HEAD, so that is a wrong method.
      Effect.flatMap(
        HttpServerRequest.HttpServerRequest,
        (request) => request.method === operation.method ? found : wrongMethod(operation.path)
      )
    )
  }))
  const otherMethods = HttpRouter.fromIterable(
    [...new Set(endpoints.map(({ operation }) => operation.path))].map((path) =>
      HttpRouter.makeRoute("*", routerPath(path), wrongMethod(path))
    )
  )
  return routes.pipe(
    Effect.catchTag("RouteNotFound", () => otherMethods),
    Effect.catchTag("RouteNotFound", () => respond({ _tag: "Unknown" })),
    HttpRouter.withRouterConfig(exactPaths)
  )
}
