import { z } from 'zod'

/** The customer master, its page and transactions: requests and responses. Browser-safe (zod only). */

/** Identity keys: phone, e-mail, member number, account number (户号), external reference, WeChat openid. */
export const CUSTOMER_KEY_KINDS = [
  'phone',
  'email',
  'member',
  'account',
  'external',
  'openid',
] as const
export const CustomerKeyKindSchema = z.enum(CUSTOMER_KEY_KINDS)
export type CustomerKeyKind = z.infer<typeof CustomerKeyKindSchema>

const EpochMs = z.number().int().min(0)

export const CustomerKeyInputSchema = z
  .object({ kind: CustomerKeyKindSchema, value: z.string().trim().min(1).max(200) })
  .strict()

export const CustomerInputSchema = z
  .object({
    keys: z.array(CustomerKeyInputSchema).min(1).max(20),
    unitId: z.string().min(1).nullable().optional(),
  })
  .strict()

/** Search by any key's value: every kind the value can be is tried (or just `kind`). */
export const CustomerSearchQuerySchema = z.object({
  q: z.string().trim().min(1).max(200),
  kind: CustomerKeyKindSchema.optional(),
})

export const CustomerKeySchema = z.object({
  id: z.string(),
  kind: CustomerKeyKindSchema,
  /** In full for readers with personal-data:read, masked for others. */
  value: z.string(),
  source: z.string(),
  createdAt: EpochMs,
})
export type CustomerKey = z.infer<typeof CustomerKeySchema>

export const CustomerRecordSchema = z.object({
  id: z.string(),
  unitId: z.string().nullable(),
  source: z.string(),
  /** The customer this one was merged into, if it was. */
  mergedInto: z.string().nullable(),
  createdAt: EpochMs,
  keys: z.array(CustomerKeySchema),
})
export type CustomerRecord = z.infer<typeof CustomerRecordSchema>

export const CustomerSearchResultSchema = z.object({
  customers: z.array(CustomerRecordSchema),
})

/** Facts kept with a timeline entry: no personal values. */
export const LinkFactsSchema = z
  .object({
    surveyId: z.string().optional(),
    nps: z.number().nullable().optional(),
    csat: z.number().nullable().optional(),
    channel: z.string().optional(),
    sentiment: z.enum(['positive', 'neutral', 'negative']).nullable().optional(),
    caseNumber: z.string().optional(),
    status: z.string().optional(),
    /** Cases: granted or approved money compensation, in cents (points are not money). */
    compensation: z.number().nullable().optional(),
    /** Cases: granted or approved points compensation, in points. */
    compensationPoints: z.number().optional(),
    /** Answers: the survey's title now, in both languages (read for the page, never stored). */
    surveyTitle: z.object({ 'zh-CN': z.string(), 'en-US': z.string().optional() }).optional(),
    /** Invitations: when sent, opened, started and completed (null: not yet). */
    funnel: z
      .object({
        sentAt: EpochMs.nullable(),
        openedAt: EpochMs.nullable(),
        startedAt: EpochMs.nullable(),
        completedAt: EpochMs.nullable(),
      })
      .optional(),
  })
  .strict()
export type LinkFacts = z.infer<typeof LinkFactsSchema>

export const LINK_KINDS = ['answer', 'feedback', 'case', 'invitation'] as const
export type LinkKind = (typeof LINK_KINDS)[number]

export const TimelineEntrySchema = z.object({
  kind: z.enum([...LINK_KINDS, 'transaction']),
  /** The record's id (an answer, feedback record, case, invitation or transaction). */
  id: z.string(),
  at: EpochMs,
  unitId: z.string().nullable(),
  facts: LinkFactsSchema,
  /** Transactions: amount (negative = refund), type, channel and the source system's id. */
  amount: z.number().optional(),
  isRefund: z.boolean().optional(),
  type: z.string().optional(),
  externalId: z.string().optional(),
})
export type TimelineEntry = z.infer<typeof TimelineEntrySchema>

export const CustomerEventSchema = z.object({
  id: z.string(),
  type: z.enum(['merged', 'unmerged', 'conflict', 'erased']),
  customerId: z.string(),
  otherCustomerId: z.string().nullable(),
  rule: z.string().nullable(),
  actorId: z.string(),
  undone: z.boolean(),
  createdAt: EpochMs,
})
export type CustomerEvent = z.infer<typeof CustomerEventSchema>

export const CustomerPageSchema = z.object({
  customer: CustomerRecordSchema,
  summary: z.object({
    /** The latest answer's scores, if any. */
    satisfaction: z
      .object({ nps: z.number().nullable(), csat: z.number().nullable(), at: EpochMs })
      .nullable(),
    lastContactAt: EpochMs.nullable(),
    openCases: z.number().int(),
    answers: z.number().int(),
    transactions: z.number().int(),
    /** Sum of amounts, refunds included (negative). */
    spend: z.number(),
    refunds: z.number().int(),
  }),
  timeline: z.array(TimelineEntrySchema),
  events: z.array(CustomerEventSchema),
})
export type CustomerPage = z.infer<typeof CustomerPageSchema>

export const MergeInputSchema = z.object({ sourceId: z.string().min(1) }).strict()
export const UnmergeInputSchema = z.object({ eventId: z.string().min(1) }).strict()

export const MergeResultSchema = z.object({
  event: CustomerEventSchema,
  customer: CustomerRecordSchema,
})

/** What to do with a transaction whose customer key matches no customer. */
export const UnknownCustomersSchema = z.enum(['create', 'refuse'])
export const ImportModeSchema = z.enum(['all-or-nothing', 'skip-invalid'])

export const TransactionInputSchema = z
  .object({
    /** The source system's transaction id: importing it again adds nothing. */
    id: z.string().trim().min(1).max(200),
    customerKind: CustomerKeyKindSchema,
    customerKey: z.string().trim().min(1).max(200),
    /** ISO 8601 time or epoch milliseconds. */
    at: z.union([z.string().min(1).max(40), EpochMs]),
    amount: z.number().finite(),
    unitId: z.string().min(1).nullable().optional(),
    channel: z.string().trim().max(50).nullable().optional(),
    type: z.string().trim().min(1).max(50).default('order'),
  })
  .strict()
export type TransactionInput = z.input<typeof TransactionInputSchema>

export const TransactionRowsBodySchema = z
  .object({
    rows: z.array(z.unknown()).min(1).max(10_000),
    unknownCustomers: UnknownCustomersSchema.default('create'),
    mode: ImportModeSchema.default('all-or-nothing'),
  })
  .strict()

/** File columns of a transaction import (the column names; defaults shown). */
export const TransactionColumnsSchema = z
  .object({
    id: z.string().optional(),
    customer: z.string().default('customer'),
    at: z.string().default('date'),
    amount: z.string().default('amount'),
    unit: z.string().optional(),
    channel: z.string().optional(),
    type: z.string().optional(),
  })
  .strict()

export const TransactionFileBodySchema = z
  .object({
    file: z.object({
      name: z.string().regex(/\.(csv|xlsx)$/i, 'must end in .csv or .xlsx'),
      contentBase64: z.string().min(1),
    }),
    /** The kind of key the customer column holds. */
    customerKind: CustomerKeyKindSchema.default('account'),
    columns: TransactionColumnsSchema.default({
      customer: 'customer',
      at: 'date',
      amount: 'amount',
    }),
    unknownCustomers: UnknownCustomersSchema.default('create'),
    mode: ImportModeSchema.default('all-or-nothing'),
  })
  .strict()

export const TransactionReportSchema = z.object({
  mode: ImportModeSchema,
  rows: z.number().int(),
  imported: z.number().int(),
  /** Rows whose transaction id was imported before. */
  duplicates: z.number().int(),
  invalid: z.number().int(),
  refunds: z.number().int(),
  createdCustomers: z.number().int(),
  issues: z.array(
    z.object({
      row: z.number().int(),
      column: z.string(),
      code: z.string(),
      reason: z.string(),
    }),
  ),
})
export type TransactionReport = z.infer<typeof TransactionReportSchema>
