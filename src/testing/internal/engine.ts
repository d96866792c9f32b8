/**
 * The stand-in's request pipeline, run by the routes of its app (`app.ts`): record the request, apply a scripted
 * fault, check the token, answer a wrong route (404, 405), spend the operation's budget, check the parameters, and
 * answer. Everything reads time from `Clock`, so `TestClock` drives it. `handle` is the app called in memory.
 */
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Redacted from "effect/Redacted"
import * as Tracer from "effect/Tracer"
import type { Fault, FaultRule } from "../Fault.js"
import type { ReceivedRequest, StandIn, StandInRequest, StandInResponse } from "../StandIn.js"
import { type Answer, type Answering, answers, liveAssignments, makeWorld, type World } from "./answers.js"
import { Dropped, type Endpoint, makeApp, type Resolution } from "./app.js"
import { makeDataset, type Sizes } from "./dataset.js"
import { gaAnswers } from "./gaAnswers.js"
import { streamOf } from "./random.js"
import { type Admission, admit } from "./rateLimiter.js"
import { Query, Refusal } from "./wire.js"

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

/**
 * How an endpoint answers: each generation's table is complete by type and keyed by its own ids, so the ids the
 * two share never meet.
 */
const answerOf = (endpoint: Endpoint): Answering =>
  endpoint.generation === "preview" ? answers[endpoint.operation.id] : gaAnswers[endpoint.operation.id]

/** The largest request body the current API's endpoints take here: far above any valid request's. */
const maxBodyBytes = 64 * 1024

/** A JSON response; a content type among `headers` wins, as a scripted fault may give its own. */
const jsonResponse = (status: number, body: string, headers: Readonly<Record<string, string>> = {}) =>
  HttpServerResponse.text(body, { status, headers: { "content-type": "application/json; charset=utf-8", ...headers } })

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

const pathOf = (request: HttpServerRequest.HttpServerRequest) => request.url.split("?")[0] ?? request.url

/** The raw query string, without `?`. */
const searchOf = (request: HttpServerRequest.HttpServerRequest) => {
  const index = request.url.indexOf("?")
  return index === -1 ? "" : request.url.slice(index + 1)
}

/** What the pipeline decided: a response, perhaps late or cut short, or a dropped connection. */
type Outcome =
  | {
    readonly _tag: "Send"
    readonly response: HttpServerResponse.HttpServerResponse
    readonly delay?: Duration.Duration
    readonly truncated?: boolean
  }
  | { readonly _tag: "Reset" }

const send = (response: HttpServerResponse.HttpServerResponse): Outcome => ({ _tag: "Send", response })

/** The bytes of a body as the app writes it: text, or nothing. */
const bodyBytes = (response: HttpServerResponse.HttpServerResponse) =>
  response.body._tag === "Uint8Array" ? response.body.body : new Uint8Array()

/** The response the outcome stands for, once its latency has passed on `Clock`; a cut connection is `Dropped`. */
const deliver = (outcome: Outcome): Effect.Effect<HttpServerResponse.HttpServerResponse, Dropped> => {
  if (outcome._tag === "Reset") return Effect.fail(new Dropped({ after: undefined }))
  const { response } = outcome
  const answered = outcome.truncated === true
    ? Effect.fail(new Dropped({ after: { response, sentBytes: Math.floor(bodyBytes(response).length / 2) } }))
    : Effect.succeed(response)
  return outcome.delay === undefined ? answered : Effect.delay(answered, outcome.delay)
}

/** A request as the app reads it; the host part of the URL does not matter. */
const serverRequest = (request: StandInRequest) =>
  Effect.try(() => {
    const method = request.method.toUpperCase()
    // The fetch API refuses a body on GET and HEAD; no Samsara operation reads one there.
    const body = method === "GET" || method === "HEAD" ? {} : { body: new TextEncoder().encode(request.body) }
    return HttpServerRequest.fromWeb(new Request(request.url, { method, headers: request.headers, ...body }))
  })

/** A response as `handle` returns it. */
const toReply = (
  response: HttpServerResponse.HttpServerResponse,
  truncateAt?: number
): Extract<StandInResponse, { readonly _tag: "Reply" }> => ({
  _tag: "Reply",
  status: response.status,
  headers: response.headers,
  body: new TextDecoder().decode(bodyBytes(response)),
  ...(truncateAt === undefined ? {} : { truncateAt })
})

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
  // Keyed by the operation itself: a preview operation and its current counterpart share an id, not a budget.
  const rateWindows = new Map<Endpoint["operation"], Array<number>>()
  let requests = 0

  /** Ids Samsara support would ask for; numbered per stand-in, so they repeat with the seed. */
  const nextRequestId = () => {
    const random = streamOf(seed, "request", requests++)
    return `${random.hex(8)}-${random.hex(8)}`
  }

  const errorResponse = (
    status: number,
    message: string,
    requestId: string,
    headers: Readonly<Record<string, string>> = {}
  ) => jsonResponse(status, JSON.stringify({ message, requestId }), headers)

  /** Counts the request against every rule for its endpoint, and picks the first rule that applies. */
  const faultFor = (endpoint: Endpoint | undefined): Fault | undefined => {
    let chosen: Fault | undefined
    for (const state of rules) {
      const { generation, operation } = state.rule
      if (operation !== undefined && operation !== endpoint?.operation.id) continue
      if (generation !== undefined && generation !== endpoint?.generation) continue
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
    request: HttpServerRequest.HttpServerRequest,
    resolution: Resolution,
    requestId: string,
    now: number
  ): Effect.Effect<HttpServerResponse.HttpServerResponse> => {
    const presented = request.headers.authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1]
    if (presented === undefined) {
      return Effect.succeed(
        errorResponse(401, "Missing access token: send the header Authorization: Bearer <token>", requestId)
      )
    }
    if (presented !== token) return Effect.succeed(errorResponse(401, "Invalid access token", requestId))
    const path = pathOf(request)
    switch (resolution._tag) {
      case "Unknown":
        return Effect.succeed(errorResponse(404, `No endpoint at ${path}`, requestId))
      case "WrongMethod":
        return Effect.succeed(
          errorResponse(
            405,
            `${request.method} is not allowed on ${path}; use ${resolution.allowed.join(" or ")}`,
            requestId,
            { allow: resolution.allowed.join(", ") }
          )
        )
      case "Found":
        return answerOperation(request, resolution.endpoint, requestId, now)
    }
  }

  /** Spends a slot of the operation's budget when one is free; `admit` records the admission in the window. */
  const spendBudget = (operation: Endpoint["operation"], now: number) =>
    Effect.sync(() => {
      if (!enforceRateLimits) return admitted
      const log = rateWindows.get(operation) ?? []
      rateWindows.set(operation, log)
      return admit(log, operation.budget, now)
    })

  const answerOperation = (
    request: HttpServerRequest.HttpServerRequest,
    endpoint: Endpoint,
    requestId: string,
    now: number
  ): Effect.Effect<HttpServerResponse.HttpServerResponse> =>
    Effect.gen(function*() {
      const { operation } = endpoint
      const body = yield* Effect.either(request.text)
      // The current API documents 413 on every operation; a body refused for its size spends no budget.
      const size = Either.match(body, { onLeft: () => 0, onRight: (text) => new TextEncoder().encode(text).length })
      if (endpoint.generation === "ga" && size > maxBodyBytes) {
        return errorResponse(
          413,
          `The request body is ${size} bytes; ${operation.id} accepts at most ${maxBodyBytes} bytes`,
          requestId
        )
      }
      const admission = yield* spendBudget(operation, now)
      if (!admission.admitted) {
        return errorResponse(
          429,
          `Rate limit exceeded for ${operation.id}: at most ${operation.budget.limit} requests per ${
            Duration.format(operation.budget.window)
          }; retry after ${admission.retryAfterSeconds} s`,
          requestId,
          { "retry-after": String(admission.retryAfterSeconds) }
        )
      }
      return yield* Effect.all([
        Query.parse(searchOf(request)),
        Effect.mapError(body, () => new Refusal(400, "The request body could not be read"))
      ]).pipe(
        Effect.flatMap(([query, body]) => answerOf(endpoint)({ query, body, now }, world)),
        Effect.match({
          onFailure: (refusal: Refusal) => errorResponse(refusal.status, refusal.message, requestId),
          onSuccess: (success: Answer) =>
            success.status === 204
              ? HttpServerResponse.empty({ status: 204 })
              : jsonResponse(success.status, JSON.stringify(success.body))
        })
      )
    })

  const faulted = (
    fault: Fault,
    normally: Effect.Effect<HttpServerResponse.HttpServerResponse>,
    requestId: string
  ): Effect.Effect<Outcome> => {
    switch (fault._tag) {
      case "Reset":
        return Effect.succeed({ _tag: "Reset" })
      case "Status":
        return Effect.succeed(send(
          fault.body === undefined
            ? errorResponse(fault.status, `Injected ${fault.status} from the stand-in`, requestId, fault.headers)
            : jsonResponse(fault.status, fault.body, fault.headers)
        ))
      case "Malformed":
        return Effect.succeed(send(HttpServerResponse.text(fault.body, { contentType: fault.contentType })))
      case "Latency":
        return Effect.map(normally, (response) => ({ _tag: "Send", response, delay: fault.delay }))
      case "Truncated":
        return Effect.map(normally, (response) => ({ _tag: "Send", response, truncated: true }))
    }
  }

  /** Records the request on arrival, numbers it and picks its fault, all in one step so arrivals stay in order. */
  const arrive = (request: HttpServerRequest.HttpServerRequest, resolution: Resolution) =>
    Effect.sync(() => {
      const endpoint = resolution._tag === "Found" ? resolution.endpoint : undefined
      const entry: Entry = {
        method: request.method,
        path: pathOf(request),
        query: searchOf(request),
        operation: endpoint?.operation.id,
        generation: endpoint?.generation,
        status: undefined
      }
      received.push(entry)
      return { entry, requestId: nextRequestId(), fault: faultFor(endpoint) }
    })

  /** What every route runs: the status is recorded when it is known, before any latency. */
  const respond = (resolution: Resolution) =>
    Effect.gen(function*() {
      const request = yield* HttpServerRequest.HttpServerRequest
      const now = yield* Clock.currentTimeMillis
      const { entry, fault, requestId } = yield* arrive(request, resolution)
      const normally = answer(request, resolution, requestId, now)
      const outcome = fault === undefined ? send(yield* normally) : yield* faulted(fault, normally, requestId)
      yield* Effect.sync(() => {
        entry.status = outcome._tag === "Send" ? outcome.response.status : undefined
      })
      return yield* deliver(outcome)
    })

  const app = makeApp(respond)

  const handle = (request: StandInRequest): Effect.Effect<StandInResponse> =>
    serverRequest(request).pipe(
      // Only a method the fetch API refuses (CONNECT, TRACE) makes no request: no Samsara operation uses one.
      Effect.orDie,
      // The app is the server, apart from its caller: the router would otherwise mark the caller's span.
      Effect.flatMap((incoming) =>
        app.pipe(
          Effect.provideService(HttpServerRequest.HttpServerRequest, incoming),
          Effect.mapInputContext((context: Context.Context<never>) => Context.omit(Tracer.ParentSpan)(context))
        )
      ),
      Effect.map((response) => toReply(response)),
      Effect.catchTag("Dropped", ({ after }): Effect.Effect<StandInResponse> =>
        Effect.succeed(after === undefined ? { _tag: "Reset" } : toReply(after.response, after.sentBytes)))
    )

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
