/**
 * Wire bodies shaped as Samsara documents them, one per operation, with the extra field and unknown enum value a
 * growing preview API may send.
 */
export const page = (endCursor: string, hasNextPage: boolean) => ({ endCursor, hasNextPage })

export const uploadedMedia = (vehicleId: string) => ({
  availableAtTime: "2024-06-01T10:05:00Z",
  endTime: "2024-06-01T10:00:10Z",
  input: "dashcamForwardFacing",
  mediaType: "image",
  startTime: "2024-06-01T10:00:00Z",
  triggerReason: "api",
  urlInfo: { url: "https://media.example/1.jpg", urlExpiryTime: "2024-06-01T18:05:00Z" },
  vehicleId
})

export const customReportConfig = (id: string) => ({
  id,
  reportName: "Fuel",
  columns: [
    { displayName: "Vehicle", type: "string" },
    { displayName: "Fuel used", type: "numeric", unit: "liters", baseUnit: "liter" }
  ]
})

export const customReportRun = (id: string, status = "completed") => ({
  id,
  customReportId: "cr-1",
  status,
  percentComplete: status === "completed" ? 100 : 40,
  startTime: "2024-06-01T00:00:00Z",
  endTime: "2024-06-02T00:00:00Z",
  createdAtTime: "2024-06-02T01:00:00Z",
  updatedAtTime: "2024-06-02T01:05:00Z",
  tagIds: ["2677784051113612000"],
  attributeValueIds: null
})

export const driverEfficiencyByDriver = (driverId: string) => ({
  driverId,
  scoreData: { overallScore: "B", idlingScore: "A" },
  rawData: {
    driveTimeDurationMs: 3_600_000,
    engineOnDurationMs: 4_000_000,
    idlingDurationMs: 400_000,
    totalBrakeDurationMs: 20_000
  },
  percentageData: null
})

export const driverEfficiencyByVehicle = (vehicleId: string) => ({
  vehicleId,
  percentageData: { idlingPercentage: 12.5, coastingPercentage: 3.25 }
})

export const formTemplate = (id: string) => ({
  id,
  revisionId: "rev-1",
  title: "Pre-trip inspection",
  description: "Daily checks",
  createdAtTime: "2024-01-01T08:00:00Z",
  updatedAtTime: "2024-02-01T08:00:00.250Z",
  createdBy: { id: "u-1", type: "user" },
  updatedBy: { id: "d-1", type: "driver" },
  fields: [
    { id: "f-1", label: "Tyres OK", type: "check_boxes", isRequired: true, options: [{ id: "o-1", label: "Yes" }] },
    { id: "f-2", label: "Odometer", type: "number", isRequired: false, numDecimalPlaces: 0 }
  ],
  sections: [{ fieldIndexFirstInclusive: 0, fieldIndexLastInclusive: 1, label: "Checks" }],
  approvalConfig: {
    type: "singleApproval",
    singleApprovalConfig: { allowManualApproverSelection: false, requirements: { roleIds: ["r-1"] } }
  }
})

export const trainingAssignment = (id: string) => ({
  id,
  course: { id: "c-1", revisionId: "c-1-r" },
  learner: { id: "d-1", type: "driver" },
  status: "notStarted",
  durationMinutes: 30,
  createdAtTime: "2024-05-01T00:00:00Z",
  createdById: "u-1",
  updatedAtTime: "2024-05-02T00:00:00Z",
  updatedById: "u-1",
  dueAtTime: "2024-07-01T10:00:00Z",
  isOverdue: false
})

export const trainingCourse = (id: string) => ({
  id,
  revisionId: `${id}-r`,
  title: `Course ${id}`,
  status: "published",
  estimatedTimeToCompleteMinutes: 15,
  category: { id: "cat-1", name: "Safety" },
  label: { name: "safety", type: "speeding" },
  /** Not in the spec: decoding must ignore it. */
  language: "en"
})
