/**
 * The custom-report workflow over Samsara's current report operations: create a run, poll it while it is pending,
 * then stream its rows as records keyed by column.
 */
import * as Chunk from "effect/Chunk"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Ref from "effect/Ref"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import type {
  CreateReportRunParams,
  CreateReportRunResponse,
  GetReportRunDataParams,
  GetReportRunDataResponse,
  GetReportRunsParams,
  GetReportRunsResponse,
  ReportRecord,
  ReportRun,
  RunReportOptions
} from "../ga/Reports.js"
import type { SamsaraClient } from "../SamsaraClient.js"
import {
  CustomReportRunFailed,
  CustomReportRunTimedOut,
  type RepeatedCursor,
  type SamsaraError
} from "../SamsaraError.js"

/** The calls the workflow makes, bound to one client. */
export interface ReportCalls {
  readonly createRun: (
    params: CreateReportRunParams,
    options?: SamsaraClient.CallOptions
  ) => Effect.Effect<CreateReportRunResponse, SamsaraError>
  readonly getRuns: (
    params: GetReportRunsParams,
    options?: SamsaraClient.CallOptions
  ) => Effect.Effect<GetReportRunsResponse, SamsaraError>
  readonly runDataPages: (
    params: GetReportRunDataParams,
    options?: SamsaraClient.CallOptions
  ) => Stream.Stream<GetReportRunDataResponse, SamsaraError | RepeatedCursor>
}

/**
 * Where a run ends. `unknown` is not among them: Samsara does not say what it means, so it is waited on like
 * `pending`, within the deadline.
 */
const finishedStatuses: ReadonlySet<string> = new Set(["complete", "failed", "canceled"])

const isFinished = (run: ReportRun) => finishedStatuses.has(run.status)

/**
 * Record keys for a run's column names, made unique (`Date`, `Date (2)`) so no cell is overwritten. Written over
 * names so that both generations' workflows can key rows with it.
 */
export const uniqueKeys = (names: ReadonlyArray<string>): ReadonlyArray<string> => {
  const seen = new Map<string, number>()
  return names.map((name) => {
    const count = (seen.get(name) ?? 0) + 1
    seen.set(name, count)
    return count === 1 ? name : `${name} (${count})`
  })
}

/** A row as a record: each cell under its column's key, or `column<n>` beyond the columns. */
export const toRecord = (keys: ReadonlyArray<string>, row: ReadonlyArray<unknown>): ReportRecord =>
  Object.fromEntries(row.map((cell, index) => [keys[index] ?? `column${index + 1}`, cell]))

const noKeys: ReadonlyArray<string> = []

/** A status seen, and the operation that saw it. */
interface Observation {
  readonly operation: "createReportRun" | "getReportRuns"
  readonly run: ReportRun
}

/**
 * Waits for the created run to finish: succeeds when it completed, fails when it ended otherwise or did not finish
 * in time. The created run is the first observation, so a run created complete is not polled at all, and the first
 * poll of a pending one comes one schedule step later.
 */
const awaitCompletion = (
  getRuns: ReportCalls["getRuns"],
  created: ReportRun,
  params: CreateReportRunParams,
  options: RunReportOptions | undefined
): Effect.Effect<void, SamsaraError | CustomReportRunFailed | CustomReportRunTimedOut> =>
  Effect.gen(function*() {
    const deadline = Duration.decode(options?.deadline ?? "10 minutes")
    const first: Observation = { operation: "createReportRun", run: created }
    const latest = yield* Ref.make(first)
    // A run created a moment ago may not be listed yet; until it is, the last status seen stands.
    const poll = Effect.map(
      getRuns({ ids: [created.id] }, options?.call),
      (page) =>
        Option.map(
          Option.fromNullable(page.data.find((run) => run.id === created.id)),
          (run): Observation => ({ operation: "getReportRuns", run })
        )
    )
    const pastDeadline = yield* Stream.fromSchedule(options?.poll ?? Schedule.spaced("2 seconds")).pipe(
      Stream.mapEffect(() => poll),
      Stream.filterMap((observation) => observation),
      Stream.prepend(Chunk.of(first)),
      Stream.takeUntil((observation) => isFinished(observation.run)),
      Stream.runForEach((observation) => Ref.set(latest, observation)),
      Effect.timeoutTo({ duration: deadline, onSuccess: () => false, onTimeout: () => true })
    )
    const { operation, run } = yield* Ref.get(latest)
    // A run seen finished counts even if the deadline passed in the same instant.
    if (!isFinished(run)) {
      return yield* new CustomReportRunTimedOut({
        operation: "getReportRuns",
        runId: created.id,
        customReportId: params.reportConfig.id,
        reason: pastDeadline ? "Deadline" : "PollingStopped",
        deadline,
        lastStatus: Option.some(run.status)
      })
    }
    if (run.status !== "complete") {
      return yield* new CustomReportRunFailed({
        operation,
        runId: run.id,
        customReportId: params.reportConfig.id,
        status: run.status
      })
    }
  })

/** `runReport` over the calls of one client. */
export const runReport = (calls: ReportCalls) =>
(
  params: CreateReportRunParams,
  options?: RunReportOptions
): Stream.Stream<ReportRecord, SamsaraError | RepeatedCursor | CustomReportRunFailed | CustomReportRunTimedOut> =>
  Stream.unwrap(Effect.gen(function*() {
    const created = (yield* calls.createRun(params, options?.call)).data
    yield* awaitCompletion(calls.getRuns, created, params, options)
    // Every page names its columns; one that names none keeps the keys of the page before.
    return calls.runDataPages({ id: created.id }, options?.call).pipe(
      Stream.mapAccum(noKeys, (keys, page) => {
        const { columns } = page.data
        const current = columns.length === 0 ? keys : uniqueKeys(columns.map((column) => column.name))
        return [current, page.data.rows.map((row) => toRecord(current, row))]
      }),
      Stream.flattenIterables
    )
  }))
