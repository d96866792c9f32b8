/**
 * The Node entry point's transport on its own, as an `HttpClient` any code could use: what reaches the wire for each
 * kind of URL and body, what a response offers, and what it refuses before sending. The suites over real sockets
 * (`sockets`, `faults`, `standin-server`) hold it to the platform's behaviour under the client.
 */
import * as HttpBody from "@effect/platform/HttpBody"
import * as HttpClient from "@effect/platform/HttpClient"
import { assert, describe, it } from "@effect/vitest"
import { deepStrictEqual } from "@effect/vitest/utils"
import * as Chunk from "effect/Chunk"
import * as Context from "effect/Context"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FastCheck from "effect/FastCheck"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import type * as Http from "node:http"
import { Readable } from "node:stream"
import * as V8 from "node:v8"
import * as Vm from "node:vm"
import { plainTarget } from "../src/internal/undiciHttpClient.js"
import * as Node from "../src/node.js"
import { serve } from "./support/loopback.js"

/** The transport, with its undici agent open until the test's scope ends. */
const client = Effect.map(Layer.build(Node.layerHttpClient), Context.get(HttpClient.HttpClient))

/** A server that answers every request with `body` and two `set-cookie` headers, echoing nothing. */
const answering = (body: string) =>
  serve((_request, response) => {
    response.writeHead(200, [
      ["content-type", "text/plain"],
      ["x-seen", "a"],
      ["x-seen", "b"],
      ["set-cookie", "first=1; Path=/"],
      ["set-cookie", "second=2; Path=/"]
    ])
    response.end(body)
  })

const lines = (received: ReadonlyArray<{ readonly method: string; readonly url: string; readonly body: string }>) =>
  received.map((request) => `${request.method} ${request.url} ${request.body}`)

/** The garbage collector, called on demand (the flag is set at run time, so vitest needs no `--expose-gc`). */
const collectGarbage = (): void => {
  V8.setFlagsFromString("--expose-gc")
  const gc: unknown = Vm.runInNewContext("gc")
  if (typeof gc === "function") gc()
}

/** Parts of URLs, awkward ones among them: what `URL` rewrites and what it leaves alone. */
const urlParts = {
  scheme: FastCheck.constantFrom("http", "https", "HTTP", "ftp"),
  host: FastCheck.constantFrom(
    "api.samsara.com",
    "127.0.0.1",
    "127.0.0.01",
    "0x7f.0.0.1",
    "2130706433",
    "Api.Samsara.com",
    "a..b",
    "host.",
    "xn--bcher-kva.example",
    "under_score.example",
    "[::1]",
    "a-b.c1"
  ),
  port: FastCheck.constantFrom("", ":80", ":443", ":8080", ":0", ":65535", ":65536", ":099"),
  segment: FastCheck.oneof(
    FastCheck.constantFrom(".", "..", "%2e", ".%2E", "%2e%2e", "a.b", "..."),
    FastCheck.string({
      unit: FastCheck.constantFrom(
        "a",
        "Z",
        "0",
        ".",
        "%2e",
        "%2E",
        "%",
        "%41",
        "\\",
        "\"",
        "'",
        "<",
        ">",
        "`",
        "{",
        "}",
        "|",
        "^",
        "[",
        "]",
        "~",
        "!",
        "$",
        "&",
        "(",
        ")",
        "*",
        "+",
        ",",
        ";",
        "=",
        ":",
        "@",
        " ",
        "é",
        "#"
      )
    })
  ),
  query: FastCheck.option(
    FastCheck.string({ unit: FastCheck.constantFrom("a", "=", "&", "%2C", "'", "\"", "/", "?", ".", " ", "é", "") }),
    { nil: undefined }
  )
}

const generatedUrls = FastCheck.tuple(
  urlParts.scheme,
  urlParts.host,
  urlParts.port,
  FastCheck.array(urlParts.segment, { maxLength: 4 }),
  urlParts.query
).map(([scheme, host, port, segments, query]) =>
  `${scheme}://${host}${port}${segments.map((segment) => `/${segment}`).join("")}${
    query === undefined ? "" : `?${query}`
  }`
)

describe("the transport's plain URLs", () => {
  it.prop("a URL sent without parsing is sent as URL would send it", [generatedUrls], ([url]) => {
    const plain = plainTarget(url)
    if (plain === undefined) return
    const parsed = new URL(url)
    deepStrictEqual(plain, { origin: parsed.origin, path: parsed.pathname + parsed.search })
  }, { fastCheck: { numRuns: 2_000 } })

  it("the executor's URLs are sent without parsing", () => {
    deepStrictEqual(plainTarget("https://api.samsara.com/preview/training-courses?after=a%2Cb&ids=1&ids=2"), {
      origin: "https://api.samsara.com",
      path: "/preview/training-courses?after=a%2Cb&ids=1&ids=2"
    })
    deepStrictEqual(plainTarget("http://127.0.0.1:8080"), { origin: "http://127.0.0.1:8080", path: "/" })
  })
})

describe("effect-samsara/node's layerHttpClient", () => {
  it.scopedLive("sends a plain URL as it is, and one with URL parameters or a fragment through URL", () =>
    Effect.gen(function*() {
      const server = yield* answering("ok")
      const http = yield* client
      const base = `http://127.0.0.1:${server.port}`

      yield* Effect.flatMap(http.get(`${base}/preview/training-courses?after=a%2Cb`), (response) => response.text)
      yield* Effect.flatMap(
        http.get(`${base}/path with space`, { urlParams: { ids: ["1", "2"] }, hash: "part" }),
        (response) => response.text
      )
      yield* Effect.flatMap(http.get(base), (response) => response.text)

      deepStrictEqual(lines(server.received), [
        "GET /preview/training-courses?after=a%2Cb ",
        "GET /path%20with%20space?ids=1&ids=2 ",
        "GET / "
      ])
    }))

  it.scopedLive("sends text, bytes, a raw string and a stream as the request body", () =>
    Effect.gen(function*() {
      const server = yield* answering("ok")
      const http = yield* client
      const url = `http://127.0.0.1:${server.port}/body`
      const bodies = [
        HttpBody.text("{\"a\":1}", "application/json"),
        HttpBody.uint8Array(new TextEncoder().encode("bytes")),
        HttpBody.raw("raw"),
        HttpBody.raw(Readable.from(["read", "able"])),
        HttpBody.stream(Stream.make(new TextEncoder().encode("str"), new TextEncoder().encode("eam")))
      ]

      for (const body of bodies) {
        yield* Effect.flatMap(http.post(url, { body }), (response) => response.text)
      }

      deepStrictEqual(lines(server.received), [
        "POST /body {\"a\":1}",
        "POST /body bytes",
        "POST /body raw",
        "POST /body readable",
        "POST /body stream"
      ])
      assert.strictEqual(server.received[0]!.headers["content-type"], "application/json")
    }))

  it.scopedLive("refuses a form, an unsendable raw body and a URL it cannot parse, sending nothing", () =>
    Effect.gen(function*() {
      const server = yield* answering("ok")
      const http = yield* client
      const url = `http://127.0.0.1:${server.port}/body`

      const refusals = yield* Effect.all([
        Effect.flip(http.post(url, { body: HttpBody.formData(new FormData()) })),
        Effect.flip(http.post(url, { body: HttpBody.raw({ not: "a body" }) })),
        Effect.flip(http.get("not a url"))
      ])

      deepStrictEqual(refusals.map((error) => [error._tag, error.reason]), [
        ["RequestError", "Encode"],
        ["RequestError", "Encode"],
        ["RequestError", "InvalidUrl"]
      ])
      assert.strictEqual(
        refusals[0].message,
        `Encode: this transport sends no multipart bodies: use NodeHttpClient.layerUndici for them (POST ${url})`
      )
      deepStrictEqual(server.received, [])
    }))

  it.scopedLive("a response gives its status, its headers (repeated ones joined), its cookies and its body", () =>
    Effect.gen(function*() {
      const server = yield* answering("{\"answer\":42}")
      const response = yield* Effect.flatMap(client, (http) => http.get(`http://127.0.0.1:${server.port}/`))

      assert.strictEqual(response.status, 200)
      assert.strictEqual(response.headers["x-seen"], "a, b")
      deepStrictEqual(Object.keys(response.cookies.cookies), ["first", "second"])
      assert.strictEqual(yield* response.text, "{\"answer\":42}")
      // Read once: a second read, as text or as JSON, gets the same body.
      assert.strictEqual(yield* response.text, "{\"answer\":42}")
      deepStrictEqual(yield* response.json, { answer: 42 })
      assert.include(String(response), "\"_id\": \"@effect/platform/HttpClientResponse\"")
    }))

  it.scopedLive("a body that is not JSON fails json with a Decode ResponseError", () =>
    Effect.gen(function*() {
      const server = yield* answering("not json")
      const response = yield* Effect.flatMap(client, (http) => http.get(`http://127.0.0.1:${server.port}/`))

      const error = yield* Effect.flip(response.json)

      deepStrictEqual([error._tag, error.reason], ["ResponseError", "Decode"])
      assert.instanceOf(error.cause, SyntaxError)
    }))

  it.scopedLive("a response dropped unread has its body destroyed once it is garbage-collected", () =>
    Effect.gen(function*() {
      const closed = yield* Deferred.make<void>()
      // More than the socket's buffers hold, so an unread body would keep the connection busy for good.
      const server = yield* serve((_request, response: Http.ServerResponse) => {
        response.on("close", () => Deferred.unsafeDone(closed, Exit.void))
        response.writeHead(200)
        response.end("x".repeat(4 * 1024 * 1024))
      })
      const http = yield* client

      yield* Effect.asVoid(http.get(`http://127.0.0.1:${server.port}/`))
      // A collection, then a turn of the event loop for the finaliser and the socket's close, until the server
      // sees the connection close or 500 turns pass.
      const collectThenTurn = Effect.zipRight(
        Effect.sync(collectGarbage),
        Effect.promise(() => new Promise((turned) => setImmediate(turned)))
      )
      yield* Effect.race(Deferred.await(closed), Effect.repeatN(collectThenTurn, 500))

      assert.isTrue(yield* Deferred.isDone(closed), "the connection stayed open")
    }))

  it.scopedLive("a response stream stopped early destroys the body, which closes the connection", () =>
    Effect.gen(function*() {
      const closed = yield* Deferred.make<boolean>()
      const server = yield* serve((_request, response) => {
        response.on("close", () => Deferred.unsafeDone(closed, Exit.succeed(response.writableFinished)))
        response.writeHead(200)
        response.write("first chunk")
      })
      const response = yield* Effect.flatMap(client, (http) => http.get(`http://127.0.0.1:${server.port}/`))

      const chunks = yield* Stream.runCollect(Stream.take(response.stream, 1))

      assert.strictEqual(new TextDecoder().decode(Chunk.unsafeGet(chunks, 0)), "first chunk")
      assert.strictEqual(yield* Deferred.await(closed), false, "the connection closed before the body was complete")
    }))
})
