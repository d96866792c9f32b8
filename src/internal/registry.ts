/**
 * Every operation the client declares, in one list: the source of `OperationId`, the stand-in's routes and the
 * README's operation table (both generated or checked by `npm run codegen`).
 */
import {
  getCustomReportConfigs,
  getCustomReportRunData,
  getCustomReportRuns,
  postCustomReportRun
} from "../CustomReports.js"
import { getDriverEfficiencyByDrivers, getDriverEfficiencyByVehicles } from "../DriverEfficiency.js"
import { getFormTemplates } from "../Forms.js"
import { listUploadedMedia } from "../Media.js"
import { deleteTrainingAssignments, patchTrainingAssignments } from "../TrainingAssignments.js"
import { getTrainingCourses } from "../TrainingCourses.js"

/** The preview operations, in the order of Samsara's documentation. */
export const operations = [
  listUploadedMedia,
  getCustomReportConfigs,
  getCustomReportRuns,
  postCustomReportRun,
  getCustomReportRunData,
  getDriverEfficiencyByDrivers,
  getDriverEfficiencyByVehicles,
  getFormTemplates,
  deleteTrainingAssignments,
  patchTrainingAssignments,
  getTrainingCourses
] as const

/** Any declared operation. */
export type AnyOperation = (typeof operations)[number]
