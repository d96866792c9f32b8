/**
 * A deterministic local Samsara: every registered operation of both generations (the Preview APIs and the current
 * API of `effect-samsara/ga`) answered from one set of seeded generated data, with auth, validation, cursors, rate
 * limits, state that writes change, and scripted faults. It is an `@effect/platform` app (an `HttpRouter` whose
 * routes come from the operation registry), which `handle` calls in memory and `serve` puts on a socket.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import type * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Redacted from "effect/Redacted"
import type { OperationId } from "../OperationId.js"
import type { FaultRule } from "./Fault.js"
import { make } from "./internal/engine.js"

/**
 * A request as the stand-in sees it, whichever transport carried it.
 *
 * @since 0.1.0
 * @category models
 */
export interface StandInRequest {
  readonly method: string
  readonly url: URL
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/**
 * The answer to a request, once any injected latency has passed: a reply (perhaps cut short) or a dropped
 * connection.
 *
 * @since 0.1.0
 * @category models
 */
export type StandInResponse =
  | {
    readonly _tag: "Reply"
    readonly status: number
    readonly headers: Readonly<Record<string, string>>
    readonly body: string
    /** Send only this many bytes of the body, then drop the connection. */
    readonly truncateAt?: number | undefined
  }
  | { readonly _tag: "Reset" }

/**
 * One request the stand-in received, as recorded when it arrived.
 *
 * @since 0.1.0
 * @category models
 */
export interface ReceivedRequest {
  readonly method: string
  readonly path: string
  /** The raw query string, without `?`. */
  readonly query: string
  /** The operation that method and path name, if any. */
  readonly operation: OperationId | undefined
  /**
   * Which generation declares that operation: `"preview"` (the root services) or `"ga"` (`effect-samsara/ga`);
   * `undefined` when no operation matched. Seven operationIds belong to both, so this tells them apart.
   */
  readonly generation: "preview" | "ga" | undefined
  /** The status answered; `undefined` for a dropped connection. */
  readonly status: number | undefined
}

/**
 * The stand-in: a Samsara organisation generated from a seed, and the one `handle` that answers for it, on the
 * Preview APIs' paths and on the current API's alike.
 *
 * The organisation has a small tag tree: the parent tags `North` and `South`, each with a child tag per depot.
 * Every driver and every vehicle carries one depot tag, and uploaded media carry their vehicle's. `tags` lists
 * them with their ids.
 *
 * How it answers, beyond the spec:
 * - Every error body is `{"message", "requestId"}`; request ids are numbered per stand-in, so they repeat with the
 *   seed.
 * - Cursors are opaque and bound to the query's other parameters: replaying one with different filters is a 400.
 * - Rate limits (on unless `rateLimits: false`) are each operation's documented budget, counted as a sliding
 *   window on `Clock`; a 429 carries `Retry-After` in whole seconds until a slot frees (at least 1), and refused
 *   requests spend no budget.
 * - A posted run is `pending`, its `percentComplete` rising with the clock, and `completed` after `runDuration`;
 *   asking for its data before then is a 400 that says how far it has got. Each report's past runs have finished
 *   (nine in ten `completed`) whatever the clock says, so their data can be read without moving `TestClock`.
 * - `listUploadedMedia`'s `inputs` name cameras as the response does not: `dashcamRoadFacing` selects
 *   `dashcamForwardFacing`, `dashcamDriverFacing` selects `dashcamInwardFacing`, `analog` selects `dashcamRearFacing`.
 * - `tagIds` keeps the items whose tag is one of those named; `parentTagIds` the items whose tag is one of those
 *   named or below one of them. Given together, an item either keeps is kept. `listUploadedMedia` filters by the
 *   vehicle's tag, `getDriverEfficiencyByDrivers` by the driver's, `getDriverEfficiencyByVehicles` by the vehicle's.
 * - Times are checked against the calendar as well as the RFC 3339 grammar: `2024-02-30T00:00:00Z` is a 400, not
 *   March 1.
 * - The current API sees the same organisation: the same courses (`labels` holding the preview's `label`), form
 *   templates, drivers, vehicles, media, efficiency figures, runs and assignments, so an id read from one generation
 *   works in the other, and a patch or delete through either is seen by both. Each custom report is a report config
 *   of the same id; each report template is a dataset (`getDatasets`), the dated ones taking a time range of up to
 *   31 days. A run made of a dataset's fields belongs to no custom report, so the preview does not list it.
 * - The current API's statuses are its own: a run is `pending`, then `complete` (the preview's `completed`) or
 *   `failed`. Its data carries that status: asking for a run's data before it is complete answers 200 with the
 *   status and no rows. The preview's rear-facing camera is its `analog1` input, with `cameraRole: "rearHigh"`.
 * - The current API's lists are repeated keys (`ids=a&ids=b`); the ids its SDK types as one string (`vehicleIds`,
 *   `tagIds`, `parentTagIds`) are one value, split on its commas once decoded (`vehicleIds=a%2Cb`).
 * - Budgets, cursors and fault rules are per endpoint: the two generations' operations of one operationId never
 *   share a rate-limit window, a cursor of one does not continue the other, and `FaultRule.generation` aims a rule
 *   at one of them.
 * - The current API documents 413 on every operation: its endpoints refuse a request body over 64 KiB, far above
 *   any valid request's, before spending any budget.
 * - Order per request: route it, record it, apply a fault, check the token (401), answer a wrong route (404, 405),
 *   refuse an oversized body (413, current API only), spend the rate limit (429), check the parameters (400),
 *   answer.
 *
 * @since 0.1.0
 * @category tags
 */
export class StandIn extends Context.Tag("effect-samsara/testing/StandIn")<StandIn, StandIn.Service>() {
  /**
   * A fresh stand-in: its data generated from `options.seed`, its state (runs, assignments, rate-limit windows,
   * fault counters, received requests) starting empty.
   *
   * @since 0.1.0
   */
  static readonly layer = (options?: StandIn.Options): Layer.Layer<StandIn> =>
    Layer.effect(StandIn, make(options ?? {}))
}

/**
 * @since 0.1.0
 */
export declare namespace StandIn {
  /**
   * @since 0.1.0
   * @category models
   */
  export interface Options {
    /** The same seed gives the same data, byte for byte. Defaults to 1. */
    readonly seed?: number | undefined
    /** How many of each entity to generate; see `Sizes` for the defaults. */
    readonly sizes?: { readonly [K in keyof Sizes]?: Sizes[K] | undefined } | undefined
    /**
     * Items per page. Defaults to 100; the `limit` of `getCustomReportConfigs` and of the current API's report
     * operations overrides it per call.
     */
    readonly pageSize?: number | undefined
    /** The one token accepted. Defaults to `"standin-token"`. */
    readonly token?: string | undefined
    /**
     * Enforce each operation's documented `x-rate-limit`, answering 429 with `Retry-After` once a budget is spent.
     * Defaults to true, as Samsara does, so the loopback server (`serve`, `npm run standin`) throttles like the real
     * API. `layerClient` defaults it to false: under `TestClock` a `Retry-After` would wait for a clock that only
     * the test moves.
     */
    readonly rateLimits?: boolean | undefined
    /** Faults scripted from the start; `inject` adds more later. */
    readonly faults?: ReadonlyArray<FaultRule> | undefined
    /**
     * How long a posted custom report run (of either generation) takes to complete; 0 completes it at once.
     * Defaults to 3 seconds.
     */
    readonly runDuration?: Duration.DurationInput | undefined
    /**
     * Uploaded media is captured in the 30 days before this instant. Defaults to 2025-07-01T00:00:00Z, so the
     * data never depends on when it is generated; pass `new Date()` for media from the last month.
     */
    readonly mediaCapturedBefore?: Date | undefined
  }

  /**
   * @since 0.1.0
   * @category models
   */
  export interface Sizes {
    /** Defaults to 1000. */
    readonly trainingCourses: number
    /** Defaults to 50. */
    readonly formTemplates: number
    /** Captured in the 30 days before `mediaCapturedBefore` (June 2025 by default). Defaults to 500. */
    readonly uploadedMedia: number
    /** Defaults to 40. */
    readonly drivers: number
    /** Defaults to 30. With none, there is no media. */
    readonly vehicles: number
    /** Defaults to 5, each with one to three past runs. */
    readonly customReports: number
    /** Defaults to 200. With no courses or no drivers, there are none. */
    readonly trainingAssignments: number
    /** Rows in the data of every completed run. Defaults to 250. */
    readonly reportRowsPerRun: number
  }

  /**
   * @since 0.1.0
   * @category models
   */
  export interface Service {
    readonly token: Redacted.Redacted<string>
    /**
     * Answers one request, waiting out any injected latency on `Clock`: the stand-in's app called in memory, and
     * the single implementation behind both transports.
     */
    readonly handle: (request: StandInRequest) => Effect.Effect<StandInResponse>
    /** Adds a fault rule at run time; it counts requests from now on. */
    readonly inject: (rule: FaultRule) => Effect.Effect<void>
    /** Every request received so far, in order of arrival. */
    readonly received: Effect.Effect<ReadonlyArray<ReceivedRequest>>
    /**
     * The ids of the training assignments that exist now. The Preview APIs can only patch and delete assignments,
     * so this is how a caller finds ids to act on.
     */
    readonly trainingAssignmentIds: Effect.Effect<ReadonlyArray<string>>
    /**
     * The organisation's tags, region tags (no parent) each followed by its depot tags. Samsara lists tags in an API
     * outside the Preview APIs, so this is how a caller finds ids for `tagIds` and `parentTagIds`.
     */
    readonly tags: Effect.Effect<
      ReadonlyArray<{ readonly id: string; readonly name: string; readonly parentTagId: string | undefined }>
    >
  }
}
