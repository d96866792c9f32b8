/**
 * Error classes: each status error class carries its status, reason phrase, advice and retryability, and the status
 * table and `isRetryable` are read off the classes; a test double names only its operation; every message is
 * computed from the error's fields.
 */
import { assert, describe, it } from "@effect/vitest"
import { deepStrictEqual } from "@effect/vitest/utils"
import * as Duration from "effect/Duration"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import { parseRetryAfter, statusError } from "../src/internal/statusTable.js"
import {
  CustomReportRunFailed,
  CustomReportRunTimedOut,
  DecodeError,
  FieldIssue,
  InvalidRequest,
  isRetryable,
  RateLimitExceeded,
  RepeatedCursor,
  SamsaraConfigError,
  ServiceUnavailable,
  statusErrors,
  TooManyRequests,
  TransportError,
  Unauthorized,
  UnexpectedStatus
} from "../src/SamsaraError.js"

const operation = "getTrainingCourses"

/** What Samsara documents for each status, written here independently of the classes. */
const documented = [
  ["BadRequest", 400, "Bad Request", false],
  ["Unauthorized", 401, "Unauthorized", false],
  ["NotFound", 404, "Not Found", false],
  ["MethodNotAllowed", 405, "Method Not Allowed", false],
  ["ContentTooLarge", 413, "Content Too Large", false],
  ["TooManyRequests", 429, "Too Many Requests", true],
  ["InternalServerError", 500, "Internal Server Error", true],
  ["NotImplemented", 501, "Not Implemented", false],
  ["BadGateway", 502, "Bad Gateway", true],
  ["ServiceUnavailable", 503, "Service Unavailable", true],
  ["GatewayTimeout", 504, "Gateway Timeout", true]
] as const

const answered = (status: number, body = "") =>
  statusError({ operation, scope: "Read Training", status, body, retryAfter: Option.none() })

describe("status error classes", () => {
  it("are one per documented status, each with its status, reason phrase and retryability", () => {
    deepStrictEqual(
      statusErrors.map((error) => [error._tag, error.status, error.statusText, error.retryable]),
      documented.map((facts) => [...facts])
    )
  })

  for (const ErrorClass of statusErrors) {
    it(`${ErrorClass._tag}: built from its operation alone, with the status, no request id and an empty body`, () => {
      const error = new ErrorClass({ operation })
      assert.strictEqual(error.status, ErrorClass.status)
      assert.isTrue(Option.isNone(error.samsaraMessage))
      assert.isTrue(Option.isNone(error.requestId))
      assert.strictEqual(error.body, "")
      assert.strictEqual(isRetryable(error), ErrorClass.retryable)
    })

    it(`${ErrorClass._tag}: a ${ErrorClass.status} response is mapped to it by its status`, () => {
      const error = answered(ErrorClass.status)
      assert.isTrue(error instanceof ErrorClass)
      assert.strictEqual(error._tag, ErrorClass._tag)
    })

    it(`${ErrorClass._tag}: the message names the operation, the status, its reason phrase and the advice`, () => {
      assert.strictEqual(
        new ErrorClass({ operation }).message,
        `getTrainingCourses failed with ${ErrorClass.status} ${ErrorClass.statusText}. ${ErrorClass.advice}.`
      )
    })
  }

  it("any other status is UnexpectedStatus, not retryable, with no reason phrase or advice", () => {
    const error = answered(418, JSON.stringify({ message: "teapot", requestId: "req-418" }))
    assert.instanceOf(error, UnexpectedStatus)
    assert.strictEqual(error.status, 418)
    assert.isFalse(isRetryable(error))
    assert.strictEqual(error.message, "getTrainingCourses failed with 418: teapot (requestId req-418)")
  })

  it("a test double needs only the operation and what the test is about", () => {
    const throttled = new TooManyRequests({ operation, retryAfter: Option.some(Duration.seconds(2)) })
    deepStrictEqual(throttled.retryAfter, Option.some(Duration.seconds(2)))
    assert.isTrue(Option.isNone(new TooManyRequests({ operation }).retryAfter))
    assert.isTrue(Option.isNone(new ServiceUnavailable({ operation }).retryAfter))
    assert.strictEqual(
      throttled.message,
      "getTrainingCourses failed with 429 Too Many Requests. The operation's rate limit was exceeded; the failure is "
        + "retryable."
    )
  })
})

describe("status error messages", () => {
  it("quote Samsara's message and request id from the body, which is kept whole", () => {
    const body = JSON.stringify({ message: "Invalid token", requestId: "req-401" })
    const error = answered(401, body)
    assert(error._tag === "Unauthorized")
    deepStrictEqual(
      [error.samsaraMessage, error.requestId, error.scope, error.body],
      [Option.some("Invalid token"), Option.some("req-401"), Option.some("Read Training"), body]
    )
    assert.strictEqual(
      error.message,
      "getTrainingCourses failed with 401 Unauthorized: Invalid token (requestId req-401). "
        + "Check that the token is valid and has the \"Read Training\" scope."
    )
  })

  it("a 401 names the scope when it has one, and the operation's scope in general when not", () => {
    assert.include(new Unauthorized({ operation, scope: Option.some("Write Training") }).message, "\"Write Training\"")
    assert.include(new Unauthorized({ operation }).message, "has the operation's scope.")
  })

  it("quote at most 1000 characters of Samsara's message", () => {
    const error = new TooManyRequests({ operation, samsaraMessage: Option.some("x".repeat(5000)) })
    assert.include(error.message, `: ${"x".repeat(1000)}…. The operation's`)
    assert.notInclude(error.message, "x".repeat(1001))
  })

  it("follow the fields: an error decoded from its encoded form says the same", () => {
    const error = new ServiceUnavailable({
      operation,
      samsaraMessage: Option.some("busy"),
      requestId: Option.some("req-9"),
      retryAfter: parseRetryAfter("7", 0)
    })
    const copy = Schema.decodeSync(ServiceUnavailable)(Schema.encodeSync(ServiceUnavailable)(error))
    assert.strictEqual(copy.message, error.message)
    assert.strictEqual(
      error.message,
      "getTrainingCourses failed with 503 Service Unavailable: busy (requestId req-9). "
        + "Samsara is failing or overloaded; the failure is retryable."
    )
  })
})

describe("the other errors' messages are computed from their fields", () => {
  it("TransportError: the operation, the description or the reason's words, and the messages of its cause", () => {
    const cause = new Error("fetch failed", { cause: new Error("connect ECONNREFUSED 127.0.0.1:1") })
    deepStrictEqual(
      [
        new TransportError({ operation, reason: "NetworkFailure", description: "no response", cause }).message,
        new TransportError({ operation, reason: "Timeout", description: "no complete response within 2s" }).message,
        new TransportError({ operation, reason: "Deadline" }).message,
        new TransportError({ operation, reason: "NetworkFailure" }).message
      ],
      [
        "getTrainingCourses: no response: fetch failed: connect ECONNREFUSED 127.0.0.1:1",
        "getTrainingCourses: no complete response within 2s",
        "getTrainingCourses: no result within the deadline",
        "getTrainingCourses: the connection failed or broke off"
      ]
    )
    assert.isTrue(isRetryable(new TransportError({ operation, reason: "Timeout" })))
  })

  it("DecodeError: the operation, the status and what is wrong with the body", () => {
    deepStrictEqual(
      [
        new DecodeError({ operation, status: 200 }).message,
        new DecodeError({ operation, status: 200, description: "is larger than maxResponseBytes (64)" }).message
      ],
      [
        "getTrainingCourses: the 200 response is not the expected JSON",
        "getTrainingCourses: the 200 response is larger than maxResponseBytes (64)"
      ]
    )
  })

  it("InvalidRequest: every bad field with its reason", () => {
    const error = new InvalidRequest({
      operation,
      issues: [
        new FieldIssue({ field: "ids.3", reason: "must not be empty" }),
        new FieldIssue({ field: "", reason: "is missing" })
      ]
    })
    assert.strictEqual(error.message, "getTrainingCourses was not sent: ids.3 must not be empty; request is missing")
  })

  it("RateLimitExceeded: the budget, whether its window is spent, and when the next request may start", () => {
    const refused = (window: Duration.Duration) =>
      new RateLimitExceeded({ operation, retryAfter: Duration.millis(1500), budget: { limit: 5, window } }).message
    deepStrictEqual([refused(Duration.seconds(1)), refused(Duration.hours(1))], [
      "getTrainingCourses: Samsara allows 5 per 1s; the next request may start in 1s 500ms (pass waitForRateLimit to "
      + "wait)",
      "getTrainingCourses: Samsara allows 5 per 1h, all taken in the current window; the next request may start in "
      + "1s 500ms (pass waitForRateLimit to wait)"
    ])
  })

  it("RepeatedCursor, CustomReportRunFailed, CustomReportRunTimedOut and SamsaraConfigError", () => {
    const run = { operation: "getCustomReportRuns", runId: "run-7", customReportId: "cr-1" } as const
    deepStrictEqual(
      [
        new RepeatedCursor({ operation, cursor: "same" }).message,
        new CustomReportRunFailed({ ...run, status: "cancelled" }).message,
        new CustomReportRunTimedOut({ ...run, reason: "Deadline", deadline: Duration.minutes(10) }).message,
        new CustomReportRunTimedOut({
          ...run,
          reason: "PollingStopped",
          deadline: Duration.minutes(10),
          lastStatus: Option.some("pending")
        }).message,
        new CustomReportRunTimedOut({ ...run, reason: "PollingStopped", deadline: Duration.minutes(10) }).message,
        new SamsaraConfigError({ setting: "timeout", description: "must be a positive duration, got 0" }).message
      ],
      [
        "getTrainingCourses: the server gave the cursor \"same\" again with hasNextPage true; the stream stopped rather "
        + "than fetch the same pages again",
        "custom report run run-7 ended cancelled",
        "custom report run run-7 did not complete within 10m",
        "custom report run run-7 was still pending when polling stopped",
        "custom report run run-7 was still unlisted when polling stopped",
        "timeout must be a positive duration, got 0"
      ]
    )
  })
})
