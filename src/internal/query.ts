/**
 * Query-string encoding as the spec prescribes per parameter: one value, comma-separated values (`style: form,
 * explode: false`) or repeated keys (`explode: true`). Every value is percent-encoded on its own, so a time's
 * `+02:00` survives and the commas between csv values stay literal.
 */
import { RequestTime } from "./requestFields.js"

/** Encoded `name=value` pairs contributed by one parameter; absent parameters contribute none. */
export type QueryPairs = ReadonlyArray<string>

const encode = encodeURIComponent

export const single = (name: string, value: string | number | RequestTime | undefined): QueryPairs =>
  value === undefined ? [] : [`${name}=${encode(value instanceof RequestTime ? value.wire : String(value))}`]

export const csv = (name: string, values: ReadonlyArray<string> | undefined): QueryPairs =>
  values === undefined || values.length === 0 ? [] : [`${name}=${values.map(encode).join(",")}`]

export const repeated = (name: string, values: ReadonlyArray<string> | undefined): QueryPairs =>
  (values ?? []).map((value) => `${name}=${encode(value)}`)

export const toQueryString = (parameters: ReadonlyArray<QueryPairs>): string => {
  const pairs = parameters.flat()
  return pairs.length === 0 ? "" : `?${pairs.join("&")}`
}
