/**
 * The profiled walk: `node --import tsx bench/profile-child.ts <client> <serverUrl> <pages> <walks> <out> [callers]`
 * warms up with one walk, then samples the CPU (inspector `Profiler`, 100 µs) over `<walks>` walks of `<pages>`
 * course pages (each walk by `callers` concurrent callers when given) and writes the profile to `<out>` (a `.cpuprofile` that Chrome DevTools also opens). Run it with
 * `--enable-source-maps`: frames in tsx-compiled files (minified) are moved back to their TypeScript line.
 */
import * as Fs from "node:fs/promises"
import { Session } from "node:inspector/promises"
import { findSourceMap, type SourceMapping } from "node:module"
import { fileURLToPath } from "node:url"
import { ablationNames, clientNames, load } from "./clients/client.js"

const [clientName, serverUrl, pagesText, walksText, out, callersText] = process.argv.slice(2)
const callers = Number(callersText ?? "1")
const names = [...clientNames, ...ablationNames]
const name = names.find((known) => known === clientName) ?? "effect"
const pages = Number(pagesText)
const client = await load(name, { coursesUrl: `${serverUrl}/n/${pages}`, heavyUrl: `${serverUrl}/heavy` })
const session = new Session()
session.connect()
await session.post("Profiler.enable")
await session.post("Profiler.setSamplingInterval", { interval: 100 })
await client.courses()
await session.post("Profiler.start")
const start = performance.now()
for (let walk = 0; walk < Number(walksText); walk++) {
  await (callers > 1 ? client.coursesConcurrently(callers) : client.courses())
}
const millis = performance.now() - start
const { profile } = await session.post("Profiler.stop")

const isMapping = (entry: SourceMapping | {}): entry is SourceMapping => "originalLine" in entry
for (const node of profile.nodes) {
  const frame = node.callFrame
  if (!frame.url.startsWith("file:") || frame.url.includes("/node_modules/")) continue
  const entry = findSourceMap(fileURLToPath(frame.url))?.findEntry(frame.lineNumber, frame.columnNumber) ?? {}
  if (isMapping(entry)) {
    frame.lineNumber = entry.originalLine
    frame.columnNumber = entry.originalColumn
  }
}
await Fs.writeFile(out ?? "bench/.cache/profile.cpuprofile", JSON.stringify(profile))
await client.close()
process.stdout.write(`${JSON.stringify({ millis })}\n`)
