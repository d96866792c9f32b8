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
import * as Either from "effect/Either"
import { flow } from "effect/Function"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import { keyPrefix, takeSlot } from "./internal/rateLimit.js"
import { version } from "./internal/version.js"
import type { OperationId, RateLimitExceeded, SamsaraError, TransportError } from "./SamsaraError.js"

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

/**
 * A setting that cannot work, found while building the client; nothing was sent.
 *
 * @since 0.1.0
 * @category errors
 */
export class SamsaraConfigError extends Schema.TaggedError<SamsaraConfigError>()("SamsaraConfigError", {
  setting: Schema.String,
  message: Schema.String
}) {}

const loopbackHosts = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/

/**
 * The base URL, refused unless it is https: the token travels in every request's headers, so plain http is
 * allowed only to a loopback address (a local stand-in or proxy).
 */
const checkBaseUrl = (baseUrl: string): Either.Either<string, SamsaraConfigError> => {
  const refuse = (reason: string) =>
    Either.left(new SamsaraConfigError({ setting: "baseUrl", message: `baseUrl ${JSON.stringify(baseUrl)} ${reason}` }))
  if (!URL.canParse(baseUrl)) return refuse("is not an absolute URL")
  const url = new URL(baseUrl)
  if (url.protocol === "https:") return Either.right(baseUrl)
  return url.protocol === "http:" && loopbackHosts.test(url.hostname)
    ? Either.right(baseUrl)
    : refuse("must use https (plain http is allowed only to a loopback address)")
}

const make = (
  options: SamsaraClient.Options
): Effect.Effect<
  SamsaraClient.Service,
  SamsaraConfigError,
  HttpClient.HttpClient | RateLimiter.RateLimiterStore
> =>
  Effect.gen(function*() {
    const baseUrl = yield* checkBaseUrl(options.baseUrl ?? regionBaseUrls[options.region ?? "us"])
    const token = yield* checkToken(options.token)
    const httpClient = yield* HttpClient.HttpClient
    const limiter = yield* RateLimiter.make
    const prefix = keyPrefix(token)
    const rateLimit = options.rateLimit ?? {}
    const inFlight = options.maxInFlight === undefined ? undefined : yield* Effect.makeSemaphore(options.maxInFlight)
    return SamsaraClient.of({
      httpClient: httpClient.pipe(
        HttpClient.mapRequest(flow(
          HttpClientRequest.prependUrl(baseUrl),
          HttpClientRequest.bearerToken(token),
          HttpClientRequest.acceptJson,
          HttpClientRequest.setHeader("User-Agent", `effect-samsara/${version}`)
        )),
        // The call's span `Samsara.<operationId>` already records the request; a second span per request costs
        // time at every page. With it off, no trace headers go to Samsara either.
        HttpClient.withTracerDisabledWhen(() => true)
      ),
      retry: options.retry ?? defaultRetry,
      timeout: Duration.decode(options.timeout ?? "30 seconds"),
      deadline: Option.map(Option.fromNullable(options.deadline), Duration.decode),
      maxRetryAfter: Duration.decode(options.maxRetryAfter ?? "60 seconds"),
      maxResponseBytes: options.maxResponseBytes ?? 32 * 1024 * 1024,
      throttle: rateLimit === false
        ? () => Effect.succeed(Duration.zero)
        : (operation, budget, onExceeded) => {
          const override = rateLimit.budgets?.[operation]
          return takeSlot(
            limiter,
            `${prefix}:${operation}`,
            operation,
            override === undefined ? budget : { limit: override.limit, window: Duration.decode(override.window) },
            onExceeded
          )
        },
      inFlight: inFlight === undefined ? (request) => request : (request) => inFlight.withPermits(1)(request)
    })
  })

/** A line break in a header value would let it smuggle in headers of its own. */
const checkToken = (token: Redacted.Redacted<string>): Either.Either<Redacted.Redacted<string>, SamsaraConfigError> =>
  /[\r\n]/.test(Redacted.value(token))
    ? Either.left(new SamsaraConfigError({ setting: "token", message: "the token contains a line break (CR or LF)" }))
    : Either.right(token)

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
   * The client's service on the `HttpClient` in context; fails with `SamsaraConfigError` for an unusable
   * `baseUrl`.
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
   * Like `layer`, but counts the rate-limit budgets in the `RateLimiterStore` the application provides, such as
   * `@effect/experimental/RateLimiter/Redis`'s `layerStore`, so that every process using one token shares its
   * budgets.
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
   * `SAMSARA_REGION` (`us` or `eu`) through `Config`. Explicit settings are kept for the rest.
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
    readonly maxResponseBytes: number
    /**
     * Takes a start for one request of `operation` under its budget, waiting for one (`"delay"`) or failing at
     * once (`"fail"`); returns how long it waited. Immediate when pacing is off.
     */
    readonly throttle: (
      operation: OperationId,
      budget: Budget,
      onExceeded: "delay" | "fail"
    ) => Effect.Effect<Duration.Duration, RateLimitExceeded | TransportError>
    /** Runs one request under the cap on requests in flight, when one is set. */
    readonly inFlight: <A, E, R>(request: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  }

  /**
   * A rate-limit budget: at most `limit` requests start in any span of `window`.
   *
   * @since 0.1.0
   * @category models
   */
  export interface Budget {
    readonly limit: number
    readonly window: Duration.Duration
  }

  /**
   * Client-side pacing, on by default with Samsara's documented budgets.
   *
   * @since 0.1.0
   * @category models
   */
  export interface RateLimitOptions {
    /** Replaces the documented budget of the operations named, e.g. when other systems share the token. */
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
    /** An API token from the Samsara dashboard; it is only ever sent in the `Authorization` header. */
    readonly token: Redacted.Redacted<string>
    /**
     * Overrides the region's host, e.g. for a proxy or a local stand-in. Must be https, except to a loopback
     * address. Defaults to `https://api.samsara.com`.
     */
    readonly baseUrl?: string | undefined
    /** `"eu"` selects `https://api.eu.samsara.com`. Ignored when `baseUrl` is given. */
    readonly region?: Region | undefined
    /** Replaces `defaultRetry` for idempotent operations. */
    readonly retry?: RetryPolicy | undefined
    /** The limit on one attempt, from sending to the whole body read. Defaults to 30 seconds. */
    readonly timeout?: Duration.DurationInput | undefined
    /**
     * The longest `Retry-After` the client will wait for; a longer one ends the retries at once. Defaults to 60
     * seconds.
     */
    readonly maxRetryAfter?: Duration.DurationInput | undefined
    /** The limit on a whole call, across attempts and waits. None by default. */
    readonly deadline?: Duration.DurationInput | undefined
    /**
     * Paces requests so that no operation exceeds Samsara's documented rate limit (in memory, per token and
     * operation). `false` turns pacing off, e.g. for benchmarks or a server that does not enforce limits.
     */
    readonly rateLimit?: false | RateLimitOptions | undefined
    /** At most this many requests in flight at once. Unlimited by default. */
    readonly maxInFlight?: number | undefined
    /** A response body larger than this fails cleanly instead of filling memory. Defaults to 32 MiB. */
    readonly maxResponseBytes?: number | undefined
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
  }
}
