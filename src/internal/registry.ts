/**
 * Every operation the client declares, in one list: the source of `OperationId`, the stand-in's routes and the
 * README's operation table (both generated or checked by `npm run codegen`).
 */
import {
  CustomReports,
  getCustomReportConfigs,
  getCustomReportRunData,
  getCustomReportRuns,
  postCustomReportRun
} from "../CustomReports.js"
import { DriverEfficiency, getDriverEfficiencyByDrivers, getDriverEfficiencyByVehicles } from "../DriverEfficiency.js"
import { Forms, getFormTemplates } from "../Forms.js"
import { listUploadedMedia, Media } from "../Media.js"
import { deleteTrainingAssignments, patchTrainingAssignments, TrainingAssignments } from "../TrainingAssignments.js"
import { getTrainingCourses, TrainingCourses } from "../TrainingCourses.js"

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

/** The services, each with its name and its table of methods. */
export const services = [Media, CustomReports, DriverEfficiency, Forms, TrainingAssignments, TrainingCourses] as const
