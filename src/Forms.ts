/**
 * Form templates: the organisation's form definitions, their fields, sections and approval settings
 * (`getFormTemplates`).
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import { execute, paginate, type PaginatedOperation } from "./internal/operation.js"
import { csv, single } from "./internal/query.js"
import { perSecond } from "./internal/rateLimit.js"
import { After, Ids, optionalParam, type Params } from "./internal/requestFields.js"
import { decodeJson, OpenEnum, optional } from "./internal/responseFields.js"
import { Pagination } from "./Pagination.js"
import { SamsaraClient } from "./SamsaraClient.js"
import type { RepeatedCursor, SamsaraError } from "./SamsaraError.js"

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

const getFormTemplates: PaginatedOperation<
  typeof GetFormTemplatesParams.Type,
  typeof GetFormTemplatesParams.Encoded,
  GetFormTemplatesResponse,
  FormTemplate
> = {
  id: "getFormTemplates",
  method: "GET",
  path: "/preview/form-templates",
  scope: "Read Preview",
  params: GetFormTemplatesParams,
  query: (params) => [csv("ids", params.ids), single("after", params.after)],
  decodeSuccess: decodeJson(GetFormTemplatesResponse),
  idempotent: true,
  rateLimit: perSecond(5),
  items: (page) => page.data
}

const make: Effect.Effect<Forms.Service, never, SamsaraClient> = Effect.map(SamsaraClient, (client) => {
  const get = execute(getFormTemplates, client)
  const stream = paginate(getFormTemplates, client)
  return {
    getFormTemplates: (params = {}, options) => get(params, options),
    streamFormTemplates: (params = {}, options) => stream(params, options)
  }
})

/**
 * The form-template operations.
 *
 * @since 0.1.0
 * @category tags
 */
export class Forms extends Context.Tag("effect-samsara/Forms")<Forms, Forms.Service>() {
  /**
   * The service's methods, bound to the `SamsaraClient` in context.
   *
   * @since 0.1.0
   * @category constructors
   */
  static readonly make = make

  /**
   * The service built on the `SamsaraClient` in context.
   *
   * @since 0.1.0
   * @category layers
   */
  static readonly layer: Layer.Layer<Forms, never, SamsaraClient> = Layer.effect(this, make)
}

/**
 * @since 0.1.0
 */
export declare namespace Forms {
  /**
   * @since 0.1.0
   * @category models
   */
  export interface Service {
    /** One page of form templates (`GET /preview/form-templates`). */
    readonly getFormTemplates: (
      params?: GetFormTemplatesParams,
      options?: SamsaraClient.CallOptions
    ) => Effect.Effect<GetFormTemplatesResponse, SamsaraError>
    /** Every matching template, fetched as the stream is pulled. */
    readonly streamFormTemplates: (
      params?: GetFormTemplatesParams,
      options?: SamsaraClient.CallOptions
    ) => Stream.Stream<FormTemplate, SamsaraError | RepeatedCursor>
  }
}
