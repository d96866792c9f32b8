/**
 * Schema helpers for Samsara's response bodies, which are decoded tolerantly: preview APIs grow, so a new enum
 * value or an extra field must not fail a page.
 */
import * as Schema from "effect/Schema"

/**
 * A field Samsara may leave out or send as `null`; either way it reads as `undefined`. The type side is the value
 * or `undefined`, so `Schema.is` refuses a `null`.
 */
export const optional = <A, I>(schema: Schema.Schema<A, I>) =>
  Schema.optionalWith(
    Schema.transform(Schema.NullishOr(schema), Schema.UndefinedOr(Schema.typeSchema(schema)), {
      strict: true,
      decode: (value) => value ?? undefined,
      encode: (value) => value === undefined ? null : value
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
