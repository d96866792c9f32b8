/**
 * Schema helpers for Samsara's response bodies, which are decoded tolerantly: preview APIs grow, so a new enum
 * value or an extra field must not fail a page.
 */
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as SchemaAST from "effect/SchemaAST"

/**
 * The wire side of an optional field: the value, or `null`, which decodes as `undefined`. Declared rather than
 * written as `NullOr`, whose union search for every optional field of every item showed up in allocation profiles.
 */
const nullAsUndefined = <A, I>(schema: Schema.Schema<A, I>) =>
  Schema.declare<A | undefined, I | null | undefined, readonly [Schema.Schema<A, I>]>([schema], {
    decode: (item) => {
      const decodeItem = ParseResult.decodeUnknown(item)
      return (input, options) =>
        input === null || input === undefined ? ParseResult.succeed(undefined) : decodeItem(input, options)
    },
    encode: (item) => {
      const encodeItem = ParseResult.encodeUnknown(item)
      return (input, options) => input === undefined ? ParseResult.succeed(null) : encodeItem(input, options)
    }
  }, {
    description: "absent or null",
    arbitrary: (item) => (fc) => fc.option(item(fc), { nil: undefined }),
    // JSON Schema describes the wire: the value or `null`.
    [SchemaAST.SurrogateAnnotationId]: Schema.NullOr(schema).ast
  })

/**
 * A field Samsara may leave out or send as `null`; either way it reads as `undefined`. The `null` is mapped on the
 * field rather than with `optionalWith({ nullable: true })`, which turns the whole object into a transformation
 * validated twice. The type side is the value or `undefined`, so `Schema.is` refuses a `null`.
 */
export const optional = <A, I>(schema: Schema.Schema<A, I>) =>
  Schema.optionalWith(
    Schema.transform(nullAsUndefined(schema), Schema.UndefinedOr(Schema.typeSchema(schema)), {
      strict: true,
      decode: (value) => value,
      encode: (value) => value
    }),
    { exact: true }
  )

/**
 * An enum that may grow: the documented values are listed for editors, and an unknown value decodes as the same
 * string instead of failing. Any string is valid, so the check is a plain string check (a union of the literals
 * and `String` would accept the same values, more slowly); the values are kept as `examples` for arbitraries and
 * documentation.
 */
export const OpenEnum = <const Values extends readonly [string, ...Array<string>]>(
  ...values: Values
): Schema.Schema<Values[number] | (string & {})> => Schema.String.annotations({ examples: values })

/** Decodes a response body's text: JSON first, then the schema. */
export const decodeJson = <A, I>(schema: Schema.Schema<A, I>) => Schema.decode(Schema.parseJson(schema))
