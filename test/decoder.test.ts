/**
 * The compiled response decoder (`internal/decoder.ts`) against Schema's own, on every success schema of both
 * generations: on generated bodies the compiled checks decide alone and give exactly Schema's value; on bodies with
 * any part replaced by any JSON, and on any JSON at all, the decoder's answer (value or `ParseError`) is Schema's.
 */
import { assert, describe, it } from "@effect/vitest"
import { deepStrictEqual } from "@effect/vitest/utils"
import * as Arbitrary from "effect/Arbitrary"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { compiled, decoder } from "../src/internal/decoder.js"
import { gaOperations, operations } from "../src/internal/registry.js"
import { GetTrainingCoursesResponse } from "../src/TrainingCourses.js"

const runs = { fastCheck: { numRuns: 60 } }

/** Every place in a JSON value, as the keys that lead to it; the value itself is at `[]`. */
const placesIn = (json: unknown, at: ReadonlyArray<string | number> = []): Array<ReadonlyArray<string | number>> => {
  const inside = Array.isArray(json)
    ? json.flatMap((element, index) => placesIn(element, [...at, index]))
    : typeof json === "object" && json !== null
    ? Object.entries(json).flatMap(([key, value]) => placesIn(value, [...at, key]))
    : []
  return [at, ...inside]
}

/** `json` with the value at `place` replaced by `replacement`. */
const replaced = (json: unknown, place: ReadonlyArray<string | number>, replacement: unknown): unknown => {
  const [step, ...rest] = place
  if (step === undefined) return replacement
  if (Array.isArray(json)) {
    return json.map((element, index) => index === step ? replaced(element, rest, replacement) : element)
  }
  if (typeof json !== "object" || json === null) return json
  return Object.fromEntries(
    Object.entries(json).map(([key, value]) => [key, key === step ? replaced(value, rest, replacement) : value])
  )
}

/** The decoder's answer and Schema's, compared as values or as the printed `ParseError`. */
const assertAgrees = <A>(
  decode: (input: unknown) => Either.Either<A, ParseResult.ParseError>,
  reference: (input: unknown) => Either.Either<A, ParseResult.ParseError>,
  input: unknown
) => {
  const print = Either.mapLeft((error: ParseResult.ParseError) => ParseResult.TreeFormatter.formatErrorSync(error))
  deepStrictEqual(print(decode(input)), print(reference(input)))
}

/**
 * The schema of a success body's JSON value: `success` is `Schema.parseJson` of it, a transformation from the text
 * to that schema.
 */
const bodySchemaOf = <S extends Schema.Schema.AnyNoContext>(success: S): Schema.Schema<Schema.Schema.Type<S>> => {
  const ast = success.ast
  assert.isTrue(ast._tag === "Transformation", "a success schema parses JSON text")
  return Schema.make(ast._tag === "Transformation" ? ast.to : ast)
}

const operationProperties = <S extends Schema.Schema.AnyNoContext>(name: string, success: S) => {
  const body = bodySchemaOf(success)
  const reference = Schema.decodeUnknownEither(body)
  const toJson = (value: Schema.Schema.Type<S>): unknown => {
    // A body of nothing (a delete's) encodes to no JSON at all; it is checked as `null`.
    const text = JSON.stringify(Schema.encodeSync(body)(value))
    return text === undefined ? null : JSON.parse(text)
  }
  // What JSON can carry: no NaN, infinities or undefined array cells, as no body holds them.
  const bodies = Arbitrary.make(body).map(toJson).filter((json) => Either.isRight(reference(json)))
  const check = compiled(body)
  const decode = decoder(body)
  const checkText = compiled(success)
  const decodeText = decoder(success)
  const referenceText = Schema.decodeUnknownEither(success)

  describe(name, () => {
    it.prop("a generated body is decided by the compiled checks alone, to Schema's value", [bodies], ([json]) => {
      const value = check(json)
      assert.isTrue(Option.isSome(value), "the compiled checks fell back to Schema")
      deepStrictEqual(Either.right(Option.getOrThrow(value)), reference(json))
      // The text, as the executor decodes it, is decided alone too (a delete's body is text, not this JSON).
      const text = JSON.stringify(json)
      const expected = referenceText(text)
      if (Either.isRight(expected)) deepStrictEqual(Option.getOrThrow(checkText(text)), expected.right)
    }, runs)

    it.prop(
      "a body with any one place replaced by any JSON gets Schema's answer, as a value and as text",
      [bodies, FastCheck.nat(), FastCheck.jsonValue({ maxDepth: 2 })],
      ([json, pick, replacement]) => {
        const places = placesIn(json)
        const mutated = replaced(json, places[pick % places.length] ?? [], replacement)
        assertAgrees(decode, reference, mutated)
        assertAgrees(decodeText, referenceText, JSON.stringify(mutated))
      },
      runs
    )

    it.prop("any JSON value gets Schema's answer", [FastCheck.jsonValue()], ([json]) => {
      assertAgrees(decode, reference, json)
    }, runs)

    it("text that is not JSON gets Schema's answer", () => {
      assertAgrees(decodeText, referenceText, "{\"data\": [")
    })
  })
}

describe("the compiled response decoder", () => {
  for (const operation of [...operations, ...gaOperations]) {
    operationProperties(`${operation.id} (${operation.method} ${operation.path})`, operation.success)
  }

  it("follows Schema on kinds of schema the response models do not use", () => {
    class Named extends Schema.Class<Named>("Named")({ name: Schema.String }) {}
    const agreesOn = <A, I>(schema: Schema.Schema<A, I>, inputs: ReadonlyArray<unknown>) => {
      for (const input of inputs) assertAgrees(decoder(schema), Schema.decodeUnknownEither(schema), input)
    }
    // A transformation into a schema that transforms again.
    agreesOn(
      Schema.transform(Schema.String, Schema.NumberFromString, { decode: (s) => `${s}1`, encode: (s) => s }),
      ["4", "x", 4]
    )
    // Overlapping members: Schema's order decides.
    agreesOn(Schema.Union(Schema.Literal("a"), Schema.String, Schema.Number), ["a", "b", 1, null])
    agreesOn(
      Schema.Union(
        Schema.Struct({ kind: Schema.String, x: Schema.String }),
        Schema.Struct({ kind: Schema.Literal("k"), y: Schema.String })
      ),
      [{ kind: "k", x: "1", y: "2" }, { kind: "j", x: "1" }]
    )
    agreesOn(
      Schema.Struct({
        value: Schema.Union(
          Schema.String.annotations({ decodingFallback: () => Either.right("fallback") }),
          Schema.Number
        )
      }),
      [{ value: 5 }, { value: "s" }]
    )
    agreesOn(Schema.Record({ key: Schema.String, value: Schema.Number }), [{ a: 1 }, { a: "1" }, []])
    agreesOn(Schema.Struct({ named: Named }), [{ named: { name: "n" } }, { named: {} }])
    agreesOn(Schema.Struct({ count: Schema.Int }), [{ count: 1 }, { count: 1.5 }])
    agreesOn(Schema.Struct({ count: Schema.optionalWith(Schema.Number, { default: () => 0 }) }), [{}, { count: 2 }])
    agreesOn(Schema.Struct({}), [{}, null, 1])
    agreesOn(Schema.Tuple(Schema.String, Schema.Number), [["a", 1], ["a"]])
    // A transformation that needs an effect: Schema refuses it in a synchronous decode, and so does the decoder.
    agreesOn(
      Schema.transformOrFail(Schema.String, Schema.String, {
        decode: (s) => Effect.as(Effect.sleep("1 millis"), s),
        encode: ParseResult.succeed
      }),
      ["later"]
    )
  })

  it("a course page decodes as Schema decodes it: declared keys in their order, unknown keys left out", () => {
    const text = JSON.stringify({
      extra: true,
      pagination: { hasNextPage: false, endCursor: "" },
      data: [{
        title: "Braking",
        status: "published",
        revisionId: "r1",
        label: null,
        id: "c1",
        estimatedTimeToCompleteMinutes: 12,
        description: null,
        category: { name: "Safety", id: "k1", note: "unknown" }
      }]
    })
    const decoded = decoder(Schema.parseJson(GetTrainingCoursesResponse))(text)

    deepStrictEqual(decoded, Schema.decodeUnknownEither(Schema.parseJson(GetTrainingCoursesResponse))(text))
    assert.deepStrictEqual(Object.keys(Either.getOrThrow(decoded).data[0]!), [
      "category",
      "description",
      "estimatedTimeToCompleteMinutes",
      "id",
      "label",
      "revisionId",
      "status",
      "title"
    ])
  })
})
