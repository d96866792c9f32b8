/**
 * The custom-report workflow over the preview operations: queue a run, poll until it finishes, then stream its
 * rows as records keyed by column.
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import type {
  CustomReportColumn,
  CustomReportRecord,
  CustomReportRow,
  GetCustomReportRunDataParams,
  GetCustomReportRunDataResponse,
  GetCustomReportRunsParams,
  GetCustomReportRunsResponse,
  PostCustomReportRunParams,
  PostCustomReportRunResponse,
  QueuedCustomReportRun,
  RunCustomReportOptions
} from "../CustomReports.js"
import type { SamsaraClient } from "../SamsaraClient.js"
import {
  CustomReportRunFailed,
  CustomReportRunTimedOut,
  type RepeatedCursor,
  type SamsaraError
} from "../SamsaraError.js"

/** The calls the workflow makes, bound to one client. */
export interface ReportCalls {
  readonly postRun: (
    params: PostCustomReportRunParams,
    options?: SamsaraClient.CallOptions
  ) => Effect.Effect<PostCustomReportRunResponse, SamsaraError>
  readonly getRuns: (
    params: GetCustomReportRunsParams,
    options?: SamsaraClient.CallOptions
  ) => Effect.Effect<GetCustomReportRunsResponse, SamsaraError>
  readonly runDataPages: (
    params: GetCustomReportRunDataParams,
    options?: SamsaraClient.CallOptions
  ) => Stream.Stream<GetCustomReportRunDataResponse, SamsaraError | RepeatedCursor>
}

const noKeys: ReadonlyArray<string> = []

const finishedStatuses: ReadonlySet<string> = new Set(["completed", "failed", "cancelled"])

/** Record keys for a run's columns: display names, made unique (`Date`, `Date (2)`) so no cell is overwritten. */
const columnKeys = (columns: ReadonlyArray<CustomReportColumn>): ReadonlyArray<string> => {
  const seen = new Map<string, number>()
  return columns.map((column) => {
    const count = (seen.get(column.displayName) ?? 0) + 1
    seen.set(column.displayName, count)
    return count === 1 ? column.displayName : `${column.displayName} (${count})`
  })
}

const toRecord = (keys: ReadonlyArray<string>, row: CustomReportRow): CustomReportRecord =>
  Object.fromEntries(row.map((cell, index) => [keys[index] ?? `column${index + 1}`, cell]))

/** Polls `getRuns` until the queued run finishes: succeeds when it completed, fails when it did not in time. */
const awaitCompletion = (
  getRuns: ReportCalls["getRuns"],
  queued: QueuedCustomReportRun,
  options: RunCustomReportOptions | undefined
) => {
  const deadline = Duration.decode(options?.deadline ?? "10 minutes")
  const timedOut = (reason: "Deadline" | "PollingStopped", lastStatus: Option.Option<string>) =>
    new CustomReportRunTimedOut({
      operation: "getCustomReportRuns",
      runId: queued.id,
      customReportId: queued.customReportId,
      reason,
      deadline,
      lastStatus
    })
  // A run queued a moment ago may not be listed yet; until it is, it reads as still pending.
  const latest = Effect.map(
    getRuns({ ids: [queued.id] }, options?.call),
    (page) => Option.fromNullable(page.data.find((run) => run.id === queued.id))
  )
  return Stream.repeatEffectWithSchedule(latest, options?.poll ?? Schedule.spaced("2 seconds")).pipe(
    Stream.takeUntil(Option.exists((run) => finishedStatuses.has(run.status))),
    Stream.runLast,
    Effect.map(Option.flatten),
    Effect.timeoutFail({
      duration: deadline,
      onTimeout: () => timedOut("Deadline", Option.none())
    }),
    Effect.flatMap((latestRun): Effect.Effect<void, CustomReportRunFailed | CustomReportRunTimedOut> => {
      const run = Option.getOrUndefined(latestRun)
      if (run === undefined || !finishedStatuses.has(run.status)) {
        return Effect.fail(timedOut("PollingStopped", Option.map(latestRun, (unfinished) => unfinished.status)))
      }
      return run.status === "completed" ? Effect.void : Effect.fail(
        new CustomReportRunFailed({
          operation: "getCustomReportRuns",
          runId: run.id,
          customReportId: run.customReportId,
          status: run.status
        })
      )
    })
  )
}

/** `runCustomReport` over the calls of one client. */
export const runCustomReport = (calls: ReportCalls) =>
(
  params: PostCustomReportRunParams,
  options?: RunCustomReportOptions
): Stream.Stream<
  CustomReportRecord,
  SamsaraError | RepeatedCursor | CustomReportRunFailed | CustomReportRunTimedOut
> =>
  Stream.unwrap(Effect.gen(function*() {
    const queued = (yield* calls.postRun(params, options?.call)).data
    yield* awaitCompletion(calls.getRuns, queued, options)
    // Columns may come only on the first page, so each page's rows are keyed by the latest columns seen.
    return calls.runDataPages({ id: queued.id }, options?.call).pipe(
      Stream.mapAccum(noKeys, (keys, page) => {
        const current = page.data.columns === undefined ? keys : columnKeys(page.data.columns)
        return [current, page.data.rows.map((row) => toRecord(current, row))]
      }),
      Stream.flattenIterables
    )
  }))
