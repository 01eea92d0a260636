import { z } from 'zod'
import { IsoTimeSchema, LabelSchema } from '../shared/wire-schema.js'

// What the case page shows around a case: the clock its deadlines are kept on, where the customer
// came from and who they are, and — for a case opened from a survey — everything they answered.
// Browser-safe: the admin app's types come from here.

const BothLanguagesSchema = z.object({ 'zh-CN': z.string(), 'en-US': z.string() })

export const CaseAnswerSchema = z.object({
  responseId: z.string(),
  surveyId: z.string(),
  surveyTitle: LabelSchema,
  submittedAt: IsoTimeSchema,
  channel: z.string(),
  /** Every question answered, in the survey's order, the answer in words (both languages). */
  items: z.array(
    z.object({
      key: z.string(),
      type: z.string(),
      title: LabelSchema,
      text: BothLanguagesSchema,
    }),
  ),
  /** The link's hidden fields stored with the answer (store, account …), by name. */
  hiddenFields: z.array(z.object({ field: z.string(), value: z.string() })),
})
export type CaseAnswer = z.infer<typeof CaseAnswerSchema>

export const CaseContextSchema = z.object({
  /** The IANA zone of the business calendar: deadlines are kept, and promised to customers, on its clocks. */
  timeZone: z.string(),
  /** How times on those clocks are labelled: 北京时间 / UTC+8. */
  timeZoneLabel: BothLanguagesSchema,
  /** The unit or store the feedback came from (complaint form, survey link, import). */
  store: z.string().nullable(),
  /** The customer's reference in the organisation's systems (customer id, 户号). */
  customerRef: z.string().nullable(),
  /** The survey answer the case was opened from; null for other channels (or if it was deleted). */
  answer: CaseAnswerSchema.nullable(),
  /** The customer's answer to the follow-up survey (回访) sent when the case was resolved, once given. */
  followUpAnswer: CaseAnswerSchema.nullable(),
  /**
   * True when the answer (or the follow-up answer) is not shown because its survey has been made
   * anonymous since the case was opened: it could name who answered (issue 19).
   */
  answerWithheld: z.boolean(),
})
export type CaseContext = z.infer<typeof CaseContextSchema>
