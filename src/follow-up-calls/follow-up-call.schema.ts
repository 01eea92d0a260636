import { z } from 'zod'
import { AnswerValueSchema } from '../surveys/response-submission.schema.js'

/** Telephone follow-up (95598 回访, issue 20): requests and responses (browser-safe). */

export const CALL_OUTCOMES = ['reached', 'no_answer', 'refused', 'call_back'] as const
export type CallOutcome = (typeof CALL_OUTCOMES)[number]

/** open: never tried; call_back: the customer asked for a time; retry: not answered, tried again. */
export const CALL_STATUSES = [
  'open',
  'call_back',
  'retry',
  'done',
  'refused',
  'unreachable',
] as const
export type CallStatus = (typeof CALL_STATUSES)[number]
export const CLOSED_CALL_STATUSES: readonly CallStatus[] = ['done', 'refused', 'unreachable']

const IsoTime = z.string()

export const FollowUpCallSettingsInputSchema = z
  .object({
    /** The published survey agents ask on the phone; null: none. */
    surveyId: z.string().min(1).max(100).nullable(),
    /** A call not answered is due again this many hours later. */
    retryAfterHours: z.number().int().min(1).max(720),
    /** After this many attempts without reaching the customer the call is given up. */
    maxAttempts: z.number().int().min(1).max(10),
  })
  .strict()

export const FollowUpCallSettingsSchema = z.object({
  surveyId: z.string().nullable(),
  retryAfterHours: z.number(),
  maxAttempts: z.number(),
})
export type FollowUpCallSettings = z.infer<typeof FollowUpCallSettingsSchema>

export const FollowUpCallSchema = z.object({
  id: z.string(),
  caseId: z.string(),
  caseNumber: z.string(),
  /** Empty when the answer behind the case is withheld (src/cases/case-withheld.ts). */
  caseTitle: z.string(),
  /** The case was opened from an answer to a survey that is anonymous now: no title, no customer. */
  answerWithheld: z.boolean(),
  customerRef: z.string().nullable(),
  agentId: z.string().nullable(),
  status: z.enum(CALL_STATUSES),
  dueAt: IsoTime,
  /** Due now (a call-back or retry later than now is listed under `later`). */
  due: z.boolean(),
  attempts: z.number(),
  responseId: z.string().nullable(),
})
export type FollowUpCall = z.infer<typeof FollowUpCallSchema>

export const FollowUpCallListSchema = z.object({
  /** The caller's calls due now, the earliest first. */
  due: z.array(FollowUpCallSchema),
  /** The caller's calls due later (call-backs, retries). */
  later: z.array(FollowUpCallSchema),
})

export const CallAttemptSchema = z.object({
  id: z.string(),
  agentId: z.string(),
  outcome: z.enum(CALL_OUTCOMES),
  callBackAt: IsoTime.nullable(),
  note: z.string().nullable(),
  responseId: z.string().nullable(),
  at: IsoTime,
})
export type CallAttempt = z.infer<typeof CallAttemptSchema>

const LocalText = z.record(z.string(), z.string())

/** The call screen: the call, the customer, the script and the survey's questions, the history. */
export const FollowUpCallConsoleSchema = z.object({
  call: FollowUpCallSchema,
  customer: z.object({
    name: z.string().nullable(),
    phone: z.string().nullable(),
    /** Name and phone are masked: the reader lacks personal-data:read. */
    masked: z.boolean(),
  }),
  /** Active reply scripts fitting the case (the agent's words), with the survey's questions. */
  scripts: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      bodyZh: z.string(),
      bodyEn: z.string().nullable(),
    }),
  ),
  survey: z
    .object({
      id: z.string(),
      title: LocalText,
      questions: z.array(z.record(z.string(), z.unknown())),
    })
    .nullable(),
  attempts: z.array(CallAttemptSchema),
})
export type FollowUpCallConsole = z.infer<typeof FollowUpCallConsoleSchema>

export const CallAttemptInputSchema = z
  .object({
    outcome: z.enum(CALL_OUTCOMES),
    /** call_back: when the customer asked to be called (ISO time, later than now). */
    callBackAt: z.string().datetime({ offset: true }).optional(),
    note: z.string().trim().max(2000).optional(),
    /** reached: the survey's answers as the customer gave them. */
    answers: z.record(z.string(), AnswerValueSchema).optional(),
  })
  .strict()
export type CallAttemptInput = z.infer<typeof CallAttemptInputSchema>

export const CallAttemptResultSchema = z.object({
  call: FollowUpCallSchema,
  attempts: z.array(CallAttemptSchema),
  /** reached: whether the customer is satisfied, from the answer (null: the survey asks neither CSAT nor NPS). */
  satisfied: z.boolean().nullable(),
})
