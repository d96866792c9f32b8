/**
 * The stand-in's request pipeline: record the request, apply a scripted fault, check the token, route, spend the
 * operation's rate-limit budget, and answer. Everything reads time from `Clock`, so `TestClock` drives it.
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import type { OperationId } from "../../SamsaraError.js"
import type { Fault, FaultRule } from "../Fault.js"
import type { ReceivedRequest, StandIn, StandInRequest, StandInResponse } from "../StandIn.js"
import { type Assignment, type Dataset, makeDataset, type Run, type Sizes } from "./dataset.js"
import { streamOf } from "./random.js"
import { admit } from "./rateLimiter.js"
import { type Answer, resolve, type Route, type World } from "./routes.js"
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

const statusLabels: Readonly<Record<number, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  404: "Not Found",
  405: "Method Not Allowed",
  429: "Too Many Requests",
  500: "Internal Server Error",
  501: "Not Implemented",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout"
}

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

const makeWorld = (dataset: Dataset, pageSize: number, runDurationMillis: number): World => {
  let runs: Array<Run> | undefined
  let assignments: Map<string, Assignment> | undefined
  return {
    dataset,
    pageSize,
    runDurationMillis,
    runs: () => (runs ??= [...dataset.pastRuns()]),
    assignments:
      () => (assignments ??= new Map(dataset.assignments().map((assignment) => [assignment.id, assignment]))),
    counters: { postedRuns: 0 }
  }
}

export const make = (options: StandIn.Options): StandIn.Service => {
  const seed = options.seed === undefined || !Number.isFinite(options.seed) ? 1 : Math.floor(options.seed)
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
  const token = options.token ?? "standin-token"
  const world = makeWorld(
    makeDataset(seed, sizes, options.mediaCapturedBefore?.getTime() ?? Date.parse("2025-07-01T00:00:00Z")),
    Math.max(1, count(options.pageSize, 100)),
    Duration.toMillis(Duration.decode(options.runDuration ?? "3 seconds"))
  )
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
    resolution: ReturnType<typeof resolve>,
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

  const answerRoute = (
    request: StandInRequest,
    route: Route,
    requestId: string,
    now: number
  ): Effect.Effect<StandInResponse> => {
    if (enforceRateLimits) {
      const log = rateWindows.get(route.operation) ?? []
      rateWindows.set(route.operation, log)
      const admission = admit(log, route.rateLimit, now)
      if (!admission.admitted) {
        return Effect.succeed(
          errorReply(
            429,
            `Rate limit exceeded for ${route.operation}: at most ${route.rateLimit.limit} requests per ${
              Duration.format(Duration.millis(route.rateLimit.windowMillis))
            }; retry after ${admission.retryAfterSeconds} s`,
            requestId,
            { "retry-after": String(admission.retryAfterSeconds) }
          )
        )
      }
    }
    return Query.parse(request.url.search).pipe(
      Effect.flatMap((query) => route.answer({ query, body: request.body, now }, world)),
      Effect.match({
        onFailure: (refusal: Refusal) => errorReply(refusal.status, refusal.message, requestId, refusal.headers),
        onSuccess: (success: Answer) =>
          success.status === 204 ? reply(204, "", {}) : reply(success.status, JSON.stringify(success.body))
      })
    )
  }

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
            ? errorReply(
              fault.status,
              `${statusLabels[fault.status] ?? `Status ${fault.status}`} (injected by the stand-in)`,
              requestId,
              { ...fault.headers }
            )
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

  const handle = (request: StandInRequest): Effect.Effect<StandInResponse> =>
    Effect.flatMap(Clock.currentTimeMillis, (now) =>
      Effect.suspend(() => {
        const requestId = nextRequestId()
        const resolution = resolve(request.method, request.url.pathname)
        const entry: Entry = {
          method: request.method.toUpperCase(),
          path: request.url.pathname,
          query: request.url.search.replace(/^\?/, ""),
          operation: resolution._tag === "Found" ? resolution.route.operation : undefined,
          status: undefined
        }
        received.push(entry)
        const fault = faultFor(entry.operation)
        const normally = Effect.suspend(() => answer(request, resolution, requestId, now))
        return Effect.tap(fault === undefined ? normally : faulted(fault, normally, requestId), (response) => {
          entry.status = response._tag === "Reply" ? response.status : undefined
        })
      }))

  return {
    token: Redacted.make(token),
    handle,
    inject: (rule) => Effect.sync(() => void rules.push({ rule, seen: 0, applied: 0 })),
    received: Effect.sync(() => received.map((entry) => ({ ...entry }))),
    trainingAssignmentIds: Effect.sync(() => [...world.assignments().keys()])
  }
}
