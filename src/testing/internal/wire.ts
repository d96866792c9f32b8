/**
 * Reading requests the way the spec writes them (csv, repeated and pre-joined query parameters, RFC 3339 times,
 * opaque cursors) and refusing them the way Samsara does: a status and a message that names the parameter.
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { hash } from "./random.js"
import { parseTime } from "./time.js"

/** Why a request gets an error status instead of data; the engine adds the request id. */
export class Refusal {
  readonly _tag = "Refusal"
  constructor(readonly status: number, readonly message: string) {}
}

export const badRequest = (message: string) => Effect.fail(new Refusal(400, message))

const timeHint = "an RFC 3339 date-time such as 2025-06-01T10:00:00Z (percent-encode a + offset as %2B)"

/** Checks one value of a time field, wherever it came from. */
export const timeValue = (name: string, text: string): Effect.Effect<number, Refusal> =>
  Option.match(parseTime(text), {
    onNone: () => badRequest(`Invalid value for ${name}: expected ${timeHint}, got ${JSON.stringify(text)}`),
    onSome: Effect.succeed
  })

/** `+` is a space in a query string, which is why an unencoded `+02:00` offset breaks a time. */
const decodeComponent = (name: string, raw: string): Effect.Effect<string, Refusal> =>
  Effect.try({
    try: () => decodeURIComponent(raw.replace(/\+/g, " ")),
    catch: () => new Refusal(400, `Invalid percent-encoding in query parameter ${name}`)
  })

/** The values of a list parameter, refused when there are more than `max`. */
const capped = (
  name: string,
  values: ReadonlyArray<string>,
  max: number | undefined
): Effect.Effect<ReadonlyArray<string>, Refusal> =>
  max !== undefined && values.length > max
    ? badRequest(`Too many values for ${name}: at most ${max} are allowed, got ${values.length}`)
    : Effect.succeed(values)

/** The query string of one request: names decoded up front, values kept raw until a parameter's encoding is known. */
export class Query {
  private constructor(private readonly pairs: ReadonlyArray<readonly [name: string, raw: string]>) {}

  static parse(search: string): Effect.Effect<Query, Refusal> {
    const text = search.startsWith("?") ? search.slice(1) : search
    const parts = text === "" ? [] : text.split("&").filter((part) => part !== "")
    return Effect.map(
      Effect.forEach(parts, (part) => {
        const equals = part.indexOf("=")
        const rawName = equals === -1 ? part : part.slice(0, equals)
        const raw = equals === -1 ? "" : part.slice(equals + 1)
        return Effect.map(decodeComponent(rawName, rawName), (name) => [name, raw] as const)
      }),
      (pairs) => new Query(pairs)
    )
  }

  private raws(name: string): ReadonlyArray<string> {
    return this.pairs.filter(([key]) => key === name).map(([, raw]) => raw)
  }

  private once(name: string, encoding: string): Effect.Effect<Option.Option<string>, Refusal> {
    const raws = this.raws(name)
    if (raws.length > 1) {
      return badRequest(`Query parameter ${name} was given ${raws.length} times; send it once${encoding}`)
    }
    return Effect.succeed(Option.fromNullable(raws[0]))
  }

  /** A plain parameter; an empty value counts as absent. */
  single(name: string): Effect.Effect<Option.Option<string>, Refusal> {
    return Effect.flatMap(this.once(name, ""), (raw) =>
      Option.match(Option.filter(raw, (text) => text !== ""), {
        onNone: () => Effect.succeed(Option.none()),
        onSome: (text) => Effect.map(decodeComponent(name, text), Option.some)
      }))
  }

  required(name: string): Effect.Effect<string, Refusal> {
    return Effect.flatMap(this.single(name), (value) =>
      Option.match(value, {
        onNone: () => badRequest(`Missing required query parameter ${name}`),
        onSome: Effect.succeed
      }))
  }

  /**
   * `style: form, explode: false` (`name=a,b`), and the pre-joined id strings that look the same on the wire: the
   * literal commas delimit, and each value is percent-decoded on its own so an encoded comma stays inside its value.
   */
  csv(name: string, options?: { readonly max?: number }): Effect.Effect<ReadonlyArray<string>, Refusal> {
    return Effect.flatMap(this.once(name, `, as comma-separated values (${name}=a,b)`), (raw) =>
      Option.match(raw, {
        onNone: () => Effect.succeed([]),
        onSome: (text) =>
          Effect.flatMap(
            Effect.forEach(text.split(","), (value) => decodeComponent(name, value)),
            (values) => capped(name, values.filter((value) => value !== ""), options?.max)
          )
      }))
  }

  /**
   * Ids as repeated keys (`ids=a&ids=b`), as the current API takes its lists: each value percent-decoded whole, so
   * `ids=a,b` is the one id `a,b`. Empty values count as absent.
   */
  ids(name: string, options?: { readonly max?: number }): Effect.Effect<ReadonlyArray<string>, Refusal> {
    return Effect.flatMap(
      Effect.forEach(this.raws(name), (raw) => decodeComponent(name, raw)),
      (values) => capped(name, values.filter((value) => value !== ""), options?.max)
    )
  }

  /**
   * Ids the current API takes as one comma-separated value (`vehicleIds=a%2Cb`): the value is percent-decoded
   * first and then split, so encoded commas separate ids, as they do when Samsara's SDK sends the caller's string.
   */
  joined(name: string, options?: { readonly max?: number }): Effect.Effect<ReadonlyArray<string>, Refusal> {
    return Effect.flatMap(
      this.once(name, `, as one comma-separated value (${name}=a%2Cb)`),
      (raw) =>
        Option.match(raw, {
          onNone: () => Effect.succeed([]),
          onSome: (text) =>
            Effect.flatMap(
              decodeComponent(name, text),
              (value) => capped(name, value.split(",").filter((id) => id !== ""), options?.max)
            )
        })
    )
  }

  /** `style: form, explode: true` (`name=a&name=b`), each value checked against the documented enum. */
  repeated(name: string, allowed: ReadonlyArray<string>): Effect.Effect<ReadonlyArray<string>, Refusal> {
    return Effect.forEach(
      this.raws(name),
      (raw) =>
        Effect.flatMap(decodeComponent(name, raw), (value) =>
          allowed.includes(value)
            ? Effect.succeed(value)
            : badRequest(
              `Invalid value for ${name}: ${JSON.stringify(value)} is not one of ${allowed.join(", ")}` +
                (value.includes(",") ? ` (send ${name}=a&${name}=b, not ${name}=a,b)` : "")
            ))
    )
  }

  time(name: string): Effect.Effect<Option.Option<number>, Refusal> {
    return Effect.flatMap(this.single(name), (value) =>
      Option.match(value, {
        onNone: () => Effect.succeed(Option.none()),
        onSome: (text) => Effect.map(timeValue(name, text), Option.some)
      }))
  }

  requiredTime(name: string): Effect.Effect<number, Refusal> {
    return Effect.flatMap(this.required(name), (text) => timeValue(name, text))
  }

  /** What a cursor is bound to: every parameter but the cursor and the page size, in a canonical order. */
  fingerprint(operation: string): string {
    const filters = this.pairs
      .filter(([name]) => name !== "after" && name !== "limit")
      .map(([name, raw]) => `${name}=${raw}`)
      .sort()
    return hash(`${operation}?${filters.join("&")}`).toString(16).padStart(8, "0")
  }
}

const toBase64Url = (text: string) => btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")

const fromBase64Url = (text: string): Option.Option<string> => {
  try {
    return Option.some(atob(text.replace(/-/g, "+").replace(/_/g, "/")))
  } catch {
    return Option.none()
  }
}

/**
 * Cursors are base64url of `v1:<offset>:<fingerprint>`: opaque to clients, and bound to the query that produced
 * them, so replaying one against other filters is refused rather than silently skipping items.
 */
const encodeCursor = (offset: number, fingerprint: string) => toBase64Url(`v1:${offset}:${fingerprint}`)

const decodeCursor = (cursor: string, fingerprint: string): Effect.Effect<number, Refusal> => {
  const match = Option.getOrUndefined(fromBase64Url(cursor))?.match(/^v1:(\d+):([0-9a-f]{8})$/)
  if (match === undefined || match === null) return badRequest(`Invalid cursor in after: ${JSON.stringify(cursor)}`)
  return match[2] === fingerprint
    ? Effect.succeed(Number(match[1]))
    : badRequest("The cursor in after belongs to a different query; keep the other parameters unchanged between pages")
}

export interface PageWindow {
  readonly start: number
  readonly end: number
  readonly pagination: { readonly endCursor: string; readonly hasNextPage: boolean }
}

/** Which items of `total` this request's page holds, and the pagination block that goes with it. */
export const pageWindow = (
  query: Query,
  operation: string,
  total: number,
  pageSize: number
): Effect.Effect<PageWindow, Refusal> => {
  const fingerprint = query.fingerprint(operation)
  return Effect.map(
    Effect.flatMap(query.single("after"), (after) =>
      Option.match(after, {
        onNone: () => Effect.succeed(0),
        onSome: (cursor) => decodeCursor(cursor, fingerprint)
      })),
    (offset) => {
      const start = Math.min(offset, total)
      const end = Math.min(start + pageSize, total)
      const hasNextPage = end < total
      return { start, end, pagination: { endCursor: hasNextPage ? encodeCursor(end, fingerprint) : "", hasNextPage } }
    }
  )
}

/** Index just past the string literal that opens at `start`. */
const endOfString = (text: string, start: number): number => {
  let index = start + 1
  while (index < text.length) {
    const char = text[index]
    if (char === "\\") index += 2
    else if (char === "\"") return index + 1
    else index++
  }
  return index
}

const skipSpace = (text: string, start: number): number => {
  let index = start
  while (/\s/.test(text[index] ?? "")) index++
  return index
}

/**
 * The literal text of each element of the top-level array `key` of a JSON object, as written: `JSON.parse` turns
 * 2677784051113612001 into a float and loses the last digits, which an int64 id cannot afford. Call it only on
 * text that parsed, and whose array holds numbers only, so splitting on commas is safe. Like `JSON.parse`, the
 * last of duplicate keys wins.
 */
export const rawArrayElements = (text: string, key: string): Option.Option<ReadonlyArray<string>> => {
  let found: Option.Option<ReadonlyArray<string>> = Option.none()
  let depth = 0
  let index = 0
  while (index < text.length) {
    const char = text[index]
    if (char === "\"") {
      const end = endOfString(text, index)
      const colon = skipSpace(text, end)
      if (depth === 1 && text[colon] === ":" && text.slice(index, end) === JSON.stringify(key)) {
        const open = skipSpace(text, colon + 1)
        const close = text.indexOf("]", open)
        if (text[open] === "[" && close !== -1) {
          const inner = text.slice(open + 1, close).trim()
          found = Option.some(inner === "" ? [] : inner.split(",").map((element) => element.trim()))
        }
      }
      index = end
    } else {
      if (char === "{" || char === "[") depth++
      else if (char === "}" || char === "]") depth--
      index++
    }
  }
  return found
}
