/**
 * `getFormTemplates` on Samsara's current API (`GET /form-templates`): the request the official SDK sends (ids as
 * repeated keys), its wire-test template decoded with the GA additions (formCategory, section ids, table columns,
 * conditional actions), an optional description, and the 100-id cap checked before sending.
 */
import { assert, describe, it } from "@effect/vitest"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import {
  FormFieldDefinition,
  Forms,
  FormsAction,
  FormsApprovalConfig,
  FormsCondition,
  FormsConditionalAction,
  FormsSelectOption,
  FormsSingleApprovalConfig,
  FormsTableFieldDefinition,
  FormsUser,
  FormTemplate,
  FormTemplateSection,
  GetFormTemplatesResponse
} from "../src/ga/Forms.js"
import { Pagination } from "../src/Pagination.js"
import { describeGaOperation, formTemplate, formTemplatesBody, host, runScripted } from "./support/gaFixtures.js"
import { json } from "./support/scriptedHttp.js"

const hundredAndOne = Array.from({ length: 101 }, (_, index) => `f-${index}`)
const lastPage = { endCursor: "", hasNextPage: false }

const option = FormsSelectOption.make({
  id: "e879028d-bce5-0238-ffec-11cd9236bcda",
  ignoreQuestionFromScoreIfSelected: false,
  label: "Yes",
  optionScoreWeight: 5
})
const roleIds = ["23d4d8d3-dc10-4e7a-a183-69968751f23e"]
const fieldId = "9814a1fa-f0c6-408b-bf85-51dc3bc71ac7"
const driver = FormsUser.make({ id: "938172", type: "driver" })

const sdkTemplate = FormTemplate.make({
  approvalConfig: FormsApprovalConfig.make({
    singleApprovalConfig: FormsSingleApprovalConfig.make({
      allowManualApproverSelection: true,
      requirements: { roleIds }
    }),
    type: "singleApproval"
  }),
  createdAtTime: DateTime.unsafeMake("2019-06-13T19:08:25Z"),
  createdBy: driver,
  description: "This is a form template description.",
  fields: [
    FormFieldDefinition.make({
      allowManualEntry: true,
      allowedAssetTypes: ["vehicle", "trailer"],
      autofillFromId: fieldId,
      columns: [
        FormsTableFieldDefinition.make({
          allowManualEntry: true,
          filterByRoleIds: roleIds,
          id: fieldId,
          includeDrivers: true,
          includeUsers: true,
          label: "Engine Hours",
          numDecimalPlaces: 2,
          options: [option],
          type: "number"
        })
      ],
      filterByRoleIds: roleIds,
      id: fieldId,
      includeDrivers: true,
      includeUsers: true,
      isAutofillSource: true,
      isRequired: true,
      label: "Engine Hours",
      numDecimalPlaces: 2,
      options: [option],
      questionWeight: 5,
      type: "number"
    })
  ],
  formCategory: "general",
  id: "9814a1fa-f0c6-408b-bf85-51dc3bc71ac7",
  revisionId: "1214a1fa-f0c6-408b-bf85-51dc3bc71ac7",
  sections: [
    FormTemplateSection.make({
      fieldIndexFirstInclusive: 0,
      fieldIndexLastInclusive: 9,
      id: "dbab5bc8-e41c-4b52-bfa5-fd2c7e809b00",
      label: "Engine Hours"
    })
  ],
  title: "Form Template Title",
  updatedAtTime: DateTime.unsafeMake("2019-06-13T19:08:25Z"),
  updatedBy: driver
})

/** A GA template as Samsara may send it: no description, a conditional action, values not in the SDK's enums. */
const grownTemplate = {
  createdAtTime: "2024-03-01T08:00:00.250+01:00",
  createdBy: { id: "u-1", type: "serviceAccount" },
  fields: [
    {
      id: "q-1",
      isRequired: false,
      label: "Damage?",
      type: "multiple_choice",
      options: [{ id: "o-1", label: "Yes" }],
      conditionalActions: [{
        condition: { type: "multipleChoiceValueCondition", selectedOptionIds: ["o-1"] },
        actions: [{ type: "showSection", sectionId: "s-2" }, { type: "notifyManager" }]
      }]
    },
    { id: "q-2", isRequired: true, label: "Scan", type: "qrCode", allowedAssetTypes: ["vehicle", "drone"] }
  ],
  formCategory: "maintenance",
  id: "t-2",
  revisionId: "r-2",
  sections: [{ fieldIndexFirstInclusive: 0, fieldIndexLastInclusive: 1, id: "s-1", label: "Checks", color: "red" }],
  title: "Damage report",
  updatedAtTime: "2024-03-01T07:00:00Z",
  updatedBy: { id: "u-1", type: "user" },
  description: null,
  legalText: "preview-only field, now ignored"
}

describeGaOperation(Forms.layer, {
  operation: "getFormTemplates",
  scope: "Read Form Submissions",
  spacing: 210,
  call: (options) =>
    Effect.flatMap(Forms, (forms) => forms.getFormTemplates({ ids: ["f-1", "f,2"], after: "MjkY" }, options)),
  // Repeated keys, as the SDK's qs.ts writes a `string[]` (forms Client.ts:727-730, 747).
  request: { method: "GET", url: `${host}/form-templates?ids=f-1&ids=f%2C2&after=MjkY` },
  reply: json(formTemplatesBody),
  expected: GetFormTemplatesResponse.make({
    data: [sdkTemplate],
    pagination: Pagination.make({ endCursor: "MjkY", hasNextPage: true })
  }),
  tolerated: {
    reply: json({ data: [grownTemplate], pagination: lastPage }),
    expected: GetFormTemplatesResponse.make({
      data: [
        FormTemplate.make({
          createdAtTime: DateTime.unsafeMake("2024-03-01T07:00:00.250Z"),
          createdBy: FormsUser.make({ id: "u-1", type: "serviceAccount" }),
          fields: [
            FormFieldDefinition.make({
              id: "q-1",
              isRequired: false,
              label: "Damage?",
              type: "multiple_choice",
              options: [FormsSelectOption.make({ id: "o-1", label: "Yes" })],
              conditionalActions: [
                FormsConditionalAction.make({
                  condition: FormsCondition.make({ type: "multipleChoiceValueCondition", selectedOptionIds: ["o-1"] }),
                  actions: [
                    FormsAction.make({ type: "showSection", sectionId: "s-2" }),
                    FormsAction.make({ type: "notifyManager" })
                  ]
                })
              ]
            }),
            FormFieldDefinition.make({
              id: "q-2",
              isRequired: true,
              label: "Scan",
              type: "qrCode",
              allowedAssetTypes: ["vehicle", "drone"]
            })
          ],
          formCategory: "maintenance",
          id: "t-2",
          revisionId: "r-2",
          sections: [
            FormTemplateSection.make({
              fieldIndexFirstInclusive: 0,
              fieldIndexLastInclusive: 1,
              id: "s-1",
              label: "Checks"
            })
          ],
          title: "Damage report",
          updatedAtTime: DateTime.unsafeMake("2024-03-01T07:00:00Z"),
          updatedBy: FormsUser.make({ id: "u-1", type: "user" }),
          description: undefined
        })
      ],
      pagination: Pagination.make(lastPage)
    })
  },
  stream: {
    run: Effect.flatMap(Forms, (forms) => Stream.runCollect(forms.streamFormTemplates())).pipe(
      Effect.map((items) => Array.from(items))
    ),
    pages: [json(formTemplatesBody), json({ data: [grownTemplate, formTemplate], pagination: lastPage })],
    urls: [`${host}/form-templates`, `${host}/form-templates?after=MjkY`],
    items: 3
  },
  invalid: [
    ["101 ids", Effect.flatMap(Forms, (forms) => forms.getFormTemplates({ ids: hundredAndOne })), "ids"],
    ["an empty id", Effect.flatMap(Forms, (forms) => forms.getFormTemplates({ ids: ["f-1", ""] })), "ids.1"],
    ["an empty cursor", Effect.flatMap(Forms, (forms) => forms.getFormTemplates({ after: "" })), "after"]
  ]
})

describe("GA form templates", () => {
  it.effect("refuses a section without its id, which the GA API always sends", () =>
    Effect.gen(function*() {
      const body = {
        data: [{
          ...formTemplate,
          sections: [{ fieldIndexFirstInclusive: 0, fieldIndexLastInclusive: 9, label: "A" }]
        }],
        pagination: lastPage
      }
      const { result } = yield* runScripted(
        Forms.layer,
        Effect.flatMap(Forms, (forms) => forms.getFormTemplates()),
        () => json(body)
      )
      assert(result._tag === "Left" && result.left._tag === "DecodeError")
    }))
})
