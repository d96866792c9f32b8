/**
 * effect-samsara: Samsara's Preview APIs as Effect services. Start with `SamsaraClient.layer` (or
 * `effect-samsara/node`), then use the six services or `PreviewApis.layer` for all of them.
 *
 * @since 0.1.0
 */

/**
 * Custom reports (closed beta): configurations, runs and run data.
 *
 * @since 0.1.0
 */
export * from "./CustomReports.js"

/**
 * Driver efficiency by driver and by vehicle.
 *
 * @since 0.1.0
 */
export * from "./DriverEfficiency.js"

/**
 * Form templates.
 *
 * @since 0.1.0
 */
export * from "./Forms.js"

/**
 * Uploaded camera media.
 *
 * @since 0.1.0
 */
export * from "./Media.js"

/**
 * The operationIds, as Samsara's documentation names them.
 *
 * @since 0.1.0
 */
export * from "./OperationId.js"

/**
 * The cursor block of paginated responses.
 *
 * @since 0.1.0
 */
export * from "./Pagination.js"

/**
 * All six services in one layer.
 *
 * @since 0.1.0
 */
export * as PreviewApis from "./PreviewApis.js"

/**
 * The configured connection: token, host, retries and timeouts.
 *
 * @since 0.1.0
 */
export * from "./SamsaraClient.js"

/**
 * The tagged errors, one per HTTP status.
 *
 * @since 0.1.0
 */
export * from "./SamsaraError.js"

/**
 * Training assignments: patch due dates, delete.
 *
 * @since 0.1.0
 */
export * from "./TrainingAssignments.js"

/**
 * Training courses.
 *
 * @since 0.1.0
 */
export * from "./TrainingCourses.js"
