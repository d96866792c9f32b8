/**
 * A `Tracer` and a `Logger` that keep everything they are given, so a test can search every span name,
 * attribute, event and log line a program produced.
 */
import * as Context from "effect/Context"
import type * as Exit from "effect/Exit"
import * as Logger from "effect/Logger"
import * as Option from "effect/Option"
import * as Tracer from "effect/Tracer"

export interface Recording {
  readonly tracer: Tracer.Tracer
  readonly logger: Logger.Logger<unknown, void>
  readonly spans: Array<{
    readonly name: string
    readonly attributes: Map<string, unknown>
    readonly events: Array<unknown>
    /** The exit each `end` was given: a span ends once. */
    readonly ends: Array<Exit.Exit<unknown, unknown>>
  }>
  readonly logs: Array<unknown>
}

export const recording = (): Recording => {
  const spans: Recording["spans"] = []
  const logs: Array<unknown> = []
  let ids = 0
  const tracer = Tracer.make({
    span: (name, parent, _context, links, startTime, kind) => {
      const record = {
        name,
        attributes: new Map<string, unknown>(),
        events: new Array<unknown>(),
        ends: new Array<Exit.Exit<unknown, unknown>>()
      }
      spans.push(record)
      const spanId = `span-${++ids}`
      const span: Tracer.Span = {
        _tag: "Span",
        name,
        spanId,
        traceId: Option.match(parent, { onNone: () => spanId, onSome: (parent) => parent.traceId }),
        parent,
        context: Context.empty(),
        status: { _tag: "Started", startTime },
        attributes: record.attributes,
        links,
        sampled: true,
        kind,
        end: (_endTime, exit) => void record.ends.push(exit),
        attribute: (key, value) => void record.attributes.set(key, value),
        event: (eventName, _time, attributes) => void record.events.push({ eventName, attributes }),
        addLinks: () => undefined
      }
      return span
    },
    context: (f) => f()
  })
  const logger = Logger.make(({ annotations, message }) => void logs.push({ message, annotations: [...annotations] }))
  return { tracer, logger, spans, logs }
}

/** Everything recorded, as one searchable string. */
export const transcript = (recorded: Recording): string =>
  JSON.stringify(
    {
      spans: recorded.spans.map((span) => ({ ...span, attributes: [...span.attributes] })),
      logs: recorded.logs
    },
    (_, value) => (typeof value === "bigint" ? value.toString() : value)
  )
