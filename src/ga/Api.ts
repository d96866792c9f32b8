/**
 * All six services of Samsara's current endpoints in one layer.
 *
 * @since 0.1.0
 */
import * as Layer from "effect/Layer"
import type { SamsaraClient } from "../SamsaraClient.js"
import { DriverEfficiency } from "./DriverEfficiency.js"
import { Forms } from "./Forms.js"
import { Media } from "./Media.js"
import { Reports } from "./Reports.js"
import { TrainingAssignments } from "./TrainingAssignments.js"
import { TrainingCourses } from "./TrainingCourses.js"

/**
 * Every service of Samsara's current endpoints.
 *
 * @since 0.1.0
 * @category models
 */
export type Api = Media | DriverEfficiency | Forms | TrainingAssignments | TrainingCourses | Reports

/**
 * Provides `Media`, `DriverEfficiency`, `Forms`, `TrainingAssignments`, `TrainingCourses` and `Reports` from one
 * `SamsaraClient`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<Api, never, SamsaraClient> = Layer.mergeAll(
  Media.layer,
  DriverEfficiency.layer,
  Forms.layer,
  TrainingAssignments.layer,
  TrainingCourses.layer,
  Reports.layer
)
