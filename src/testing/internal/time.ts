/**
 * Times as the stand-in reads and writes them. The reading is the server's own, written apart from the client's, so
 * a client that lets a bad time through meets a server that refuses it: RFC 3339's grammar, then the calendar.
 */
import * as Option from "effect/Option"

/** RFC 3339 `date-time`: full date, `T`, full time with optional fraction, `Z` or a numeric offset. */
const dateTime = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/

const isLeapYear = (year: number) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)

const daysInMonth = (year: number, month: number) =>
  month === 2 ? (isLeapYear(year) ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31

/** Days from 1970-01-01 to a date of the proleptic Gregorian calendar (Howard Hinnant's `days_from_civil`). */
const daysFromEpoch = (year: number, month: number, day: number) => {
  const shifted = month <= 2 ? year - 1 : year
  const era = Math.floor(shifted / 400)
  const yearOfEra = shifted - era * 400
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear
  return era * 146_097 + dayOfEra - 719_468
}

/**
 * The instant an RFC 3339 date-time names, in epoch milliseconds (a fraction beyond milliseconds is cut off), or
 * none when the text breaks the grammar or names no real moment: February 30th, hour 24, an offset of +24:00.
 */
export const parseTime = (text: string): Option.Option<number> => {
  const match = dateTime.exec(text)
  if (match === null) return Option.none()
  // Every group but the fraction and the offset is there whenever the text matched.
  const part = (group: number) => Number(match[group] ?? 0)
  const [year, month, day, hour, minute, second] = [part(1), part(2), part(3), part(4), part(5), part(6)] as const
  const [offsetHours, offsetMinutes] = [part(9), part(10)] as const
  const onCalendar = month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)
  const onClock = hour <= 23 && minute <= 59 && second <= 59 && offsetHours <= 23 && offsetMinutes <= 59
  if (!onCalendar || !onClock) return Option.none()
  const offset = (match[8] === "-" ? -1 : 1) * (offsetHours * 60 + offsetMinutes)
  const minutes = (daysFromEpoch(year, month, day) * 24 + hour) * 60 + minute - offset
  return Option.some(minutes * 60_000 + second * 1000 + Number((match[7] ?? "").slice(0, 3).padEnd(3, "0")))
}

/** RFC 3339 in UTC, without milliseconds when there are none, as Samsara writes its times. */
export const formatTime = (millis: number): string => new Date(millis).toISOString().replace(".000Z", "Z")
