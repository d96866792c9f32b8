/**
 * The operationIds of the Samsara APIs this client calls, as Samsara's documentation names them. Generated from the
 * operation registry by `npm run codegen`; `npm run check` fails when it is out of date.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * @since 0.1.0
 * @category schemas
 */
export const OperationId = Schema.Literal(
  "listUploadedMedia",
  "getCustomReportConfigs",
  "getCustomReportRuns",
  "postCustomReportRun",
  "getCustomReportRunData",
  "getDriverEfficiencyByDrivers",
  "getDriverEfficiencyByVehicles",
  "getFormTemplates",
  "deleteTrainingAssignments",
  "patchTrainingAssignments",
  "getTrainingCourses",
  "getReportConfigs",
  "getReportRuns",
  "createReportRun",
  "getReportRunData",
  "getDatasets"
)

/**
 * @since 0.1.0
 * @category models
 */
export type OperationId = typeof OperationId.Type
