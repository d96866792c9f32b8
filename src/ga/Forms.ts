/**
 * Form templates on Samsara's current API (`GET /form-templates`): the organisation's form definitions, their
 * fields (tables and conditional actions included), sections and approval settings.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { FormsApprovalConfig, FormsSelectOption, FormsUser } from "../Forms.js"
import { paginated } from "../internal/operation.js"
import { repeated, single } from "../internal/query.js"
import { perSecond } from "../internal/rateLimit.js"
import { After, Ids, optionalParam, type Params } from "../internal/requestFields.js"
import { OpenEnum, optional } from "../internal/responseFields.js"
import { call, type ServiceOf, stream, Tag } from "../internal/service.js"
import { Pagination } from "../Pagination.js"

/**
 * The objects unchanged from the preview API: the template's author and editor, a choice of a multiple-choice
 * field, the approval settings.
 *
 * @since 0.1.0
 * @category schemas
 */
export { FormsApprovalConfig, FormsSelectOption, FormsSingleApprovalConfig, FormsUser } from "../Forms.js"

const dateTimeValueType = OpenEnum("datetime", "date", "time")

/** The types a table column may have; a field may have these and more. */
const columnTypes = [
  "number",
  "text",
  "multiple_choice",
  "check_boxes",
  "media",
  "datetime",
  "signature",
  "person"
] as const

/** What a table column and a field share. */
const sharedFieldSettings = {
  allowManualEntry: optional(Schema.Boolean),
  allowedDateTimeValueType: optional(dateTimeValueType),
  filterByRoleIds: optional(Schema.Array(Schema.String)),
  id: Schema.String,
  includeDrivers: optional(Schema.Boolean),
  includeUsers: optional(Schema.Boolean),
  label: Schema.String,
  numDecimalPlaces: optional(Schema.Number),
  options: optional(Schema.Array(FormsSelectOption))
}

/**
 * The schema of {@link FormsTableFieldDefinition}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const FormsTableFieldDefinition = Schema.Struct({
  ...sharedFieldSettings,
  type: OpenEnum(...columnTypes)
}).annotations({ identifier: "FormsTableFieldDefinition" })

/**
 * A column of a `table` field.
 *
 * @since 0.1.0
 * @category models
 */
export interface FormsTableFieldDefinition extends Schema.Schema.Type<typeof FormsTableFieldDefinition> {}

/**
 * The schema of {@link FormsCondition}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const FormsCondition = Schema.Struct({
  selectedOptionIds: optional(Schema.Array(Schema.String)),
  type: OpenEnum("multipleChoiceValueCondition", "checkBoxesValueCondition")
}).annotations({ identifier: "FormsCondition" })

/**
 * When a conditional action applies: which options of the field are selected.
 *
 * @since 0.1.0
 * @category models
 */
export interface FormsCondition extends Schema.Schema.Type<typeof FormsCondition> {}

/**
 * The schema of {@link FormsAction}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const FormsAction = Schema.Struct({
  /** The follow-up question, for `askFollowupQuestion`. */
  fieldId: optional(Schema.String),
  /** The section shown, for `showSection`. */
  sectionId: optional(Schema.String),
  type: OpenEnum("askFollowupQuestion", "showSection", "requirePhoto", "requireNote", "createIssue")
}).annotations({ identifier: "FormsAction" })

/**
 * What a conditional action does.
 *
 * @since 0.1.0
 * @category models
 */
export interface FormsAction extends Schema.Schema.Type<typeof FormsAction> {}

/**
 * The schema of {@link FormsConditionalAction}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const FormsConditionalAction = Schema.Struct({
  actions: Schema.Array(FormsAction),
  condition: FormsCondition
}).annotations({ identifier: "FormsConditionalAction" })

/**
 * Actions a field's answer triggers.
 *
 * @since 0.1.0
 * @category models
 */
export interface FormsConditionalAction extends Schema.Schema.Type<typeof FormsConditionalAction> {}

/**
 * The schema of {@link FormFieldDefinition}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const FormFieldDefinition = Schema.Struct({
  ...sharedFieldSettings,
  // Lower camel case here; the preview wrote `Vehicle`, `Trailer`, ...
  allowedAssetTypes: optional(Schema.Array(OpenEnum("vehicle", "trailer", "equipment", "unpoweredAsset"))),
  /** The field this one is filled in from. */
  autofillFromId: optional(Schema.String),
  /** The columns of a `table` field. */
  columns: optional(Schema.Array(FormsTableFieldDefinition)),
  conditionalActions: optional(Schema.Array(FormsConditionalAction)),
  isAutofillSource: optional(Schema.Boolean),
  isRequired: Schema.Boolean,
  questionWeight: optional(Schema.Number),
  type: OpenEnum(...columnTypes, "asset", "geofence", "instruction", "media_instruction", "table", "barcode")
}).annotations({ identifier: "GaFormFieldDefinition" })

/**
 * One field of a template; which optional settings appear depends on `type`.
 *
 * @since 0.1.0
 * @category models
 */
export interface FormFieldDefinition extends Schema.Schema.Type<typeof FormFieldDefinition> {}

/**
 * The schema of {@link FormTemplateSection}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const FormTemplateSection = Schema.Struct({
  fieldIndexFirstInclusive: Schema.Number,
  fieldIndexLastInclusive: Schema.Number,
  /** What a `showSection` action names. */
  id: Schema.String,
  label: Schema.String
}).annotations({ identifier: "GaFormTemplateSection" })

/**
 * A section: a labelled run of fields, by index into `fields`.
 *
 * @since 0.1.0
 * @category models
 */
export interface FormTemplateSection extends Schema.Schema.Type<typeof FormTemplateSection> {}

/**
 * The schema of {@link FormTemplate}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const FormTemplate = Schema.Struct({
  approvalConfig: optional(FormsApprovalConfig),
  createdAtTime: Schema.DateTimeUtc,
  createdBy: FormsUser,
  /** Present only when the template has one (the preview always sent it). */
  description: optional(Schema.String),
  fields: Schema.Array(FormFieldDefinition),
  formCategory: optional(OpenEnum("general", "routing", "fuel", "safety", "assetInspection")),
  id: Schema.String,
  revisionId: Schema.String,
  sections: Schema.Array(FormTemplateSection),
  title: Schema.String,
  updatedAtTime: Schema.DateTimeUtc,
  updatedBy: FormsUser
}).annotations({ identifier: "GaFormTemplate" })

/**
 * A form template at its current revision. Its times decode to `DateTime.Utc`, as the preview's do.
 *
 * @since 0.1.0
 * @category models
 */
export interface FormTemplate extends Schema.Schema.Type<typeof FormTemplate> {}

/**
 * The schema of {@link GetFormTemplatesResponse}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const GetFormTemplatesResponse = Schema.Struct({
  data: Schema.Array(FormTemplate),
  pagination: Pagination
}).annotations({ identifier: "GaGetFormTemplatesResponse" })

/**
 * @since 0.1.0
 * @category models
 */
export interface GetFormTemplatesResponse extends Schema.Schema.Type<typeof GetFormTemplatesResponse> {}

const GetFormTemplatesParams = Schema.Struct({
  ids: optionalParam(Ids(100)),
  after: After
})

/**
 * Up to 100 template ids to filter on; absent or empty means all.
 *
 * @since 0.1.0
 * @category models
 */
export type GetFormTemplatesParams = Params<typeof GetFormTemplatesParams>

/**
 * `GET /form-templates`. The ids go out as repeated keys, as the official SDK sends them.
 *
 * @since 0.1.0
 * @category operations
 */
export const getFormTemplates = paginated({
  id: "getFormTemplates",
  summary: "Get form templates",
  method: "GET",
  path: "/form-templates",
  scope: "Read Form Submissions",
  budget: perSecond(5),
  idempotent: true,
  params: GetFormTemplatesParams,
  query: (params) => [repeated("ids", params.ids), single("after", params.after)],
  success: Schema.parseJson(GetFormTemplatesResponse),
  items: (page) => page.data
})

const methods = {
  /** One page of form templates (`GET /form-templates`). */
  getFormTemplates: call(getFormTemplates),
  /** Every matching template, fetched as the stream is pulled. */
  streamFormTemplates: stream(getFormTemplates)
}

/**
 * The form-template operations of Samsara's current API.
 *
 * @since 0.1.0
 * @category tags
 */
export class Forms extends Tag<Forms, Forms.Service>()("ga/Forms", methods) {}

/**
 * @since 0.1.0
 */
export declare namespace Forms {
  /**
   * @since 0.1.0
   * @category models
   */
  export interface Service extends ServiceOf<typeof methods> {}
}
