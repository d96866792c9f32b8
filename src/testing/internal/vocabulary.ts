/**
 * The words the generated fleet is made of: course topics, form templates, vehicle models, names and the custom
 * reports with their columns and units. Plain data, so the generator reads as a recipe.
 */
import type * as Arr from "effect/Array"

export const courseCategories = [
  "Safety",
  "Compliance",
  "Vehicle Maintenance",
  "Fuel Efficiency",
  "Hazardous Materials",
  "Cargo & Loading",
  "Customer Service",
  "Wellness",
  "Onboarding"
] as const

export type CourseCategory = typeof courseCategories[number]

export const courseTopics: Arr.NonEmptyReadonlyArray<
  { readonly name: string; readonly category: CourseCategory; readonly label?: string }
> = [
  { name: "Defensive Driving", category: "Safety", label: "defensiveDriving" },
  { name: "Distracted Driving", category: "Safety", label: "distractedDriving" },
  { name: "Safe Following Distance", category: "Safety", label: "tailgating" },
  { name: "Speed Management", category: "Safety", label: "speeding" },
  { name: "Smooth Braking", category: "Safety", label: "braking" },
  { name: "Seatbelt Policy", category: "Safety", label: "seatbeltPolicy" },
  { name: "Mobile Phone Policy", category: "Safety", label: "phonePolicy" },
  { name: "Fatigue Awareness", category: "Safety", label: "drowsy" },
  { name: "Lane Discipline", category: "Safety", label: "laneDeparture" },
  { name: "Railroad Crossing Safety", category: "Safety", label: "tileRollingRailroad" },
  { name: "Stop Sign Compliance", category: "Safety", label: "rolledStopSign" },
  { name: "Rollover Prevention", category: "Safety", label: "rolloverProtection" },
  { name: "Collision Avoidance", category: "Safety", label: "forwardCollisionWarning" },
  { name: "Winter Driving", category: "Safety" },
  { name: "Hours of Service", category: "Compliance" },
  { name: "ELD Logging", category: "Compliance" },
  { name: "Roadside Inspections", category: "Compliance" },
  { name: "Hazmat Handling", category: "Hazardous Materials" },
  { name: "Spill Response", category: "Hazardous Materials" },
  { name: "Fuel-Efficient Driving", category: "Fuel Efficiency" },
  { name: "Idle Reduction", category: "Fuel Efficiency" },
  { name: "Pre-Trip Inspection", category: "Vehicle Maintenance" },
  { name: "Tire Care", category: "Vehicle Maintenance" },
  { name: "Cargo Securement", category: "Cargo & Loading" },
  { name: "Backing and Docking", category: "Cargo & Loading" },
  { name: "Delivery Etiquette", category: "Customer Service" },
  { name: "Healthy Sleep on the Road", category: "Wellness" },
  { name: "Lifting and Ergonomics", category: "Wellness" },
  { name: "Welcome to the Fleet", category: "Onboarding" }
]

export const courseLevels = ["Basics", "Essentials", "Refresher", "Advanced", "Certification", "Quick Review"] as const

export const formTitles = [
  "Pre-Trip Inspection",
  "Post-Trip Inspection",
  "Incident Report",
  "Proof of Delivery",
  "Fuel Receipt",
  "Trailer Inspection",
  "Jobsite Safety Checklist",
  "Near Miss Report",
  "Vehicle Damage Report",
  "Daily Equipment Check",
  "Reefer Temperature Log",
  "Customer Sign-Off"
] as const

export const depots = ["Denver", "Dallas", "Atlanta", "Phoenix", "Columbus", "Sacramento", "Newark", "Omaha"] as const

/** The organisation's tag tree: a parent tag per region, a child tag per depot; drivers and vehicles carry a depot. */
export const regions = [
  { name: "North", depots: ["Denver", "Columbus", "Newark", "Omaha"] },
  { name: "South", depots: ["Dallas", "Atlanta", "Phoenix", "Sacramento"] }
] as const

export const fieldLabels = {
  number: ["Odometer reading", "Fuel added (gal)", "Tire pressure (psi)", "Pallet count", "Trailer temperature (F)"],
  text: ["Notes", "Describe the issue", "Location details", "Customer name", "Seal number"],
  multiple_choice: ["Brakes", "Lights", "Horn", "Mirrors", "Coupling"],
  check_boxes: ["Defects found", "Items checked", "PPE worn"],
  media: ["Photo of damage", "Photo of load", "Photo of receipt"],
  datetime: ["Time of incident", "Delivery time", "Inspection date"],
  signature: ["Driver signature", "Customer signature"],
  asset: ["Trailer", "Vehicle inspected", "Equipment used"],
  person: ["Reported by", "Supervisor", "Witness"],
  geofence: ["Site", "Delivery location"],
  instruction: ["Read before starting", "Walk around the vehicle clockwise"],
  media_instruction: ["Watch the coupling video", "Reference photo"]
} as const

export type FieldType = keyof typeof fieldLabels

export const fieldTypes: Arr.NonEmptyReadonlyArray<readonly [number, FieldType]> = [
  [4, "multiple_choice"],
  [3, "check_boxes"],
  [3, "text"],
  [3, "number"],
  [2, "media"],
  [2, "datetime"],
  [2, "signature"],
  [1, "asset"],
  [1, "person"],
  [1, "geofence"],
  [1, "instruction"],
  [1, "media_instruction"]
]

export const choiceOptions = ["Pass", "Fail", "Needs attention", "Not applicable"] as const

export const checkOptions = ["Lights", "Brakes", "Tires", "Mirrors", "Wipers", "Horn", "Fire extinguisher"] as const

export const sectionLabels = ["General", "Vehicle", "Checks", "Details", "Sign-off"] as const

export const vehicleModels = [
  "Freightliner Cascadia",
  "Volvo VNL 860",
  "Kenworth T680",
  "Peterbilt 579",
  "International LT",
  "Ford Transit",
  "Mercedes Sprinter",
  "Isuzu NPR",
  "Ram ProMaster",
  "Ford F-150 Lightning"
] as const

export const firstNames = [
  "Alex",
  "Maria",
  "James",
  "Priya",
  "Diego",
  "Hannah",
  "Marcus",
  "Aisha",
  "Tom",
  "Elena",
  "Kwame",
  "Sofia",
  "Ryan",
  "Mei",
  "Carlos",
  "Grace"
] as const

export const lastNames = [
  "Johnson",
  "Garcia",
  "Nguyen",
  "Patel",
  "Smith",
  "Okafor",
  "Martinez",
  "Kim",
  "Brown",
  "Rossi",
  "Schmidt",
  "Lopez",
  "Walker",
  "Chen",
  "Davis",
  "Hughes"
] as const

/** What a cell of a column holds; numbers come with their range and precision. */
export type CellKind =
  | { readonly _tag: "Vehicle" }
  | { readonly _tag: "Driver" }
  | { readonly _tag: "Date" }
  | { readonly _tag: "Number"; readonly min: number; readonly max: number; readonly decimals: number }
  /** The cell of column `numerator` divided by that of column `denominator`, so related columns agree. */
  | { readonly _tag: "Quotient"; readonly numerator: number; readonly denominator: number; readonly decimals: number }

export interface ColumnTemplate {
  readonly displayName: string
  readonly type: "string" | "numeric"
  readonly unit?: string
  readonly baseUnit?: string
  readonly cell: CellKind
}

const vehicle = (displayName = "Vehicle"): ColumnTemplate => ({
  displayName,
  type: "string",
  cell: { _tag: "Vehicle" }
})
const driver = (displayName = "Driver"): ColumnTemplate => ({ displayName, type: "string", cell: { _tag: "Driver" } })
const date: ColumnTemplate = { displayName: "Date", type: "string", cell: { _tag: "Date" } }
const numeric = (
  displayName: string,
  range: readonly [min: number, max: number, decimals: number],
  units?: readonly [unit: string, baseUnit: string]
): ColumnTemplate => ({
  displayName,
  type: "numeric",
  ...(units === undefined ? {} : { unit: units[0], baseUnit: units[1] }),
  cell: { _tag: "Number", min: range[0], max: range[1], decimals: range[2] }
})

export const reportTemplates: Arr.NonEmptyReadonlyArray<
  { readonly reportName: string; readonly columns: ReadonlyArray<ColumnTemplate> }
> = [
  {
    reportName: "Fuel Usage by Vehicle",
    columns: [
      vehicle(),
      date,
      numeric("Distance", [12, 640, 1], ["miles", "mile"]),
      {
        displayName: "Fuel Used",
        type: "numeric",
        unit: "gallons",
        baseUnit: "gallon",
        cell: { _tag: "Quotient", numerator: 2, denominator: 4, decimals: 2 }
      },
      numeric("Fuel Economy", [4.2, 9.8, 2], ["milesPerGallon", "mipergal"]),
      numeric("Idle Time", [0, 10_800_000, 0], ["milliseconds", "milliseconds"])
    ]
  },
  {
    reportName: "Driver Safety Scorecard",
    columns: [
      driver(),
      numeric("Safety Score", [52, 100, 0]),
      numeric("Harsh Braking Events", [0, 14, 0]),
      numeric("Distance Over Speed Limit", [0, 38, 1], ["miles", "mile"]),
      numeric("Max Speed", [55, 82, 1], ["milesPerHour", "miperhr"])
    ]
  },
  {
    reportName: "Reefer Temperature Compliance",
    columns: [
      vehicle("Trailer"),
      date,
      numeric("Average Temperature", [34, 37, 1], ["degreesFahrenheit", "fahrenheit"]),
      numeric("Minimum Temperature", [28, 33.9, 1], ["degreesFahrenheit", "fahrenheit"]),
      numeric("Maximum Temperature", [37.1, 46, 1], ["degreesFahrenheit", "fahrenheit"]),
      numeric("Time Out of Range", [0, 5_400_000, 0], ["milliseconds", "milliseconds"])
    ]
  },
  {
    reportName: "Engine Health Summary",
    columns: [
      vehicle(),
      numeric("Battery Voltage", [11.8, 14.6, 2], ["volts", "volt"]),
      numeric("Coolant Temperature", [78, 104, 1], ["degreesCelsius", "celsius"]),
      numeric("Oil Pressure", [180, 480, 0], ["kilopascals", "kilopascal"]),
      numeric("Odometer", [12_000, 640_000, 0], ["kilometers", "kilometer"])
    ]
  },
  {
    reportName: "EV Energy Usage",
    columns: [
      vehicle(),
      date,
      numeric("Energy Used", [8, 190, 1], ["kilowattHours", "kilowatthour"]),
      numeric("Distance", [15, 420, 1], ["kilometers", "kilometer"]),
      numeric("Regenerated Energy", [200, 24_000, 0], ["wattHours", "watthour"])
    ]
  },
  {
    reportName: "Load Weights by Trip",
    columns: [
      vehicle(),
      driver(),
      numeric("Gross Weight", [18_000, 80_000, 0], ["pounds", "pound"]),
      numeric("Trailer Weight", [6_000, 15_000, 0], ["kilograms", "kilogram"])
    ]
  },
  {
    reportName: "Idle Time by Driver",
    columns: [
      driver(),
      date,
      numeric("Idle Time", [0, 9_000_000, 0], ["milliseconds", "milliseconds"]),
      numeric("Idle Fuel", [0, 6, 2], ["liters", "liter"]),
      numeric("Idle Share", [0, 45, 1])
    ]
  }
]
