/**
 * Ablations, not competitors: the cursor loop written directly on `@effect/platform`'s `HttpClient` over
 * `NodeHttpClient.layerUndici`, with `JSON.parse` only (`effect-http`) or also decoding each page with
 * effect-samsara's `GetTrainingCoursesResponse` schema (`effect-http+schema`). Against raw and effect-samsara they
 * split the cost into the HTTP pipeline, schema decoding, and what effect-samsara's `execute`/`paginate` add.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { Effect, ManagedRuntime, Schema } from "effect"
import { GetTrainingCoursesResponse } from "effect-samsara"
import type { Client, Urls } from "./client.js"

interface Page {
  readonly count: number
  readonly endCursor: string
  readonly hasNextPage: boolean
}

const decodePage = Schema.decodeUnknown(GetTrainingCoursesResponse)

const pageOf = (json: unknown, schema: boolean): Effect.Effect<Page> => {
  if (schema) {
    return Effect.orDie(Effect.map(decodePage(json), (page) => ({ ...page.pagination, count: page.data.length })))
  }
  if (typeof json === "object" && json !== null && "data" in json && Array.isArray(json.data)) {
    const pagination: unknown = "pagination" in json ? json.pagination : undefined
    if (typeof pagination === "object" && pagination !== null && "endCursor" in pagination) {
      const endCursor = typeof pagination.endCursor === "string" ? pagination.endCursor : ""
      const hasNextPage = "hasNextPage" in pagination && pagination.hasNextPage === true
      return Effect.succeed({ count: json.data.length, endCursor, hasNextPage })
    }
  }
  return Effect.dieMessage("not a course page")
}

export const make = (urls: Urls, schema: boolean): Client => {
  const runtime = ManagedRuntime.make(NodeHttpClient.layerUndici)
  const walk = Effect.gen(function*() {
    const http = (yield* HttpClient.HttpClient).pipe(
      HttpClient.mapRequest(HttpClientRequest.prependUrl(urls.coursesUrl)),
      HttpClient.mapRequest(HttpClientRequest.bearerToken("bench"))
    )
    let count = 0
    let after = ""
    for (;;) {
      const response = yield* http.get("/preview/training-courses", { urlParams: after === "" ? {} : { after } })
      const page = yield* pageOf(JSON.parse(yield* response.text), schema)
      count += page.count
      if (!page.hasNextPage || page.endCursor === "") return count
      after = page.endCursor
    }
  }).pipe(Effect.orDie)
  return {
    courses: () => runtime.runPromise(walk),
    coursesConcurrently: (callers) =>
      runtime.runPromise(
        Effect.map(
          Effect.all(Array.from({ length: callers }, () => walk), { concurrency: "unbounded" }),
          (counts) => counts.reduce((sum, count) => sum + count, 0)
        )
      ),
    runData: () => Promise.reject(new Error("the ablations only walk courses")),
    close: () => runtime.dispose()
  }
}
