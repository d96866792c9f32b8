/**
 * effect-samsara's `streamTrainingCourses` against `getTrainingCourses` called in a loop, in one process over the
 * loopback server, on `effect-samsara/node`'s transport: 1,000 pages a walk, the two alternated for 7 rounds after a
 * first one of each, a GC before each walk. Prints each walk's wall and CPU time and the medians' ratio, to show
 * what the `Stream` costs over the loop it replaces.
 * `node --expose-gc --import tsx bench/stream-vs-loop.ts`
 */
import { make } from "./clients/effect.js"
import { median, startServer } from "./harness.js"

const server = await startServer()
const urls = { coursesUrl: `${server.url}/n/1000`, heavyUrl: `${server.url}/heavy` }
const clients = { stream: make(urls, "stream"), loop: make(urls, "loop") } as const
interface Samples {
  readonly wall: Array<number>
  readonly cpu: Array<number>
}
const samples: Record<keyof typeof clients, Samples> = { stream: { wall: [], cpu: [] }, loop: { wall: [], cpu: [] } }

try {
  for (let round = 0; round <= 7; round++) {
    for (const name of round % 2 === 0 ? (["loop", "stream"] as const) : (["stream", "loop"] as const)) {
      globalThis.gc?.()
      const cpu = process.cpuUsage()
      const start = performance.now()
      await clients[name].courses()
      const wall = performance.now() - start
      const used = process.cpuUsage(cpu)
      if (round === 0) continue
      samples[name].wall.push(wall)
      samples[name].cpu.push((used.user + used.system) / 1000)
    }
  }
} finally {
  await clients.stream.close()
  await clients.loop.close()
  server.stop()
}

const shown = (values: ReadonlyArray<number>) => values.map((value) => value.toFixed(0)).join(" ")
for (const name of ["stream", "loop"] as const) {
  process.stdout.write(`${name}: wall ms ${shown(samples[name].wall)}; CPU ms ${shown(samples[name].cpu)}\n`)
}
const ratio = (of: "wall" | "cpu") => (median(samples.stream[of]) / median(samples.loop[of])).toFixed(2)
process.stdout.write(`stream ÷ loop, medians: wall ${ratio("wall")}, CPU ${ratio("cpu")}\n`)
