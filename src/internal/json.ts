/**
 * JSON for request bodies. Samsara's int64 ids must arrive as exact JSON numbers, and `JSON.stringify` cannot
 * write a `bigint`, so this writes one as its digits and defers to `JSON.stringify` for everything else.
 */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | bigint
  | ReadonlyArray<JsonValue>
  | { readonly [key: string]: JsonValue | undefined }

const isList = (value: JsonValue): value is ReadonlyArray<JsonValue> => Array.isArray(value)

/** Serialises `value`, leaving out object keys whose value is `undefined` as `JSON.stringify` does. */
export const stringify = (value: JsonValue): string => {
  if (typeof value === "bigint") return value.toString()
  if (isList(value)) return `[${value.map(stringify).join(",")}]`
  if (value === null || typeof value !== "object") return JSON.stringify(value)
  const fields = Object.entries(value).flatMap(([key, field]) =>
    field === undefined ? [] : [`${JSON.stringify(key)}:${stringify(field)}`]
  )
  return `{${fields.join(",")}}`
}
