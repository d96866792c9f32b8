/**
 * Output helpers for the demo: a progress line that rewrites itself on a terminal and stays silent when piped,
 * durations with units, and a plain-text table.
 */
import * as Console from "effect/Console"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"

const interactive = process.stdout.isTTY === true

/** Counts a stream's items on one updating line (terminals only), cleared when the stream ends. */
export const withProgress = (label: string) => <A, E, R>(stream: Stream.Stream<A, E, R>): Stream.Stream<A, E, R> =>
  interactive
    ? stream.pipe(
      Stream.zipWithIndex,
      Stream.tap(([, index]) =>
        (index + 1) % 50 === 0 ? Effect.sync(() => process.stdout.write(`\r  ${label}: ${index + 1}…`)) : Effect.void
      ),
      Stream.map(([item]) => item),
      Stream.ensuring(Effect.sync(() => process.stdout.write("\r\u001b[2K")))
    )
    : stream

/**
 * A duration for a reader: to the second from a second up (`48m 4s`), in milliseconds below. `Duration.format`
 * alone prints every part down to nanoseconds, and zero as a bare "0".
 */
export const readableDuration = (input: Duration.DurationInput): string => {
  const millis = Duration.toMillis(input)
  return millis < 1000 ? `${Math.round(millis)}ms` : Duration.format(Duration.seconds(Math.round(millis / 1000)))
}

/** Renders rows as a left-aligned table under a header line. */
export const table = (rows: ReadonlyArray<Readonly<Record<string, unknown>>>): string => {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))]
  const text = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value) ?? "")
  const widths = columns.map((column) => Math.max(column.length, ...rows.map((row) => text(row[column]).length)))
  const line = (cells: ReadonlyArray<string>) =>
    "  " + cells.map((cell, index) => cell.padEnd(widths[index] ?? 0)).join("  ").trimEnd()
  return [
    line(columns),
    line(widths.map((width) => "-".repeat(width))),
    ...rows.map((row) => line(columns.map((column) => text(row[column]))))
  ].join("\n")
}

/** A section heading, after a blank line. */
export const section = (title: string) => Console.log(`\n${title}`)
