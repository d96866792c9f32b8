/**
 * The stand-in's only source of variety: a seeded mulberry32 generator. Every entity draws from its own stream,
 * keyed by the seed, a kind and an index, so an entity does not change when the sizes of other kinds do.
 */
import type * as Arr from "effect/Array"

/** FNV-1a over the text: a 32-bit key for a stream, a cursor's query or a request id. */
export const hash = (text: string): number => {
  let state = 0x811c9dc5
  for (let index = 0; index < text.length; index++) {
    state = Math.imul(state ^ text.charCodeAt(index), 0x01000193)
  }
  return state >>> 0
}

export interface Random {
  /** Uniform in [0, 1). */
  readonly next: () => number
  /** Uniform integer in [min, max]. */
  readonly int: (min: number, max: number) => number
  /** Uniform in [min, max], rounded to `decimals` places. */
  readonly decimal: (min: number, max: number, decimals: number) => number
  readonly chance: (probability: number) => boolean
  readonly pick: <A>(items: Arr.NonEmptyReadonlyArray<A>) => A
  /** Picks by weight: `[[weight, value], ...]`. */
  readonly weighted: <A>(entries: Arr.NonEmptyReadonlyArray<readonly [number, A]>) => A
  readonly hex: (length: number) => string
  /** A random (version 4) UUID. */
  readonly uuid: () => string
  /** A numeric id of `length` digits with no leading zero, as Samsara's driver and vehicle ids look. */
  readonly digits: (length: number) => string
}

const mulberry32 = (seed: number) => {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let mixed = Math.imul(state ^ (state >>> 15), state | 1)
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61)
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296
  }
}

const random = (seed: number): Random => {
  const next = mulberry32(seed)
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1))
  const hex = (length: number) => {
    let text = ""
    while (text.length < length) text += int(0, 15).toString(16)
    return text
  }
  return {
    next,
    int,
    decimal: (min, max, decimals) => {
      const scale = 10 ** decimals
      return Math.round((min + next() * (max - min)) * scale) / scale
    },
    chance: (probability) => next() < probability,
    pick: (items) => items[int(0, items.length - 1)] ?? items[0],
    weighted: (entries) => {
      const total = entries.reduce((sum, [weight]) => sum + weight, 0)
      let point = next() * total
      for (const [weight, value] of entries) {
        point -= weight
        if (point < 0) return value
      }
      return entries[0][1]
    },
    hex,
    uuid: () => `${hex(8)}-${hex(4)}-4${hex(3)}-${"89ab"[int(0, 3)] ?? "8"}${hex(3)}-${hex(12)}`,
    digits: (length) => `${int(1, 9)}${Array.from({ length: length - 1 }, () => int(0, 9)).join("")}`
  }
}

/** The stream for one entity: the same seed and key always give the same values. */
export const streamOf = (seed: number, ...key: ReadonlyArray<string | number>): Random =>
  random(hash([seed, ...key].join("/")))
