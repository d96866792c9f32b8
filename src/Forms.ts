/**
 * Form templates: the organisation's form definitions, their fields, sections and approval settings
 * (`getFormTemplates`).
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { paginated } from "./internal/operation.js"
import { csv, single } from "./internal/query.js"
import { perSecond } from "./internal/rateLimit.js"
import { After, Ids, optionalParam, type Params } from "./internal/requestFields.js"
import { OpenEnum, optional } from "./internal/responseFields.js"
import { call, type ServiceOf, stream, Tag } from "./internal/service.js"
import { Pagination } from "./Pagination.js"

/**
 * The schema of {@link FormsUser}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const FormsUser = Schema.Struct({
  id: Schema.String,
  type: OpenEnum("driver", "user")
}).annotations({ identifier: "FormsUser" })

/**
 * A driver or user who created or changed a template.
 *
 * @since 0.1.0
 * @category models
 */
export interface FormsUser extends Schema.Schema.Type<typeof FormsUser> {}

/**
 * The schema of {@link FormsSelectOption}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const FormsSelectOption = Schema.Struct({
  id: Schema.String,
  ignoreQuestionFromScoreIfSelected: optional(Schema.Boolean),
  label: Schema.String,
  optionScoreWeight: optional(Schema.Number)
}).annotations({ identifier: "FormsSelectOption" })

/**
 * A choice of a multiple-choice or check-boxes field.
 *
 * @since 0.1.0
 * @category models
 */
export interface FormsSelectOption extends Schema.Schema.Type<typeof FormsSelectOption> {}

/**
 * The schema of {@link FormFieldDefinition}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const FormFieldDefinition = Schema.Struct({
  allowManualEntry: optional(Schema.Boolean),
  allowedAssetTypes: optional(Schema.Array(OpenEnum("Vehicle", "Trailer", "Equipment", "UnpoweredAsset"))),
  allowedDateTimeValueType: optional(OpenEnum("datetime", "date", "time")),
  filterByCurrentDriverTags: optional(Schema.Boolean),
  filterByRoleIds: optional(Schema.Array(Schema.String)),
  id: Schema.String,
  includeDrivers: optional(Schema.Boolean),
  includeUsers: optional(Schema.Boolean),
  isRequired: Schema.Boolean,
  label: Schema.String,
  legalText: optional(Schema.String),
  numDecimalPlaces: optional(Schema.Number),
  options: optional(Schema.Array(FormsSelectOption)),
  questionWeight: optional(Schema.Number),
  type: OpenEnum(
    "number",
    "text",
    "multiple_choice",
    "check_boxes",
    "media",
    "datetime",
    "signature",
    "asset",
    "person",
    "geofence",
    "instruction",
    "media_instruction"
  )
}).annotations({ identifier: "FormFieldDefinition" })

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
  label: Schema.String
}).annotations({ identifier: "FormTemplateSection" })

/**
 * A section: a labelled run of fields, by index into `fields`.
 *
 * @since 0.1.0
 * @category models
 */
export interface FormTemplateSection extends Schema.Schema.Type<typeof FormTemplateSection> {}

/**
 * The schema of {@link FormsSingleApprovalConfig}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const FormsSingleApprovalConfig = Schema.Struct({
  allowManualApproverSelection: Schema.Boolean,
  requirements: Schema.Struct({ roleIds: Schema.Array(Schema.String) })
}).annotations({ identifier: "FormsSingleApprovalConfig" })

/**
 * @since 0.1.0
 * @category models
 */
export interface FormsSingleApprovalConfig extends Schema.Schema.Type<typeof FormsSingleApprovalConfig> {}

/**
 * The schema of {@link FormsApprovalConfig}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const FormsApprovalConfig = Schema.Struct({
  singleApprovalConfig: optional(FormsSingleApprovalConfig),
  type: OpenEnum("singleApproval")
}).annotations({ identifier: "FormsApprovalConfig" })

/**
 * @since 0.1.0
 * @category models
 */
export interface FormsApprovalConfig extends Schema.Schema.Type<typeof FormsApprovalConfig> {}

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
  description: Schema.String,
  fields: Schema.Array(FormFieldDefinition),
  id: Schema.String,
  revisionId: Schema.String,
  sections: Schema.Array(FormTemplateSection),
  title: Schema.String,
  updatedAtTime: Schema.DateTimeUtc,
  updatedBy: FormsUser
}).annotations({ identifier: "FormTemplate" })

/**
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
}).annotations({ identifier: "GetFormTemplatesResponse" })

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
 * Up to 100 template ids to filter on; absent means all.
 *
 * @since 0.1.0
 * @category models
 */
export type GetFormTemplatesParams = Params<typeof GetFormTemplatesParams>

/**
 * `GET /preview/form-templates`.
 *
 * @since 0.1.0
 * @category operations
 */
export const getFormTemplates = paginated({
  id: "getFormTemplates",
  summary: "Get form templates",
  method: "GET",
  path: "/preview/form-templates",
  scope: "Read Preview",
  budget: perSecond(5),
  idempotent: true,
  params: GetFormTemplatesParams,
  query: (params) => [csv("ids", params.ids), single("after", params.after)],
  success: Schema.parseJson(GetFormTemplatesResponse),
  items: (page) => page.data
})

const methods = {
  /** One page of form templates (`GET /preview/form-templates`). */
  getFormTemplates: call(getFormTemplates),
  /** Every matching template, fetched as the stream is pulled. */
  streamFormTemplates: stream(getFormTemplates)
}

/**
 * The form-template operations.
 *
 * @since 0.1.0
 * @category tags
 */
export class Forms extends Tag<Forms, Forms.Service>()("Forms", methods) {}

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
