import { z } from 'zod'
import { CustomerKeyKindSchema } from './customer.schema.js'

/** Customers' rights over their data: export, erasure, retention. Browser-safe (zod only). */

const EpochMs = z.number().int().min(0)
const Rows = z.array(z.record(z.string(), z.unknown()))

/** Everything Manyi holds about one customer (the data subject's copy: values in full). */
export const CustomerDataExportSchema = z.object({
  exportedAt: EpochMs,
  customer: z.object({
    id: z.string(),
    unitId: z.string().nullable(),
    source: z.string(),
    createdAt: EpochMs,
    /** Customers merged into this one (their records are this customer's now). */
    mergedIds: z.array(z.string()),
    keys: z.array(
      z.object({
        kind: CustomerKeyKindSchema,
        value: z.string(),
        source: z.string(),
        createdAt: EpochMs,
      }),
    ),
  }),
  /** What the customer did, by record (ids, times, scores and sentiment without personal values). */
  records: Rows,
  transactions: Rows,
  events: Rows,
  answers: Rows,
  feedback: Rows,
  cases: Rows,
  contacts: Rows,
  textCorrections: Rows,
  /** The points ledger: every entry, with its note. */
  loyalty: Rows,
  /** Service orders' events that name one of the customer's account, member or external numbers. */
  serviceEvents: Rows,
  /** Proactive notices sent or queued to the customer. */
  notices: Rows,
  /** Appointments booked with one of the customer's phone numbers or e-mail addresses. */
  appointments: Rows,
})
export type CustomerDataExport = z.infer<typeof CustomerDataExportSchema>

/** The erasure asks for the customer's id again, so a slip of the hand erases nothing. */
export const EraseInputSchema = z.object({ confirmId: z.string().min(1).max(100) }).strict()

export const ErasureReportSchema = z.object({
  customerId: z.string(),
  erasedAt: EpochMs,
  /** How many of each were erased (keys deleted, records rewritten without personal values). */
  erased: z.object({
    keys: z.number().int(),
    answers: z.number().int(),
    feedback: z.number().int(),
    cases: z.number().int(),
    contacts: z.number().int(),
    textCorrections: z.number().int(),
    /** Points ledger entries whose note was cleared. */
    loyalty: z.number().int(),
    /** Service events whose customer reference was cleared. */
    serviceEvents: z.number().int(),
    /** Notice messages whose address was cleared (a queued one is not sent). */
    notices: z.number().int(),
    /** Bookings emptied of name and addresses. */
    appointments: z.number().int(),
  }),
  /** Kept without personal values: records and transactions still count in every total. */
  kept: z.object({ records: z.number().int(), transactions: z.number().int() }),
})
export type ErasureReport = z.infer<typeof ErasureReportSchema>

/**
 * Types of personal data with a retention period: `customers` erases a customer (as by request)
 * once nothing of theirs happened for that long; the others erase the personal parts of records of
 * that type older than the period (answers' typed words and contact details, complainants' contact
 * details and words, contact-list entries).
 */
export const RETENTION_TYPES = ['customers', 'answers', 'feedback', 'contacts'] as const
export const RetentionTypeSchema = z.enum(RETENTION_TYPES)
export type RetentionType = z.infer<typeof RetentionTypeSchema>

export const RetentionPolicySchema = z.object({
  policies: z.array(
    z.object({
      dataType: RetentionTypeSchema,
      /** Kept this many days (30 days to 30 years). */
      days: z.number().int().min(30).max(10_950),
      updatedAt: EpochMs.optional(),
    }),
  ),
})
export type RetentionPolicy = z.infer<typeof RetentionPolicySchema>

export const RetentionInputSchema = z
  .object({
    policies: z
      .array(
        z
          .object({ dataType: RetentionTypeSchema, days: z.number().int().min(30).max(10_950) })
          .strict(),
      )
      .max(RETENTION_TYPES.length)
      .refine((p) => new Set(p.map((x) => x.dataType)).size === p.length, {
        message: 'each data type once',
      }),
  })
  .strict()
