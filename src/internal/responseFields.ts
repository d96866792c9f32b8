/**
 * Schema helpers for Samsara's response bodies, which are decoded tolerantly: preview APIs grow, so a new enum
 * value or an extra field must not fail a page.
 */
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"

/**
 * A value that may be `null`, read as `undefined`. Declared rather than built from `NullOr` and a transformation:
 * that pair allocated two union searches and a transformation step for every optional field of every item, about
 * an eighth of all allocation while decoding a page of courses.
 */
const absentIfNull = <A, I>(schema: Schema.Schema<A, I>) =>
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
    arbitrary: (item) => (fc) => fc.option(item(fc), { nil: undefined })
  })

/**
 * A field Samsara may leave out or send as `null`; either way it reads as `undefined`. The `null` is mapped on the
 * field itself rather than with `optionalWith({ nullable: true })`, which makes the whole object a transformation
 * validated twice (measured about 1.6 times slower on a page of courses).
 */
export const optional = <A, I>(schema: Schema.Schema<A, I>) =>
  Schema.optionalWith(absentIfNull(schema), { exact: true })

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
