/**
 * The cold mode's child: one client, alone in a fresh process, does one measured walk and exits. `run.ts` bundles
 * this with one client into `bench/.cache/cold-<client>.mjs` (packages external, effect-samsara too, so plain `node`
 * loads it from `dist/` as an application would) and runs `node <file> <serverUrl> <pages> <callers>`: one walker
 * over `<pages>` pages when `<callers>` is 1, else that many walkers at once. Prints one line of JSON: the walk's
 * wall and CPU time, the time from process start to the end of the walk, peak RSS and the items seen.
 */
import type { Client, Urls } from "./clients/client.js"

export const measureCold = async (make: (urls: Urls) => Client) => {
  const [serverUrl, pagesText, callersText] = process.argv.slice(2)
  const pages = Number(pagesText)
  const callers = Number(callersText)
  const client = make({ coursesUrl: `${serverUrl}/n/${pages}`, heavyUrl: `${serverUrl}/heavy` })
  const cpu = process.cpuUsage()
  const start = performance.now()
  const items = await (callers === 1 ? client.courses() : client.coursesConcurrently(callers))
  const end = performance.now()
  const used = process.cpuUsage(cpu)
  await client.close()
  const result = {
    items,
    millis: end - start,
    cpuMillis: (used.user + used.system) / 1000,
    // performance.now() counts from the process's start: loading the modules, then the walk.
    sinceStart: end,
    // The kernel's high-water mark, so no peak between two samples is missed.
    peakRss: process.resourceUsage().maxRSS / 1024
  }
  process.stdout.write(`${JSON.stringify(result)}\n`)
}
