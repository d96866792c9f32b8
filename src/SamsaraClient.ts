/**
 * The configured connection to Samsara: one `HttpClient` with the base URL, bearer token and headers applied,
 * plus the retry and timeout policy every operation runs under. The operation services (`TrainingCourses`,
 * `CustomReports`, ...) are built on it.
 *
 * @since 0.1.0
 */
import * as RateLimiter from "@effect/experimental/RateLimiter"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { flow } from "effect/Function"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import { defaultMaxResponseBytes, withControls } from "./internal/client.js"
import { versionHeader } from "./internal/headers.js"
import { keysFor, makeThrottle } from "./internal/rateLimit.js"
import { checkOptions } from "./internal/settings.js"
import { version } from "./internal/version.js"
import type { OperationId } from "./OperationId.js"
import type { SamsaraConfigError, SamsaraError } from "./SamsaraError.js"

/**
 * The base URL of each of Samsara's regional API hosts.
 *
 * @since 0.1.0
 * @category constants
 */
export const regionBaseUrls: { readonly [R in SamsaraClient.Region]: string } = {
  us: "https://api.samsara.com",
  eu: "https://api.eu.samsara.com"
}

/**
 * The default retry policy: exponential backoff from 250 ms, jittered, each wait capped at 5 s, at most 6 retries
 * (about 13 s of waiting in all).
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultRetry: SamsaraClient.RetryPolicy = Schedule.exponential("250 millis").pipe(
  Schedule.jittered,
  Schedule.modifyDelay((_, delay) => Duration.min(delay, Duration.seconds(5))),
  Schedule.intersect(Schedule.recurs(6))
)

const make = (
  options: SamsaraClient.Options
): Effect.Effect<
  SamsaraClient.Service,
  SamsaraConfigError,
  HttpClient.HttpClient | RateLimiter.RateLimiterStore
> =>
  Effect.gen(function*() {
    const {
      baseUrl,
      deadline,
      maxInFlight,
      maxResponseBytes,
      maxRetryAfter,
      rateLimit,
      timeout,
      token,
      version: apiVersion
    } = yield* checkOptions(options, regionBaseUrls[options.region ?? "us"])
    const httpClient = yield* HttpClient.HttpClient
    const limiter = yield* RateLimiter.make
    const inFlight = maxInFlight === undefined ? undefined : yield* Effect.makeSemaphore(maxInFlight)
    const service = SamsaraClient.of({
      httpClient: httpClient.pipe(
        HttpClient.mapRequest(flow(
          // A call with its own base URL sends an absolute URL; every other request is a path under the client's.
          (request) => request.url.startsWith("/") ? HttpClientRequest.prependUrl(request, baseUrl) : request,
          HttpClientRequest.bearerToken(token),
          HttpClientRequest.acceptJson,
          HttpClientRequest.setHeader("User-Agent", `effect-samsara/${version}`),
          // A call's own version, when it names one, wins over the client's.
          (request) =>
            apiVersion === undefined || request.headers[versionHeader] !== undefined
              ? request
              : HttpClientRequest.setHeader(request, versionHeader, apiVersion)
        )),
        // The call's span `Samsara.<operationId>` already records the request; a second span per request costs
        // time at every page. With it off, no trace headers go to Samsara either.
        HttpClient.withTracerDisabledWhen(() => true)
      ),
      retry: options.retry ?? defaultRetry,
      timeout: Option.getOrElse(timeout, () => Duration.seconds(30)),
      deadline,
      maxRetryAfter: Option.getOrElse(maxRetryAfter, () => Duration.seconds(60))
    })
    return withControls(service, {
      throttle: rateLimit === false
        ? () => Effect.succeed(Duration.zero)
        : yield* makeThrottle(limiter, keysFor(token, rateLimit.key), rateLimit.budgets),
      inFlight: inFlight === undefined ? (request) => request : (request) => inFlight.withPermits(1)(request),
      maxResponseBytes: maxResponseBytes ?? defaultMaxResponseBytes
    })
  })

/**
 * The configured Samsara connection that every operation service runs through.
 *
 * @since 0.1.0
 * @category tags
 */
export class SamsaraClient extends Context.Tag("effect-samsara/SamsaraClient")<
  SamsaraClient,
  SamsaraClient.Service
>() {
  /**
   * The client's service on the `HttpClient` in context; fails with `SamsaraConfigError` for any setting that
   * cannot work (see `Options`), before anything is sent.
   *
   * @since 0.1.0
   * @category constructors
   */
  static readonly make = make

  /**
   * Builds the client from explicit settings, on whichever `HttpClient` the application provides
   * (`NodeHttpClient`, `FetchHttpClient`, or a test client).
   *
   * @since 0.1.0
   * @category layers
   */
  static readonly layer = (
    options: SamsaraClient.Options
  ): Layer.Layer<SamsaraClient, SamsaraConfigError, HttpClient.HttpClient> =>
    Layer.effect(SamsaraClient, make(options)).pipe(Layer.provide(RateLimiter.layerStoreMemory))

  /**
   * Like `layer`, but counts the rate-limit budgets in the `RateLimiterStore` the application provides: the same
   * `RateLimiter.layerStoreMemory` under several clients of one process, or
   * `@effect/experimental/RateLimiter/Redis`'s `layerStore` across processes. Clients on one store share the
   * budgets of their token, or of their `rateLimit.key` when they set one.
   *
   * @since 0.1.0
   * @category layers
   */
  static readonly layerWithRateLimiterStore = (
    options: SamsaraClient.Options
  ): Layer.Layer<SamsaraClient, SamsaraConfigError, HttpClient.HttpClient | RateLimiter.RateLimiterStore> =>
    Layer.effect(SamsaraClient, make(options))

  /**
   * Like `layer`, but reads `SAMSARA_API_TOKEN` (redacted) and the optional `SAMSARA_BASE_URL` and
   * `SAMSARA_REGION` (`us` or `eu`) through `Config`. Explicit settings are kept for the rest. The token and base
   * URL read are checked as `layer` checks them.
   *
   * @since 0.1.0
   * @category layers
   */
  static readonly layerConfig = (
    options?: Omit<SamsaraClient.Options, "token" | "baseUrl" | "region">
  ): Layer.Layer<SamsaraClient, ConfigError.ConfigError | SamsaraConfigError, HttpClient.HttpClient> =>
    Layer.effect(
      SamsaraClient,
      Effect.flatMap(
        Config.all({
          token: Config.redacted("SAMSARA_API_TOKEN"),
          baseUrl: Config.option(Config.nonEmptyString("SAMSARA_BASE_URL")),
          region: Config.option(Config.literal("us", "eu")("SAMSARA_REGION"))
        }),
        (config) =>
          make({
            ...options,
            token: config.token,
            baseUrl: Option.getOrUndefined(config.baseUrl),
            region: Option.getOrUndefined(config.region)
          })
      )
    ).pipe(Layer.provide(RateLimiter.layerStoreMemory))
}

/**
 * @since 0.1.0
 */
export declare namespace SamsaraClient {
  /**
   * @since 0.1.0
   * @category models
   */
  export interface Service {
    /** Sends requests to the configured host with the token, `Accept` and `User-Agent` headers applied. */
    readonly httpClient: HttpClient.HttpClient
    readonly retry: RetryPolicy
    /** The limit on one attempt. */
    readonly timeout: Duration.Duration
    /** The limit on a whole call, across attempts, retry waits and rate-limit waits. */
    readonly deadline: Option.Option<Duration.Duration>
    readonly maxRetryAfter: Duration.Duration
  }

  /**
   * Client-side pacing, on by default with Samsara's documented budgets and global ceilings.
   *
   * @since 0.1.0
   * @category models
   */
  export interface RateLimitOptions {
    /**
     * Whose budgets these are. Samsara applies each operation's budget per organization, whichever token calls, so
     * clients whose tokens belong to one organization set the same key (the organization id) and share the budgets
     * through one `RateLimiterStore` (a process's clients built over one store with `layerWithRateLimiterStore`, or
     * Redis across processes); they also share Samsara's 200 requests/s ceiling per organization. The key is stored
     * as given, so it must not be a secret. Without it, budgets are counted per token (hashed, never stored in clear).
     */
    readonly key?: string | undefined
    /**
     * Replaces the documented budget of the operations named, e.g. when other systems share the budget. `limit`
     * must be a whole number of at least 1 and `window` a positive, finite duration.
     */
    readonly budgets?:
      | { readonly [K in OperationId]?: { readonly limit: number; readonly window: Duration.DurationInput } }
      | undefined
  }

  /**
   * Samsara's regional API hosts.
   *
   * @since 0.1.0
   * @category models
   */
  export type Region = "us" | "eu"

  /**
   * When and how often to try a failed call again. It sees each failure as input; which failures are retried is
   * fixed (see `isRetryable`), so a policy only shapes timing and attempts. `Schedule.recurs(0)` disables
   * retries.
   *
   * @since 0.1.0
   * @category models
   */
  export type RetryPolicy = Schedule.Schedule<unknown, SamsaraError>

  /**
   * Settings for `SamsaraClient.layer`.
   *
   * @since 0.1.0
   * @category models
   */
  export interface Options {
    /**
     * An API token from the Samsara dashboard; it is only ever sent in the `Authorization` header. It must not be
     * empty, padded with whitespace, or hold a control character.
     */
    readonly token: Redacted.Redacted<string>
    /**
     * Overrides the region's host, e.g. for a proxy or a local stand-in. Must be https, except to a loopback
     * address, with no query string, fragment or credentials. Defaults to `https://api.samsara.com`.
     */
    readonly baseUrl?: string | undefined
    /** `"eu"` selects `https://api.eu.samsara.com`. Ignored when `baseUrl` is given. */
    readonly region?: Region | undefined
    /** Replaces `defaultRetry` for idempotent operations. */
    readonly retry?: RetryPolicy | undefined
    /** The limit on one attempt, from sending to the whole body read; positive. Defaults to 30 seconds. */
    readonly timeout?: Duration.DurationInput | undefined
    /**
     * The longest `Retry-After` the client will wait for; a longer one ends the retries at once. Not negative
     * (zero waits for none). Defaults to 60 seconds.
     */
    readonly maxRetryAfter?: Duration.DurationInput | undefined
    /** The limit on a whole call, across attempts and waits; positive. None by default. */
    readonly deadline?: Duration.DurationInput | undefined
    /**
     * Paces request starts to Samsara's documented budgets, counted per token and operation (or per
     * `RateLimitOptions.key` and operation), through `@effect/experimental`'s `RateLimiter`:
     *
     * - A window shorter than a minute (5/s, 10/s) is a strict spacing: one start per window / limit plus 5%, so
     *   never more than `limit` starts in any span of the window, however Samsara counts.
     * - A window of a minute or more (100/min, 240/day) is a budget, counted in windows as the "fixed-window"
     *   algorithm counts them: a window opens at the first start while none is open, up to `limit` starts go out at
     *   once, and each start taken keeps the window open window / limit longer. Once all `limit` are taken, the
     *   window closes exactly `window` after it opened and no start goes before then; one that took fewer closes
     *   sooner (five runs at 08:00 close it at 08:30), and the next start opens a fresh window. Starts never average
     *   more than `limit` per `window`, though a span of `window` that straddles two windows can see up to
     *   `2 × limit − 1`.
     * - Every request also takes a start under Samsara's global ceilings, spaced like a sub-minute budget: 150/s per
     *   token and, with a `key`, 200/s per key. These are always waited for.
     *
     * A start over budget is waited for by default when the window is a minute or less, and refused at once with
     * `RateLimitExceeded` (its `retryAfter` says when the next start is allowed) when it is longer; a call's
     * `waitForRateLimit` chooses either. Budgets live in memory unless the client is built with
     * `layerWithRateLimiterStore`. `false` turns all pacing off, e.g. for benchmarks or a server that does not
     * enforce limits.
     */
    readonly rateLimit?: false | RateLimitOptions | undefined
    /** At most this many requests in flight at once: a whole number of at least 1. Unlimited by default. */
    readonly maxInFlight?: number | undefined
    /**
     * A response body larger than this many bytes (a whole number of at least 1) fails cleanly instead of filling
     * memory. Defaults to 32 MiB.
     */
    readonly maxResponseBytes?: number | undefined
    /**
     * The API version to send as `X-Samsara-Version` on every request, a date such as `2025-06-11` (the one the
     * official SDK sends). Unset, no version header is sent and Samsara answers with the token's default version.
     */
    readonly version?: string | undefined
  }

  /**
   * Per-call overrides, the last argument of every operation method.
   *
   * @since 0.1.0
   * @category models
   */
  export interface CallOptions {
    /**
     * Replaces the client's retry policy for this call. On `postCustomReportRun`, which is not idempotent and is
     * never retried otherwise, passing a policy is the explicit opt-in to retrying it.
     */
    readonly retry?: RetryPolicy | undefined
    /** Replaces the client's per-attempt timeout for this call. */
    readonly timeout?: Duration.DurationInput | undefined
    /** Replaces the client's total deadline for this call. */
    readonly deadline?: Duration.DurationInput | undefined
    /**
     * Whether to wait when the operation's budget is spent. Defaults to waiting for budgets of a minute or less
     * and failing fast with `RateLimitExceeded` for longer ones (`postCustomReportRun`'s 240 a day).
     */
    readonly waitForRateLimit?: boolean | undefined
    /**
     * Sends this call to another base URL, such as `https://api.eu.samsara.com`, with the client's token, under the
     * rule the client's `baseUrl` follows: https, or plain http to a loopback address; no query, fragment or
     * credentials. A URL that breaks it is an `InvalidRequest`, and nothing is sent.
     */
    readonly baseUrl?: string | undefined
    /** Replaces the client's `version` for this call: sent as `X-Samsara-Version`. */
    readonly version?: string | undefined
    /**
     * Extra request headers for this call. They never replace `Authorization`, `User-Agent` or
     * `X-Samsara-Version`: naming one of those, or a value with a line break, is an `InvalidRequest`.
     */
    readonly headers?: Readonly<Record<string, string>> | undefined
  }
}
