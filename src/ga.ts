/**
 * `effect-samsara/ga`: Samsara's current endpoints (without the preview prefix), the production
 * counterparts of the preview operations at the root, on the same `SamsaraClient` and with the same errors.
 *
 * @since 0.1.0
 */

/**
 * All six services in one layer.
 *
 * @since 0.1.0
 */
export * as Api from "./ga/Api.js"

/**
 * Driver efficiency by driver and by vehicle.
 *
 * @since 0.1.0
 */
export * from "./ga/DriverEfficiency.js"

/**
 * Form templates.
 *
 * @since 0.1.0
 */
export * from "./ga/Forms.js"

/**
 * Uploaded camera media.
 *
 * @since 0.1.0
 */
export * from "./ga/Media.js"

/**
 * Custom reports: configurations, datasets, runs and their data, and the whole run workflow.
 *
 * @since 0.1.0
 */
export * from "./ga/Reports.js"

/**
 * Training assignments: patch due dates, delete.
 *
 * @since 0.1.0
 */
export * from "./ga/TrainingAssignments.js"

/**
 * Training courses.
 *
 * @since 0.1.0
 */
export * from "./ga/TrainingCourses.js"
