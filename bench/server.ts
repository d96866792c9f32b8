/**
 * The bench's loopback Samsara, run in its own process so its CPU time is not the clients'. Every body is built
 * once at start-up; a request only picks one by path and cursor:
 * - `/n/<pages>/preview/training-courses` (and the SDK's `/n/<pages>/training-courses`): `<pages>` pages of 100
 *   courses, the cursor of page k being `c<k>`;
 * - `/heavy/...`: the one heavy run-data page, whatever the rest of the path (the SDK has no run-data method).
 * It reports `{ port }` to its parent over IPC when listening.
 */
import * as Http from "node:http"
import { courseData, runDataBody } from "./fixtures.js"

const argument = (name: string, fallback: number): number => {
  const given = process.argv.find((arg) => arg.startsWith(`--${name}=`))
  return given === undefined ? fallback : Number(given.slice(name.length + 3))
}

const data = await courseData()
const heavy = Buffer.from(runDataBody(argument("heavy-rows", 10_000), argument("heavy-columns", 20)), "utf8")
// The bulk of each page is precomputed; only the few bytes of pagination are written per request.
const heads = data.map((items) => Buffer.from(`{"data":${items}`, "utf8"))
const pageBody = (index: number, total: number): Buffer => {
  const more = index + 1 < total
  const tail = `,"pagination":{"endCursor":"${more ? `c${index + 1}` : ""}","hasNextPage":${more}}}`
  return Buffer.concat([heads[index % heads.length] ?? Buffer.from("{\"data\":[]"), Buffer.from(tail, "utf8")])
}

const send = (response: Http.ServerResponse, status: number, body: Buffer) => {
  response.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": body.length })
  response.end(body)
}

const coursesPath = /^\/n\/(\d+)\/(?:preview\/)?training-courses(?:\?(.*))?$/

const server = Http.createServer((request, response) => {
  const url = request.url ?? "/"
  request.resume()
  if (url.startsWith("/heavy/")) return send(response, 200, heavy)
  const match = coursesPath.exec(url)
  if (match === null) return send(response, 404, Buffer.from(`{"message":"no route ${url}","requestId":"bench"}`))
  const total = Number(match[1])
  const after = new URLSearchParams(match[2] ?? "").get("after") ?? ""
  const index = after === "" ? 0 : Number(after.slice(1))
  if (!Number.isInteger(index) || index < 0 || index >= total) {
    return send(response, 400, Buffer.from(`{"message":"bad cursor ${after}","requestId":"bench"}`))
  }
  send(response, 200, pageBody(index, total))
})
server.keepAliveTimeout = 120_000
server.headersTimeout = 130_000
server.listen(0, "127.0.0.1", () => {
  const address = server.address()
  const port = typeof address === "object" && address !== null ? address.port : 0
  process.send?.({ port })
})
process.on("disconnect", () => process.exit(0))
