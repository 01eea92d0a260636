import { z } from 'zod'
import {
  CustomerKeyKindSchema,
  ImportModeSchema,
  TransactionColumnsSchema,
  TransactionReportSchema,
  UnknownCustomersSchema,
} from './customer.schema.js'

/** Browser-safe (zod only): the admin app reads these types. */

export const TRANSACTION_IMPORT_STATUSES = [
  'reading',
  'checking',
  'writing',
  'done',
  'failed',
] as const
export type TransactionImportStatus = (typeof TRANSACTION_IMPORT_STATUSES)[number]

/** A transaction file's import options (sent as JSON in the upload's `options` query parameter). */
export const TransactionImportOptionsSchema = z
  .object({
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

export const TransactionImportJobQuerySchema = z.object({
  file: z.string().regex(/\.(csv|xlsx)$/i, 'must end in .csv or .xlsx'),
  /** TransactionImportOptions as JSON. */
  options: z.string().max(20_000).optional(),
})

export const TransactionImportJobSchema = z.object({
  id: z.string(),
  file: z.string(),
  status: z.enum(TRANSACTION_IMPORT_STATUSES),
  done: z.number().int(),
  total: z.number().int(),
  report: TransactionReportSchema.nullable(),
  error: z
    .object({ code: z.string(), message: z.string(), details: z.array(z.unknown()) })
    .nullable(),
})
