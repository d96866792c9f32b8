/**
 * `effect-samsara/testing`: a deterministic local stand-in for Samsara's Preview APIs and its current API
 * (`effect-samsara/ga`), so the real client runs with no token and no network, in memory under `TestClock` or on a
 * loopback socket.
 *
 * @since 0.1.0
 */

/**
 * Scripted faults: statuses, latency, resets, truncated and malformed bodies.
 *
 * @since 0.1.0
 */
export * from "./testing/Fault.js"

/**
 * The stand-in service, its options, and the request and response it handles.
 *
 * @since 0.1.0
 */
export * from "./testing/StandIn.js"

/**
 * The in-memory transport, and a ready `SamsaraClient` on it.
 *
 * @since 0.1.0
 */
export * from "./testing/StandInHttpClient.js"

/**
 * The stand-in on a loopback `node:http` server.
 *
 * @since 0.1.0
 */
export * from "./testing/StandInServer.js"
