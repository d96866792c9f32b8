/**
 * Properties, checked on generated inputs: every response the schemas allow decodes, through the real client, to
 * the value it was encoded from, whatever unknown fields are added; and the query encoder's pairs parse back to
 * exactly the values given, whatever characters they hold.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Arbitrary from "effect/Arbitrary"
import * as Effect from "effect/Effect"
import * as FastCheck from "effect/FastCheck"
import * as Layer from "effect/Layer"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import {
  CustomReports,
  GetCustomReportConfigsResponse,
  GetCustomReportRunDataResponse,
  GetCustomReportRunsResponse,
  PostCustomReportRunResponse
} from "../src/CustomReports.js"
import {
  DriverEfficiency,
  GetDriverEfficiencyByDriversResponse,
  GetDriverEfficiencyByVehiclesResponse
} from "../src/DriverEfficiency.js"
import { Forms, GetFormTemplatesResponse } from "../src/Forms.js"
import { csv, repeated, single, toQueryString } from "../src/internal/query.js"
import { ListUploadedMediaResponse, Media } from "../src/Media.js"
import * as PreviewApis from "../src/PreviewApis.js"
import type { SamsaraError } from "../src/SamsaraError.js"
import { PatchTrainingAssignmentsResponse, TrainingAssignments } from "../src/TrainingAssignments.js"
import { GetTrainingCoursesResponse, TrainingCourses } from "../src/TrainingCourses.js"
import { clientLayer, type SentRequest } from "./support/scriptedHttp.js"

const runs = { fastCheck: { numRuns: 100 } }

/** The body the shared transport answers every request with, 200 OK. */
let answer = ""

const transport = clientLayer(
  () => ({ status: 200, body: answer, headers: { "content-type": "application/json" } }),
  { retry: Schedule.stop }
)

/** The operation services over that transport. */
const apis = PreviewApis.layer.pipe(Layer.provide(transport.layer))

/** `call` on the real client, its transport answering `body`. */
const answered = <A, E>(call: Effect.Effect<A, E, PreviewApis.PreviewApis>, body: string) =>
  Effect.suspend(() => {
    answer = body
    return Effect.provide(call, apis)
  })

/**
 * The value as JSON can carry it. `Schema.Number`'s arbitrary yields `NaN`, `±Infinity` and `-0`, which JSON
 * writes as `null`, `null` and `0`, and `Schema.Unknown`'s yields `undefined` too; no JSON body holds them, so
 * they are mapped to what one can (0, and dropped or `null`) and decoded back into the schema's type.
 */
const jsonRepresentable = <A, I>(schema: Schema.Schema<A, I>) => {
  const encode = Schema.encodeSync(schema)
  const decode = Schema.decodeUnknownSync(schema)
  return (value: A): A =>
    decode(
      JSON.parse(JSON.stringify(encode(value), (_, field: unknown) =>
        typeof field === "number" && !Number.isFinite(field) ? 0 : field))
    )
}

/**
 * Adds `field` to every object in a JSON value, except inside report rows, whose cells are free-form JSON that the
 * client keeps as sent.
 */
const withExtraField = (json: unknown, field: readonly [string, unknown]): unknown => {
  if (Array.isArray(json)) return json.map((element) => withExtraField(element, field))
  if (typeof json !== "object" || json === null) return json
  return Object.fromEntries([
    ...Object.entries(json).map(([key, value]) => [key, key === "rows" ? value : withExtraField(value, field)]),
    field
  ])
}

/** A field no Samsara response has: no documented field starts with `x-`. */
const unknownField = FastCheck.tuple(FastCheck.string().map((name) => `x-${name}`), FastCheck.jsonValue())

const decodingProperties = <A, I>(
  name: string,
  schema: Schema.Schema<A, I>,
  call: Effect.Effect<A, SamsaraError, PreviewApis.PreviewApis>
) => {
  const values = Arbitrary.make(schema).map(jsonRepresentable(schema))
  const toText = Schema.encodeSync(Schema.parseJson(schema))

  // The live clock, which the driver-efficiency checks read: no test here waits on it. The services are provided
  // per sample rather than by @effect/vitest's `layer(...)`, which rebinds the module-wide `it.effect` to its own
  // runtime for every suite that runs after it in the same process.
  it.live.prop(
    `${name}: the client decodes any value's encoding back to it, and ignores unknown fields on every object`,
    [values, unknownField],
    ([value, field]) =>
      Effect.gen(function*() {
        const text = toText(value)
        assert.deepStrictEqual(yield* answered(call, text), value)
        const extended = JSON.stringify(withExtraField(JSON.parse(text), field))
        assert.deepStrictEqual(yield* answered(call, extended), value)
      }),
    runs
  )
}

/** A window of whole hours, a day long and long past, as the driver-efficiency checks require. */
const efficiencyWindow = { startTime: "2025-01-01T00:00:00Z", endTime: "2025-01-02T00:00:00Z" }

describe("decoding generated responses", () => {
  decodingProperties(
    "GetTrainingCoursesResponse",
    GetTrainingCoursesResponse,
    Effect.flatMap(TrainingCourses, (service) => service.getTrainingCourses())
  )
  decodingProperties(
    "GetFormTemplatesResponse",
    GetFormTemplatesResponse,
    Effect.flatMap(Forms, (service) => service.getFormTemplates())
  )
  decodingProperties(
    "ListUploadedMediaResponse",
    ListUploadedMediaResponse,
    Effect.flatMap(Media, (service) => service.listUploadedMedia(efficiencyWindow))
  )
  decodingProperties(
    "GetCustomReportConfigsResponse",
    GetCustomReportConfigsResponse,
    Effect.flatMap(CustomReports, (service) => service.getCustomReportConfigs())
  )
  decodingProperties(
    "GetCustomReportRunsResponse",
    GetCustomReportRunsResponse,
    Effect.flatMap(CustomReports, (service) => service.getCustomReportRuns({ ids: ["run-1"] }))
  )
  decodingProperties(
    "PostCustomReportRunResponse",
    PostCustomReportRunResponse,
    Effect.flatMap(
      CustomReports,
      (service) => service.postCustomReportRun({ customReportId: "cr-1", ...efficiencyWindow })
    )
  )
  decodingProperties(
    "GetCustomReportRunDataResponse",
    GetCustomReportRunDataResponse,
    Effect.flatMap(CustomReports, (service) => service.getCustomReportRunData({ id: "run-1" }))
  )
  decodingProperties(
    "GetDriverEfficiencyByDriversResponse",
    GetDriverEfficiencyByDriversResponse,
    Effect.flatMap(DriverEfficiency, (service) => service.getDriverEfficiencyByDrivers(efficiencyWindow))
  )
  decodingProperties(
    "GetDriverEfficiencyByVehiclesResponse",
    GetDriverEfficiencyByVehiclesResponse,
    Effect.flatMap(DriverEfficiency, (service) => service.getDriverEfficiencyByVehicles(efficiencyWindow))
  )
  decodingProperties(
    "PatchTrainingAssignmentsResponse",
    PatchTrainingAssignmentsResponse,
    Effect.flatMap(
      TrainingAssignments,
      (service) => service.patchTrainingAssignments({ ids: ["a-1"], dueAtTime: "2025-02-01T00:00:00Z" })
    )
  )
})

/** Characters with a meaning in a query string or in percent-encoding, and some beyond ASCII. */
const awkward = ["+", ",", "&", "=", "%", " ", "?", "#", "/", "'", "é", "ß", "日本", "🚀", "\u0000", "\n"]

/**
 * Well-formed strings: any code points, the awkward characters above, and any UTF-16 code units (lone surrogates
 * among them) less the strings a lone surrogate leaves ill-formed, which the client refuses before encoding.
 */
const text = FastCheck.oneof(
  FastCheck.string({ unit: "binary" }),
  FastCheck.string({ unit: FastCheck.constantFrom(...awkward, "a", "Z", "0") }),
  FastCheck.string({ unit: FastCheck.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit)) })
    .filter((candidate) => candidate.isWellFormed())
)

const texts = FastCheck.array(text, { maxLength: 12 })

/** The value of `pair` after `name=`, or fails the test when the pair is for another name. */
const valueOf = (pair: string | undefined, name: string) => {
  assert.isDefined(pair)
  assert.isTrue(pair?.startsWith(`${name}=`), `${pair} is not a ${name} pair`)
  return (pair ?? "").slice(name.length + 1)
}

/** A csv value split on its literal commas, each part decoded. */
const splitCsv = (value: string) => value.split(",").map(decodeURIComponent)

describe("the query encoder", () => {
  it.prop("csv: the value splits on literal commas into exactly the values given", [texts], ([values]) => {
    const pairs = csv("ids", values)
    if (values.length === 0) {
      assert.deepStrictEqual(pairs, [])
    } else {
      assert.strictEqual(pairs.length, 1)
      assert.deepStrictEqual(splitCsv(valueOf(pairs[0], "ids")), values)
    }
  }, runs)

  it.prop("csv: no character of a value survives unencoded but the separating commas", [texts], ([values]) => {
    const [pair] = csv("ids", values)
    if (pair === undefined) return assert.deepStrictEqual(values, [])
    const value = valueOf(pair, "ids")
    assert.match(value, /^[A-Za-z0-9\-_.!~*'()%,]*$/)
    assert.strictEqual(value.split(",").length, values.length)
  }, runs)

  it.prop("repeated: URLSearchParams reads back every value in order", [texts], ([values]) => {
    const query = toQueryString([repeated("tagIds", values)])
    assert.strictEqual(query === "", values.length === 0)
    assert.deepStrictEqual(new URLSearchParams(query).getAll("tagIds"), values)
  }, runs)

  it.prop("single: URLSearchParams reads back the string", [text], ([value]) => {
    const query = toQueryString([single("after", value)])
    assert.deepStrictEqual([...new URLSearchParams(query)], [["after", value]])
  }, runs)

  it("single: a string of every awkward character round-trips, and numbers are written in full", () => {
    const value = "a+b,c&d=e%f g%20h é日本🚀 ?#/'"
    const query = toQueryString([single("after", value), single("limit", 100), single("absent", undefined)])
    assert.strictEqual(
      query,
      "?after=a%2Bb%2Cc%26d%3De%25f%20g%2520h%20%C3%A9%E6%97%A5%E6%9C%AC%F0%9F%9A%80%20%3F%23%2F'&limit=100"
    )
    assert.deepStrictEqual([...new URLSearchParams(query)], [["after", value], ["limit", "100"]])
  })

  it.prop(
    "toQueryString: the pairs of several parameters split on & and = into exactly their names and values",
    [texts, texts, FastCheck.option(text, { nil: undefined })],
    ([ids, tagIds, after]) => {
      const query = toQueryString([single("after", after), csv("ids", ids), repeated("tagIds", tagIds)])
      const pairs = query === "" ? [] : query.slice(1).split("&").map((pair) => pair.split("="))
      const expected = [
        ...(after === undefined ? [] : [["after", after]]),
        ...(ids.length === 0 ? [] : [["ids", ids]]),
        ...tagIds.map((tagId) => ["tagIds", tagId])
      ]
      assert.deepStrictEqual(
        pairs.map(([name = "", value = ""]) => [name, name === "ids" ? splitCsv(value) : decodeURIComponent(value)]),
        expected
      )
      assert.strictEqual(query.startsWith("?"), expected.length > 0)
    },
    runs
  )
})

const nonEmptyIds = FastCheck.array(text.filter((id) => id.length > 0), { maxLength: 20 })

/** The raw `name=value` pairs of a URL's query, in order, still encoded. */
const rawPairs = (request: SentRequest | undefined) => {
  const url = new URL(request?.url ?? "http://missing")
  return {
    path: url.pathname,
    pairs: url.search === "" ? [] : url.search.slice(1).split("&").map((pair) => pair.split("="))
  }
}

const emptyPage = JSON.stringify({ data: [], pagination: { endCursor: "", hasNextPage: false } })

describe("URLs the client builds", () => {
  it.effect.prop(
    "getTrainingCourses' courseIds and categoryIds decode back to the ids given",
    [nonEmptyIds, nonEmptyIds],
    ([courseIds, categoryIds]) =>
      Effect.gen(function*() {
        const http = clientLayer(() => ({ status: 200, body: emptyPage }), { retry: Schedule.stop })
        yield* Effect.provide(
          Effect.flatMap(TrainingCourses, (service) => service.getTrainingCourses({ courseIds, categoryIds })),
          TrainingCourses.layer.pipe(Layer.provide(http.layer))
        )
        assert.strictEqual(http.sent.length, 1)
        const { pairs, path } = rawPairs(http.sent[0])
        assert.strictEqual(path, "/preview/training-courses")
        assert.deepStrictEqual(
          pairs.map(([name = "", value = ""]) => [name, splitCsv(value)]),
          [
            ...(courseIds.length === 0 ? [] : [["courseIds", courseIds]]),
            ...(categoryIds.length === 0 ? [] : [["categoryIds", categoryIds]])
          ]
        )
      }),
    runs
  )

  /** An RFC 3339 time with a numeric offset, written as a caller would. */
  const offsetTime = FastCheck.record({
    instant: FastCheck.date({
      min: new Date("2000-01-01T00:00:00Z"),
      max: new Date("2099-12-31T00:00:00Z"),
      noInvalidDate: true
    }),
    hours: FastCheck.integer({ min: -14, max: 14 }),
    minutes: FastCheck.constantFrom(0, 30, 45)
  }).map(({ hours, instant, minutes }) => {
    const sign = hours < 0 ? "-" : "+"
    const two = (n: number) => String(Math.abs(n)).padStart(2, "0")
    return `${instant.toISOString().slice(0, 19)}${sign}${two(hours)}:${two(minutes)}`
  })

  it.effect.prop(
    "listUploadedMedia sends a time's offset exactly as given, + and : included",
    [offsetTime],
    ([startTime]) =>
      Effect.gen(function*() {
        const http = clientLayer(
          () => ({
            status: 200,
            body: JSON.stringify({ data: { media: [] }, pagination: { endCursor: "", hasNextPage: false } })
          }),
          { retry: Schedule.stop }
        )
        const endTime = "2100-01-01T00:00:00Z"
        yield* Effect.provide(
          Effect.flatMap(Media, (service) => service.listUploadedMedia({ startTime, endTime })),
          Media.layer.pipe(Layer.provide(http.layer))
        )
        const { pairs } = rawPairs(http.sent[0])
        assert.deepStrictEqual(
          pairs.map(([name = "", value = ""]) => [name, decodeURIComponent(value)]),
          [["startTime", startTime], ["endTime", endTime]]
        )
      }),
    runs
  )
})
