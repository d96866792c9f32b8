/**
 * What each benchmarked client implements, so the harness drives raw undici, the official SDK and effect-samsara
 * through the same calls.
 */
import * as Effect from "effect/Effect"

export type ClientName = "raw" | "sdk" | "effect"

export const clientNames: ReadonlyArray<ClientName> = ["raw", "sdk", "effect"]

/**
 * The ablations of `ablation.ts`, run beside the clients in the pagination and concurrency scenarios;
 * `effect-get-loop`: effect-samsara's `getTrainingCourses` called in a loop, where `effect` streams; and
 * `effect-platform-undici`: effect-samsara's `Stream` on `NodeHttpClient.layerUndici` instead of its own transport.
 */
export type AblationName =
  | "effect-promise"
  | "effect-http"
  | "effect-http+schema"
  | "effect-http+schema+timeout"
  | "effect-http+schema+timeout+telemetry"
  | "effect-get-loop"
  | "effect-platform-undici"

export const ablationNames: ReadonlyArray<AblationName> = [
  "effect-promise",
  "effect-http",
  "effect-http+schema",
  "effect-http+schema+timeout",
  "effect-http+schema+timeout+telemetry",
  "effect-get-loop",
  "effect-platform-undici"
]

export interface Client {
  /** Follows the cursor from the first course page to the last; resolves to the number of courses seen. */
  readonly courses: () => Promise<number>
  /** `callers` concurrent `courses()` walks; resolves to the total number of courses seen. */
  readonly coursesConcurrently: (callers: number) => Promise<number>
  /** Fetches the heavy run-data page once; resolves to its row count. */
  readonly runData: () => Promise<number>
  readonly close: () => Promise<void>
}

/** Where a client finds its data: `coursesUrl` ends in `/n/<pages>`, `heavyUrl` in `/heavy`. */
export interface Urls {
  readonly coursesUrl: string
  readonly heavyUrl: string
}

/** Loads only the named client's module, so a child process measuring one client carries no other. */
export const load = async (name: ClientName | AblationName, urls: Urls): Promise<Client> => {
  switch (name) {
    case "effect-promise":
    case "effect-http":
    case "effect-http+schema":
    case "effect-http+schema+timeout":
    case "effect-http+schema+timeout+telemetry":
      return (await import("./ablation.js")).make(urls, name)
    case "raw":
      return (await import("./raw.js")).make(urls)
    case "sdk":
      return (await import("./sdk.js")).make(urls)
    case "effect":
      return (await import("./effect.js")).make(urls)
    case "effect-get-loop":
      return (await import("./effect.js")).make(urls, "loop")
    case "effect-platform-undici":
      return (await import("./effect.js")).make(urls, "stream", "platform")
  }
}

/** The length of `body.data.rows`, checked without trusting the body's type. */
export const rowCount = (body: unknown): number => {
  if (typeof body !== "object" || body === null || !("data" in body)) return -1
  const data: unknown = body.data
  if (typeof data !== "object" || data === null || !("rows" in data)) return -1
  return Array.isArray(data.rows) ? data.rows.length : -1
}

const total = (counts: ReadonlyArray<number>) => counts.reduce((sum, count) => sum + count, 0)

/** `callers` walks at once, for the promise-based clients; resolves to the courses seen in all. */
export const concurrently = async (walk: () => Promise<number>, callers: number): Promise<number> =>
  total(await Promise.all(Array.from({ length: callers }, walk)))

/** `callers` walks at once as fibers of one Effect, for the Effect clients; succeeds with the courses seen in all. */
export const concurrentlyEffect = <E, R>(walk: Effect.Effect<number, E, R>, callers: number) =>
  Effect.map(Effect.all(Array.from({ length: callers }, () => walk), { concurrency: "unbounded" }), total)
