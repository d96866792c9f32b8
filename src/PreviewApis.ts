/**
 * All six operation services in one layer.
 *
 * @since 0.1.0
 */
import * as Layer from "effect/Layer"
import { CustomReports } from "./CustomReports.js"
import { DriverEfficiency } from "./DriverEfficiency.js"
import { Forms } from "./Forms.js"
import { Media } from "./Media.js"
import type { SamsaraClient } from "./SamsaraClient.js"
import { TrainingAssignments } from "./TrainingAssignments.js"
import { TrainingCourses } from "./TrainingCourses.js"

/**
 * Every service of the Samsara Preview APIs.
 *
 * @since 0.1.0
 * @category models
 */
export type PreviewApis = Media | CustomReports | DriverEfficiency | Forms | TrainingAssignments | TrainingCourses

/**
 * Provides `Media`, `CustomReports`, `DriverEfficiency`, `Forms`, `TrainingAssignments` and `TrainingCourses`
 * from one `SamsaraClient`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<PreviewApis, never, SamsaraClient> = Layer.mergeAll(
  Media.layer,
  CustomReports.layer,
  DriverEfficiency.layer,
  Forms.layer,
  TrainingAssignments.layer,
  TrainingCourses.layer
)
