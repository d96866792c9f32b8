/**
 * Scenario 4's child: one client, alone in its process, walks `<pages>` course pages while
 * `process.memoryUsage()` is sampled every 50 ms. `run.ts` bundles this with one client into
 * `bench/.cache/memory-<client>.mjs` (packages external) and runs it with plain `node <file> <serverUrl> <pages>`,
 * so neither tsx nor the other clients weigh on the numbers. Prints one line of JSON: peak and baseline (after
 * loading the client) RSS and heap in MB, the time taken and the items seen.
 */
import type { Client, Urls } from "./clients/client.js"

const megabytes = (bytes: number) => bytes / 1024 / 1024

export const measureMemory = async (make: (urls: Urls) => Client) => {
  const [serverUrl, pagesText] = process.argv.slice(2)
  const pages = Number(pagesText)
  const client = make({ coursesUrl: `${serverUrl}/n/${pages}`, heavyUrl: `${serverUrl}/heavy` })
  const base = process.memoryUsage()
  let peakRss = base.rss
  let peakHeap = base.heapUsed
  const sample = () => {
    const usage = process.memoryUsage()
    peakRss = Math.max(peakRss, usage.rss)
    peakHeap = Math.max(peakHeap, usage.heapUsed)
  }
  const sampler = setInterval(sample, 50)
  const start = performance.now()
  const items = await client.courses()
  const millis = performance.now() - start
  sample()
  clearInterval(sampler)
  await client.close()
  const result = {
    items,
    millis,
    baseRss: megabytes(base.rss),
    baseHeap: megabytes(base.heapUsed),
    peakRss: megabytes(peakRss),
    peakHeap: megabytes(peakHeap)
  }
  process.stdout.write(`${JSON.stringify(result)}\n`)
}
