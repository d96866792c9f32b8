/**
 * The configured connection to Samsara: one `HttpClient` with the base URL, bearer token and headers applied,
 * plus the retry and timeout policy every operation runs under. The operation services (`TrainingCourses`,
 * `CustomReports`, ...) are built on it.
 *
 * @since 0.1.0
 */
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
import type * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import { version } from "./internal/version.js"
import type { SamsaraError } from "./SamsaraError.js"

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
): Effect.Effect<SamsaraClient.Service, SamsaraConfigError, HttpClient.HttpClient> =>
  Effect.flatMap(
    checkBaseUrl(options.baseUrl ?? regionBaseUrls[options.region ?? "us"]),
    (baseUrl) =>
      Effect.map(HttpClient.HttpClient, (httpClient) =>
        SamsaraClient.of({
          httpClient: httpClient.pipe(
            HttpClient.mapRequest(flow(
              HttpClientRequest.prependUrl(baseUrl),
              HttpClientRequest.bearerToken(options.token),
              HttpClientRequest.acceptJson,
              HttpClientRequest.setHeader("User-Agent", `effect-samsara/${version}`)
            )),
            // Trace ids are for the caller's own spans; Samsara has no use for them.
            HttpClient.withTracerPropagation(false)
          ),
          retry: options.retry ?? defaultRetry,
          timeout: Duration.decode(options.timeout ?? "30 seconds"),
          maxRetryAfter: Duration.decode(options.maxRetryAfter ?? "60 seconds")
        }))
  )

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
  ): Layer.Layer<SamsaraClient, SamsaraConfigError, HttpClient.HttpClient> => Layer.effect(SamsaraClient, make(options))

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
    )
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
    readonly timeout: Duration.Duration
    readonly maxRetryAfter: Duration.Duration
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
  }
}
