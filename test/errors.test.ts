/**
 * Error classes as test doubles: each status error needs only its operation and message; the status is implied by
 * the class, and the request id, body and `Retry-After` default to none.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Option from "effect/Option"
import {
  BadGateway,
  BadRequest,
  GatewayTimeout,
  InternalServerError,
  MethodNotAllowed,
  NotFound,
  NotImplemented,
  ServiceUnavailable,
  TooManyRequests,
  Unauthorized
} from "../src/SamsaraError.js"

const fields = { operation: "getTrainingCourses", message: "scripted" } as const

describe("status errors built from what matters", () => {
  const built = [
    [new BadRequest(fields), 400],
    [new Unauthorized(fields), 401],
    [new NotFound(fields), 404],
    [new MethodNotAllowed(fields), 405],
    [new TooManyRequests(fields), 429],
    [new InternalServerError(fields), 500],
    [new NotImplemented(fields), 501],
    [new BadGateway(fields), 502],
    [new ServiceUnavailable(fields), 503],
    [new GatewayTimeout(fields), 504]
  ] as const

  for (const [error, status] of built) {
    it(`${error._tag} carries ${status}, no request id and an empty body`, () => {
      assert.strictEqual(error.status, status)
      assert.isTrue(Option.isNone(error.requestId))
      assert.strictEqual(error.body, "")
      assert.strictEqual(error.message, "scripted")
    })
  }

  it("a throttling error has no Retry-After unless given one", () => {
    assert.isTrue(Option.isNone(new TooManyRequests(fields).retryAfter))
    assert.isTrue(Option.isNone(new ServiceUnavailable(fields).retryAfter))
    const given = new TooManyRequests({ ...fields, retryAfter: Option.some(Duration.seconds(2)) })
    assert.strictEqual(Option.getOrUndefined(Option.map(given.retryAfter, Duration.toMillis)), 2000)
  })

  it("given fields win over the defaults", () => {
    const error = new BadRequest({ ...fields, requestId: Option.some("req-1"), body: "{}" })
    assert.strictEqual(Option.getOrUndefined(error.requestId), "req-1")
    assert.strictEqual(error.body, "{}")
  })
})
