/**
 * Client-side validation of a call's parameters: the operation's schema, then its checks against the current time.
 * A refusal is an `InvalidRequest` naming every bad field, and nothing is sent.
 */
import * as Arr from "effect/Array"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Predicate from "effect/Predicate"
import * as Record from "effect/Record"
import * as Schema from "effect/Schema"
import type { OperationId } from "../OperationId.js"
import { FieldIssue, InvalidRequest } from "../SamsaraError.js"
import type { Operation } from "./operation.js"
import type { FieldIssues } from "./requestFields.js"

const invalidRequest = (operation: OperationId, issues: Arr.NonEmptyReadonlyArray<FieldIssues[number]>) =>
  new InvalidRequest({
    operation,
    issues: Arr.map(
      issues,
      (issue) => new FieldIssue({ field: issue.path.map(String).join("."), reason: issue.message })
    )
  })

/** Optional parameters may be given as `undefined`; the schemas know only present values. */
const withoutUndefined = (input: unknown): unknown =>
  Predicate.isRecord(input) ? Record.filter(input, (value) => value !== undefined) : input

/** The validator of an operation's parameters, prepared once per operation. */
export const validator = <Params, Encoded, Success>(
  operation: Operation<OperationId, string, Params, Encoded, Success>
) => {
  // Every bad field at once, so a caller fixes them in one go.
  const decode = Schema.decodeUnknownEither(operation.params, { errors: "all" })
  const checkAt = operation.checkAt
  return (input: unknown): Effect.Effect<Params, InvalidRequest> => {
    const decoded = decode(withoutUndefined(input ?? {}))
    if (Either.isLeft(decoded)) {
      const issues = ParseResult.ArrayFormatter.formatErrorSync(decoded.left)
      return Effect.fail(invalidRequest(
        operation.id,
        Arr.isNonEmptyReadonlyArray(issues) ? issues : [{ path: [], message: decoded.left.message }]
      ))
    }
    const params = decoded.right
    if (checkAt === undefined) return Effect.succeed(params)
    return Effect.flatMap(Clock.currentTimeMillis, (now) => {
      const issues = checkAt(params, now)
      return Arr.isNonEmptyReadonlyArray(issues)
        ? Effect.fail(invalidRequest(operation.id, issues))
        : Effect.succeed(params)
    })
  }
}
