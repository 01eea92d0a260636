import { z } from 'zod'
import { DetailSchema, IsoTimeSchema } from '../shared/wire-schema.js'

/** Browser-safe: the audit log as GET /api/v1/audit answers with it (the admin app's audit page reads it). */

export const AuditRecordSchema = z.object({
  id: z.string(),
  /** user, token, system or public. */
  actorType: z.string(),
  actorId: z.string(),
  /** e.g. survey.publish. */
  action: z.string(),
  entity: z.string(),
  entityId: z.string(),
  detail: DetailSchema,
  createdAt: IsoTimeSchema,
})
export type AuditRecordView = z.infer<typeof AuditRecordSchema>

export const AuditPageSchema = z.object({
  entries: z.array(AuditRecordSchema),
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: z.string().nullable(),
})
