/**
 * The cost of bounding one request in time, in microseconds per request: a request stands for one event-loop turn
 * (`setImmediate`), run 5,000 times by one fiber and 100 times by each of 64 at once, unbounded, under
 * `Effect.timeoutFail`, and under effect-samsara's `timeoutFail` (`src/internal/twins.ts`). The last of three rounds
 * is printed. `npx tsx bench/timeout.ts`
 */
import { Duration, Effect } from "effect"
import { timeoutFail } from "../src/internal/twins.js"

const request = Effect.async<number>((resume) => {
  const turn = setImmediate(() => resume(Effect.succeed(1)))
  return Effect.sync(() => clearImmediate(turn))
})

const limit = Duration.seconds(30)

const variants: ReadonlyArray<readonly [string, (effect: Effect.Effect<number>) => Effect.Effect<number, string>]> = [
  ["unbounded", (effect) => effect],
  ["Effect.timeoutFail", (effect) => Effect.timeoutFail(effect, { duration: limit, onTimeout: () => "timeout" })],
  ["timeoutFail (twins.ts)", (effect) => timeoutFail(effect, limit, () => "timeout")]
]

const rows: Array<string> = []
for (const [callers, each] of [[1, 5_000], [64, 100]] as const) {
  for (let round = 1; round <= 3; round++) {
    for (const [name, bound] of variants) {
      const walk = Effect.repeatN(bound(request), each - 1)
      const start = performance.now()
      await Effect.runPromise(Effect.all(Array.from({ length: callers }, () => walk), { concurrency: "unbounded" }))
      const micros = ((performance.now() - start) * 1000) / (callers * each)
      if (round === 3) rows.push(`| ${callers} | ${name} | ${micros.toFixed(1)} |`)
    }
  }
}
process.stdout.write(["| Fibers | Bound | µs per request |", "|---:|---|---:|", ...rows, ""].join("\n"))
