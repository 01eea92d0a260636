import { z } from 'zod'
import { DetailSchema, IsoTimeSchema } from '../shared/wire-schema.js'

/** Browser-safe: the audit log as GET /api/v1/audit answers with it (the admin app's audit page reads it). */

export const AuditRecordSchema = z.object({
  id: z.string(),
  /** Place in the organisation's hash chain, from 1. */
  seq: z.number().int(),
  /** user, token, system or public. */
  actorType: z.string(),
  actorId: z.string(),
  /**
   * The member's display name when the actor is one of the organisation's members (the auditor
   * may not list users, yet must see who acted); absent otherwise.
   */
  actorName: z.string().optional(),
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

/** GET /api/v1/audit/verify: whether the organisation's chain is whole, and where it first breaks. */
export const AuditVerificationSchema = z.object({
  ok: z.boolean(),
  /** Entries checked (those the retention policy kept). */
  checked: z.number().int(),
  /** The chain starts after this seq (the last entry purged by retention; 0 when none was). */
  anchorSeq: z.number().int(),
  /** The newest entry's seq. */
  headSeq: z.number().int(),
  /** The first broken link; null when the chain is whole. */
  broken: z
    .object({
      /** The entry where the chain breaks (the seq expected there when it is missing). */
      seq: z.number().int(),
      /** That entry's id; null when it is missing. */
      id: z.string().nullable(),
      /** hash: the entry is not what was written; link: it does not follow the entry before;
       * missing: an entry is gone; head: entries after it are gone. */
      reason: z.enum(['hash', 'link', 'missing', 'head']),
    })
    .nullable(),
})
export type AuditVerification = z.infer<typeof AuditVerificationSchema>

/** The organisation's audit retention policy (GET/PUT /api/v1/audit/policy). */
export const AuditPolicySchema = z.object({
  /** Days an entry is kept before the retention job removes it: at least 180 (等保 2.0: six months). */
  auditRetentionDays: z.number().int(),
})
export const AuditPolicyBodySchema = z.object({
  auditRetentionDays: z.number().int().min(180).max(36_500),
})
