/**
 * The request headers a call may add, and the ones the client owns. A call's headers never replace the token, the
 * client's identity or the version header, and a line break in a value would smuggle in headers of its own.
 */
import { FieldIssue } from "../SamsaraError.js"
import { isApiVersion } from "./settings.js"

/** The header that names Samsara's API version (lower case, as `@effect/platform` keeps header names). */
export const versionHeader = "x-samsara-version"

const ownedHeaders: ReadonlySet<string> = new Set(["authorization", "user-agent", versionHeader])

/** A call's extra headers and version, as headers to set, or every reason they cannot be sent. */
export const callHeaders = (
  headers: Readonly<Record<string, string>> | undefined,
  version: string | undefined
): { readonly headers: Record<string, string>; readonly issues: ReadonlyArray<FieldIssue> } => {
  const issues: Array<FieldIssue> = []
  const set: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers ?? {})) {
    const field = `options.headers.${name}`
    if (ownedHeaders.has(name.toLowerCase())) {
      issues.push(new FieldIssue({ field, reason: "is set by the client and cannot be replaced" }))
    } else if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) || /[\r\n\0]/.test(value)) {
      issues.push(new FieldIssue({ field, reason: "is not a valid header name and value (no line breaks)" }))
    } else {
      set[name] = value
    }
  }
  if (version !== undefined) {
    if (isApiVersion(version)) set[versionHeader] = version
    else issues.push(new FieldIssue({ field: "options.version", reason: "must be a date such as 2025-06-11" }))
  }
  return { headers: set, issues }
}
