import { createHash } from 'node:crypto'
import { recordAudit } from '../audit/audit.service.js'
import { requirePermission } from '../auth/permission.service.js'
import type { Scope } from '../db/scope.js'
import { safeFilename, sniffUpload } from '../responses/response-upload.service.js'
import {
  NotFoundError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../shared/errors.js'
import { newId } from '../shared/ids.js'
import { parseInput } from '../shared/validation.js'
import {
  deleteAttachment,
  findAttachment,
  insertAttachment,
} from './action-plan-attachment.repository.js'
import {
  AttachmentInputSchema,
  PLAN_ATTACHMENT_MAX_BYTES,
  type PlanAttachment,
} from './action-plan.schema.js'
import { loadPlan } from './action-plan.service.js'

/**
 * Files attached to an action plan (a photo of the counter before and after, the new procedure as
 * a PDF): checked as answers' uploads are — at most 10 MB (413 UPLOAD_TOO_LARGE), an image or a
 * PDF told by its first bytes, never by its name or claimed type (415 UPLOAD_KIND_NOT_ALLOWED) —
 * stored in the database with their SHA-256, downloaded only as attachments, audited.
 */

const PLAN_KINDS = new Set(['image', 'pdf'])

/** Attaches a file to a plan the actor may see (whoever works on plans). */
export async function attachToPlan(
  scope: Scope,
  planId: string,
  input: unknown,
): Promise<PlanAttachment> {
  requirePermission(scope.actor, 'plans:work')
  const body = parseInput(AttachmentInputSchema, input, 'attachment')
  await loadPlan(scope, planId)
  const data = Buffer.from(body.contentBase64, 'base64')
  if (data.length === 0)
    throw new ValidationError('VALIDATION_FAILED', 'The file is empty.', [
      { path: 'contentBase64', reason: 'the file is empty' },
    ])
  if (data.length > PLAN_ATTACHMENT_MAX_BYTES)
    throw new PayloadTooLargeError(
      'UPLOAD_TOO_LARGE',
      `The file is ${data.length} bytes; a plan takes at most ${PLAN_ATTACHMENT_MAX_BYTES}.`,
      [
        {
          path: 'contentBase64',
          reason: `the file is ${data.length} bytes`,
          allowed: `at most ${PLAN_ATTACHMENT_MAX_BYTES}`,
        },
      ],
    )
  const sniffed = sniffUpload(data)
  if (!sniffed || !PLAN_KINDS.has(sniffed.kind))
    throw new UnsupportedMediaTypeError(
      'UPLOAD_KIND_NOT_ALLOWED',
      'This kind of file is not allowed here.',
      [
        {
          path: 'contentBase64',
          reason: sniffed
            ? `the file is ${sniffed.contentType}`
            : 'the file is none of the kinds a plan takes',
          allowed: 'PNG, JPEG, GIF, WebP, HEIC, PDF',
        },
      ],
    )
  const row = {
    id: newId(scope.now),
    org_id: scope.orgId,
    plan_id: planId,
    filename: safeFilename(body.filename, sniffed),
    content_type: sniffed.contentType,
    size: data.length,
    sha256: createHash('sha256').update(data).digest('hex'),
    data,
    uploaded_by: scope.actor.id,
    created_at: scope.now,
  }
  await scope.db.transaction().execute(async (trx) => {
    await insertAttachment(trx, row)
    await recordAudit(trx, scope, {
      action: 'plan.attach',
      entity: 'action_plan',
      entityId: planId,
      detail: { attachmentId: row.id, contentType: row.content_type, size: row.size },
    })
  })
  return {
    id: row.id,
    filename: row.filename,
    contentType: row.content_type,
    size: row.size,
    sha256: row.sha256,
    uploadedBy: row.uploaded_by,
    createdAt: row.created_at,
  }
}

async function existingAttachment(scope: Scope, planId: string, id: string) {
  await loadPlan(scope, planId)
  const file = await findAttachment(scope.db, scope.orgId, planId, id)
  if (!file)
    throw new NotFoundError('PLAN_ATTACHMENT_NOT_FOUND', `No attachment ${id} on this plan.`, [
      { path: 'attachmentId', reason: 'unknown attachment' },
    ])
  return file
}

/** An attachment's bytes, to download (audited). */
export async function downloadPlanAttachment(
  scope: Scope,
  planId: string,
  id: string,
): Promise<{ filename: string; contentType: string; data: Buffer }> {
  requirePermission(scope.actor, 'responses:read')
  const file = await existingAttachment(scope, planId, id)
  await recordAudit(scope.db, scope, {
    action: 'plan.attachment_download',
    entity: 'action_plan',
    entityId: planId,
    detail: { attachmentId: id },
  })
  return { filename: file.filename, contentType: file.content_type, data: file.data }
}

/** Removes an attachment: its uploader, or whoever may write plans. */
export async function removePlanAttachment(
  scope: Scope,
  planId: string,
  id: string,
): Promise<void> {
  requirePermission(scope.actor, 'plans:work')
  const file = await existingAttachment(scope, planId, id)
  if (file.uploaded_by !== scope.actor.id) requirePermission(scope.actor, 'plans:write')
  await scope.db.transaction().execute(async (trx) => {
    await deleteAttachment(trx, scope.orgId, planId, id)
    await recordAudit(trx, scope, {
      action: 'plan.detach',
      entity: 'action_plan',
      entityId: planId,
      detail: { attachmentId: id, filename: file.filename },
    })
  })
}
