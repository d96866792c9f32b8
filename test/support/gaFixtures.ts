/**
 * Wire bodies of Samsara's current (GA) operations. The success bodies are the ones the official TypeScript SDK's
 * wire tests serve (samsarahq/samsara-ts v14.7.0, `tests/wire/*.test.ts`), so our decoding is checked against the
 * same JSON the SDK is.
 */

/** `tests/wire/media.test.ts:17-37`. */
export const listUploadedMediaBody = {
  data: {
    media: [
      {
        auxCamSerial: "ABDVJ123456789",
        availableAtTime: "2019-11-11T14:00:12-04:00",
        endTime: "2019-06-13T19:08:25Z",
        input: "dashcamForwardFacing",
        mediaType: "image",
        startTime: "2019-06-13T19:08:25Z",
        triggerReason: "api",
        urlInfo: { url: "https://sample.s3.url.com/image.jpeg", urlExpiryTime: "2019-11-11T14:00:12-04:00" },
        vehicleId: "1234"
      }
    ]
  },
  pagination: { endCursor: "MjkY", hasNextPage: true }
}

const difficultyScore = { overallScore: "4", topographyScore: "5", vehicleWeightScore: "4" }

const percentageData = {
  anticipationPercentage: 9.5,
  coastingPercentage: 45.6,
  cruiseControlPercentage: 45.6,
  greenBandPercentage: 78.9,
  highGradeRoadDrivingPercentage: 15.3,
  highTorquePercentage: 23.4,
  idlingPercentage: 12.8,
  overSpeedPercentage: 5.6,
  wearFreeBrakePercentage: 88.2
}

const rawData = {
  anticipationBrakeEventCount: 17,
  averageVehicleWeightKg: 14500,
  coastingDurationMs: 1900800,
  cruiseControlDurationMs: 3283200,
  driveTimeDurationMs: 7200000,
  engineOnDurationMs: 7500000,
  greenBandDurationMs: 5683200,
  highGradeRoadDrivingDurationMs: 1108800,
  highTorqueDurationMs: 1684800,
  idlingDurationMs: 921600,
  overSpeedDurationMs: 403200,
  totalBrakeDurationMs: 1022400,
  totalBrakeEventCount: 85,
  wearFreeBrakeDurationMs: 6340800
}

const scoreData = {
  anticipationScore: "C",
  coastingScore: "C",
  cruiseControlScore: "B",
  greenBandScore: "A",
  highTorqueScore: "A",
  idlingScore: "B",
  overSpeedScore: "B",
  overallScore: "A",
  wearFreeBrakeScore: "A"
}

/** `tests/wire/fuelAndEnergy.test.ts:17-64`. */
export const driverEfficiencyByDriversBody = {
  data: [{ difficultyScore, driverId: "driver_001", percentageData, rawData, scoreData }],
  pagination: { endCursor: "MjkY", hasNextPage: true }
}

/** `tests/wire/fuelAndEnergy.test.ts:401-448`. */
export const driverEfficiencyByVehiclesBody = {
  data: [{ difficultyScore, percentageData, rawData, scoreData, vehicleId: "vehicle_001" }],
  pagination: { endCursor: "MjkY", hasNextPage: true }
}

const selectOption = {
  id: "e879028d-bce5-0238-ffec-11cd9236bcda",
  ignoreQuestionFromScoreIfSelected: false,
  label: "Yes",
  optionScoreWeight: 5
}

/** One template of `tests/wire/forms.test.ts:3727-3802`. */
export const formTemplate = {
  approvalConfig: {
    singleApprovalConfig: {
      allowManualApproverSelection: true,
      requirements: { roleIds: ["23d4d8d3-dc10-4e7a-a183-69968751f23e"] }
    },
    type: "singleApproval"
  },
  createdAtTime: "2019-06-13T19:08:25Z",
  createdBy: { id: "938172", type: "driver" },
  description: "This is a form template description.",
  fields: [
    {
      allowManualEntry: true,
      allowedAssetTypes: ["vehicle", "trailer"],
      autofillFromId: "9814a1fa-f0c6-408b-bf85-51dc3bc71ac7",
      columns: [
        {
          allowManualEntry: true,
          filterByRoleIds: ["23d4d8d3-dc10-4e7a-a183-69968751f23e"],
          id: "9814a1fa-f0c6-408b-bf85-51dc3bc71ac7",
          includeDrivers: true,
          includeUsers: true,
          label: "Engine Hours",
          numDecimalPlaces: 2,
          options: [selectOption],
          type: "number"
        }
      ],
      filterByRoleIds: ["23d4d8d3-dc10-4e7a-a183-69968751f23e"],
      id: "9814a1fa-f0c6-408b-bf85-51dc3bc71ac7",
      includeDrivers: true,
      includeUsers: true,
      isAutofillSource: true,
      isRequired: true,
      label: "Engine Hours",
      numDecimalPlaces: 2,
      options: [selectOption],
      questionWeight: 5,
      type: "number"
    }
  ],
  formCategory: "general",
  id: "9814a1fa-f0c6-408b-bf85-51dc3bc71ac7",
  revisionId: "1214a1fa-f0c6-408b-bf85-51dc3bc71ac7",
  sections: [
    {
      fieldIndexFirstInclusive: 0,
      fieldIndexLastInclusive: 9,
      id: "dbab5bc8-e41c-4b52-bfa5-fd2c7e809b00",
      label: "Engine Hours"
    }
  ],
  title: "Form Template Title",
  updatedAtTime: "2019-06-13T19:08:25Z",
  updatedBy: { id: "938172", type: "driver" }
}

/** `tests/wire/forms.test.ts:3727-3802`. */
export const formTemplatesBody = {
  data: [formTemplate],
  pagination: { endCursor: "MjkY", hasNextPage: true }
}

const trainingAssignment = {
  completedAtTime: "2024-01-15T09:30:00Z",
  course: { id: "id", revisionId: "revisionId" },
  createdAtTime: "2024-01-15T09:30:00Z",
  createdById: "createdById",
  deletedAtTime: "2024-01-15T09:30:00Z",
  dueAtTime: "2024-01-15T09:30:00Z",
  durationMinutes: 1000000,
  id: "id",
  isCompletedLate: true,
  isOverdue: true,
  learner: { id: "id", type: "driver" },
  scorePercent: 1.1,
  startedAtTime: "2024-01-15T09:30:00Z",
  status: "notStarted",
  updatedAtTime: "2024-01-15T09:30:00Z",
  updatedById: "updatedById"
}

/** `tests/wire/trainingAssignments.test.ts:601-641`: the same assignment twice. */
export const patchTrainingAssignmentsBody = { data: [trainingAssignment, trainingAssignment] }

/** `tests/wire/trainingCourses.test.ts:17-31`. */
export const trainingCoursesBody = {
  data: [
    {
      category: { id: "a4db8702-79d5-4396-a717-e301d52ecc11", name: "Samsara Driver App" },
      description: "Training for how to operate a wheel loader.",
      estimatedTimeToCompleteMinutes: 30,
      id: "a4db8702-79d5-4396-a717-e301d52ecc11",
      labels: [{ name: "safety", type: "accel" }],
      revisionId: "1214a1fa-f0c6-408b-bf85-51dc3bc71ac7",
      status: "published",
      title: "Wheel Loader"
    }
  ],
  pagination: { endCursor: "MjkY", hasNextPage: true }
}
