/**
 * The stand-in's request pipeline: record the request, apply a scripted fault, check the token, route, spend the
 * operation's rate-limit budget, and answer. Everything reads time from `Clock`, so `TestClock` drives it.
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import type { OperationId } from "../../OperationId.js"
import type { Fault, FaultRule } from "../Fault.js"
import type { ReceivedRequest, StandIn, StandInRequest, StandInResponse } from "../StandIn.js"
import { makeDataset, type Sizes } from "./dataset.js"
import { streamOf } from "./random.js"
import { type Admission, admit } from "./rateLimiter.js"
import { type Answer, liveAssignments, makeWorld, type Resolution, resolve, type Route, type World } from "./routes.js"
import { Query, type Refusal } from "./wire.js"

export const defaultSizes: Sizes = {
  trainingCourses: 1000,
  formTemplates: 50,
  uploadedMedia: 500,
  drivers: 40,
  vehicles: 30,
  customReports: 5,
  trainingAssignments: 200,
  reportRowsPerRun: 250
}

const count = (value: number | undefined, fallback: number) =>
  value === undefined || !Number.isFinite(value) ? fallback : Math.max(0, Math.floor(value))

const jsonHeaders = { "content-type": "application/json; charset=utf-8" }

const reply = (status: number, body: string, headers: Readonly<Record<string, string>> = jsonHeaders) =>
  ({ _tag: "Reply", status, headers, body }) as const

const header = (headers: Readonly<Record<string, string>>, name: string) =>
  Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1]

interface RuleState {
  readonly rule: FaultRule
  seen: number
  applied: number
}

type Entry = { -readonly [K in keyof ReceivedRequest]: ReceivedRequest[K] }

const admitted: Admission = { admitted: true }

const seedOf = (options: StandIn.Options) =>
  options.seed === undefined || !Number.isFinite(options.seed) ? 1 : Math.floor(options.seed)

const worldOf = (options: StandIn.Options): Effect.Effect<World> => {
  const sizes: Sizes = {
    trainingCourses: count(options.sizes?.trainingCourses, defaultSizes.trainingCourses),
    formTemplates: count(options.sizes?.formTemplates, defaultSizes.formTemplates),
    uploadedMedia: count(options.sizes?.uploadedMedia, defaultSizes.uploadedMedia),
    drivers: count(options.sizes?.drivers, defaultSizes.drivers),
    vehicles: count(options.sizes?.vehicles, defaultSizes.vehicles),
    customReports: count(options.sizes?.customReports, defaultSizes.customReports),
    trainingAssignments: count(options.sizes?.trainingAssignments, defaultSizes.trainingAssignments),
    reportRowsPerRun: count(options.sizes?.reportRowsPerRun, defaultSizes.reportRowsPerRun)
  }
  return makeWorld(
    makeDataset(seedOf(options), sizes, options.mediaCapturedBefore?.getTime() ?? Date.parse("2025-07-01T00:00:00Z")),
    Math.max(1, count(options.pageSize, 100)),
    Duration.toMillis(Duration.decode(options.runDuration ?? "3 seconds"))
  )
}

/**
 * The request pipeline around `world`. Its own bookkeeping (received requests, fault counters, rate-limit windows,
 * request numbers) is plain mutable state, changed only inside `Effect.sync`.
 */
const serviceOf = (options: StandIn.Options, world: World): StandIn.Service => {
  const seed = seedOf(options)
  const token = options.token ?? "standin-token"
  const enforceRateLimits = options.rateLimits ?? true
  const received: Array<Entry> = []
  const rules: Array<RuleState> = (options.faults ?? []).map((rule) => ({ rule, seen: 0, applied: 0 }))
  const rateWindows = new Map<OperationId, Array<number>>()
  let requests = 0

  /** Ids Samsara support would ask for; numbered per stand-in, so they repeat with the seed. */
  const nextRequestId = () => {
    const random = streamOf(seed, "request", requests++)
    return `${random.hex(8)}-${random.hex(8)}`
  }

  const errorReply = (status: number, message: string, requestId: string, headers: Record<string, string> = {}) =>
    reply(status, JSON.stringify({ message, requestId }), { ...jsonHeaders, ...headers })

  /** Counts the request against every rule for its operation, and picks the first rule that applies. */
  const faultFor = (operation: OperationId | undefined): Fault | undefined => {
    let chosen: Fault | undefined
    for (const state of rules) {
      if (state.rule.operation !== undefined && state.rule.operation !== operation) continue
      state.seen++
      const first = state.rule.nth ?? 1
      const limit = state.rule.times ?? (state.rule.nth === undefined ? Number.POSITIVE_INFINITY : 1)
      if (chosen === undefined && state.seen >= first && state.applied < limit) {
        state.applied++
        chosen = state.rule.fault
      }
    }
    return chosen
  }

  const answer = (
    request: StandInRequest,
    resolution: Resolution,
    requestId: string,
    now: number
  ): Effect.Effect<StandInResponse> => {
    const authorization = header(request.headers, "authorization")
    const presented = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1]
    if (presented === undefined) {
      return Effect.succeed(
        errorReply(401, "Missing access token: send the header Authorization: Bearer <token>", requestId)
      )
    }
    if (presented !== token) return Effect.succeed(errorReply(401, "Invalid access token", requestId))
    switch (resolution._tag) {
      case "Unknown":
        return Effect.succeed(errorReply(404, `No endpoint at ${request.url.pathname}`, requestId))
      case "WrongMethod":
        return Effect.succeed(
          errorReply(
            405,
            `${request.method.toUpperCase()} is not allowed on ${request.url.pathname}; use ${
              resolution.allowed.join(" or ")
            }`,
            requestId,
            { allow: resolution.allowed.join(", ") }
          )
        )
      case "Found":
        return answerRoute(request, resolution.route, requestId, now)
    }
  }

  /** Spends a slot of the operation's budget when one is free; `admit` records the admission in the window. */
  const spendBudget = (route: Route, now: number) =>
    Effect.sync(() => {
      if (!enforceRateLimits) return admitted
      const log = rateWindows.get(route.operation) ?? []
      rateWindows.set(route.operation, log)
      return admit(log, route.rateLimit, now)
    })

  const answerRoute = (
    request: StandInRequest,
    route: Route,
    requestId: string,
    now: number
  ): Effect.Effect<StandInResponse> =>
    Effect.gen(function*() {
      const admission = yield* spendBudget(route, now)
      if (!admission.admitted) {
        return errorReply(
          429,
          `Rate limit exceeded for ${route.operation}: at most ${route.rateLimit.limit} requests per ${
            Duration.format(Duration.millis(route.rateLimit.windowMillis))
          }; retry after ${admission.retryAfterSeconds} s`,
          requestId,
          { "retry-after": String(admission.retryAfterSeconds) }
        )
      }
      return yield* Query.parse(request.url.search).pipe(
        Effect.flatMap((query) => route.answer({ query, body: request.body, now }, world)),
        Effect.match({
          onFailure: (refusal: Refusal) => errorReply(refusal.status, refusal.message, requestId, refusal.headers),
          onSuccess: (success: Answer) =>
            success.status === 204 ? reply(204, "", {}) : reply(success.status, JSON.stringify(success.body))
        })
      )
    })

  const faulted = (
    fault: Fault,
    normally: Effect.Effect<StandInResponse>,
    requestId: string
  ): Effect.Effect<StandInResponse> => {
    switch (fault._tag) {
      case "Reset":
        return Effect.succeed({ _tag: "Reset" })
      case "Status":
        return Effect.succeed(
          fault.body === undefined
            ? errorReply(fault.status, `Injected ${fault.status} from the stand-in`, requestId, { ...fault.headers })
            : reply(fault.status, fault.body, { ...jsonHeaders, ...fault.headers })
        )
      case "Malformed":
        return Effect.succeed(reply(200, fault.body, { "content-type": fault.contentType }))
      case "Latency":
        return Effect.map(normally, (response) => ({ ...response, delay: fault.delay }))
      case "Truncated":
        return Effect.map(normally, (response) =>
          response._tag === "Reply"
            ? { ...response, truncateAt: Math.floor(new TextEncoder().encode(response.body).length / 2) }
            : response)
    }
  }

  /** Records the request on arrival, numbers it and picks its fault, all in one step so arrivals stay in order. */
  const arrive = (request: StandInRequest) =>
    Effect.sync(() => {
      const resolution = resolve(request.method, request.url.pathname)
      const entry: Entry = {
        method: request.method.toUpperCase(),
        path: request.url.pathname,
        query: request.url.search.replace(/^\?/, ""),
        operation: resolution._tag === "Found" ? resolution.route.operation : undefined,
        status: undefined
      }
      received.push(entry)
      return { entry, resolution, requestId: nextRequestId(), fault: faultFor(entry.operation) }
    })

  const handle = (request: StandInRequest): Effect.Effect<StandInResponse> =>
    Effect.gen(function*() {
      const now = yield* Clock.currentTimeMillis
      const { entry, fault, requestId, resolution } = yield* arrive(request)
      const normally = answer(request, resolution, requestId, now)
      const response = yield* fault === undefined ? normally : faulted(fault, normally, requestId)
      yield* Effect.sync(() => {
        entry.status = response._tag === "Reply" ? response.status : undefined
      })
      return response
    })

  return {
    token: Redacted.make(token),
    handle,
    inject: (rule) => Effect.sync(() => void rules.push({ rule, seen: 0, applied: 0 })),
    received: Effect.sync(() => received.map((entry) => ({ ...entry }))),
    trainingAssignmentIds: Effect.map(liveAssignments(world), (assignments) => assignments.map(({ id }) => id)),
    tags: Effect.succeed(world.dataset.tags.map(({ id, name, parentTagId }) => ({ id, name, parentTagId })))
  }
}

/** A fresh stand-in: its data generated from `options.seed`, its state starting empty. */
export const make = (options: StandIn.Options): Effect.Effect<StandIn.Service> =>
  Effect.suspend(() => Effect.map(worldOf(options), (world) => serviceOf(options, world)))
