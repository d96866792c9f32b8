/**
 * Every operation the client declares, in one place: the source of `OperationId` and the README's operations table
 * (both written by `npm run codegen`) and of the stand-in's routes.
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
import * as GaDriverEfficiency from "../ga/DriverEfficiency.js"
import * as GaForms from "../ga/Forms.js"
import * as GaMedia from "../ga/Media.js"
import * as GaReports from "../ga/Reports.js"
import * as GaTrainingAssignments from "../ga/TrainingAssignments.js"
import * as GaTrainingCourses from "../ga/TrainingCourses.js"
import { listUploadedMedia, Media } from "../Media.js"
import { deleteTrainingAssignments, patchTrainingAssignments, TrainingAssignments } from "../TrainingAssignments.js"
import { getTrainingCourses, TrainingCourses } from "../TrainingCourses.js"

/** The preview operations, in the order of Samsara's documentation (the seed). */
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

/** A declared preview operation. */
export type AnyOperation = (typeof operations)[number]

/** The preview services, each with its name and its table of methods. */
export const services = [Media, CustomReports, DriverEfficiency, Forms, TrainingAssignments, TrainingCourses] as const

/**
 * The operations of Samsara's current API (`effect-samsara/ga`), in the order of the official SDK's summary. Seven
 * share their operationId with a preview operation; their paths differ.
 */
export const gaOperations = [
  GaMedia.listUploadedMedia,
  GaDriverEfficiency.getDriverEfficiencyByDrivers,
  GaDriverEfficiency.getDriverEfficiencyByVehicles,
  GaForms.getFormTemplates,
  GaTrainingAssignments.deleteTrainingAssignments,
  GaTrainingAssignments.patchTrainingAssignments,
  GaTrainingCourses.getTrainingCourses,
  GaReports.getReportConfigs,
  GaReports.getReportRuns,
  GaReports.createReportRun,
  GaReports.getReportRunData,
  GaReports.getDatasets
] as const

/** The services of Samsara's current API. */
export const gaServices = [
  GaMedia.Media,
  GaDriverEfficiency.DriverEfficiency,
  GaForms.Forms,
  GaTrainingAssignments.TrainingAssignments,
  GaTrainingCourses.TrainingCourses,
  GaReports.Reports
] as const
