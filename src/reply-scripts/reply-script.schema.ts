import { z } from 'zod'

/** The script library (话术, issue 19): requests and responses (browser-safe). */

export const REPLY_SCRIPT_VARIABLES = ['customerName', 'caseNumber', 'deadline'] as const

const Body = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(4000)
  .refine(
    (text) =>
      [...text.matchAll(/\{(\w+)\}/g)].every((m) =>
        (REPLY_SCRIPT_VARIABLES as readonly string[]).includes(m[1]!),
      ),
    { message: `variables must be among {${REPLY_SCRIPT_VARIABLES.join('}, {')}}` },
  )

export const ReplyScriptInputSchema = z
  .object({
    kind: z.enum(['reply', 'apology']),
    /** The case cause it is for; null or absent = any cause. */
    cause: z.string().trim().min(1).max(100).nullish(),
    /** The channel it is for; null or absent = any channel. */
    channel: z.string().trim().min(1).max(40).nullish(),
    title: z.string().trim().min(1).max(200),
    bodyZh: Body,
    bodyEn: Body.nullish(),
    active: z.boolean().default(true),
  })
  .strict()
export type ReplyScriptInput = z.input<typeof ReplyScriptInputSchema>

export const ReplyScriptSchema = z.object({
  id: z.string(),
  kind: z.enum(['reply', 'apology']),
  cause: z.string().nullable(),
  channel: z.string().nullable(),
  title: z.string(),
  bodyZh: z.string(),
  bodyEn: z.string().nullable(),
  active: z.boolean(),
  /** Times filled into a case reply. */
  uses: z.number(),
  /** Resolved cases where it was used, and the share of them recovered, with a Wilson interval. */
  recovery: z.object({
    n: z.number(),
    recovered: z.number(),
    rate: z.number().nullable(),
    ci95: z.tuple([z.number(), z.number()]).nullable(),
  }),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type ReplyScript = z.infer<typeof ReplyScriptSchema>

export const ReplyScriptListQuerySchema = z
  .object({
    /** Only scripts fitting this case's cause and channel (and those for any), active ones. */
    caseId: z.string().min(1).max(100).optional(),
  })
  .strict()

export const ReplyScriptListSchema = z.object({ scripts: z.array(ReplyScriptSchema) })

export const ReplyScriptUseInputSchema = z
  .object({
    caseId: z.string().min(1).max(100),
    locale: z.enum(['zh-CN', 'en-US']).default('zh-CN'),
  })
  .strict()

export const ReplyScriptFilledSchema = z.object({
  scriptId: z.string(),
  caseId: z.string(),
  /** The script with its variables filled in, for the reply box. */
  text: z.string(),
})
