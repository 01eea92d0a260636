import { z } from 'zod'
import type { Db } from '../db/database.js'
import type { AuditLogTable } from './audit.table.js'
import type { Scope } from '../db/scope.js'
import { ValidationError } from '../shared/errors.js'
import { newId } from '../shared/ids.js'
import { startOfLocalDate } from '../shared/timezone.js'
import { parseInput } from '../shared/validation.js'

export interface AuditEntry {
  action: string
  entity: string
  entityId: string
  detail?: Record<string, unknown>
}

/** Record one write. Call inside the write's own transaction so both land or neither does. */
export async function recordAudit(
  db: Db,
  scope: Pick<Scope, 'orgId' | 'actor' | 'now'>,
  entry: AuditEntry,
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      id: newId(),
      org_id: scope.orgId,
      actor_type: scope.actor.type,
      actor_id: scope.actor.id,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId,
      detail: JSON.stringify(entry.detail ?? {}),
      created_at: scope.now,
    })
    .execute()
}

export interface AuditRecord {
  id: string
  actorType: string
  actorId: string
  action: string
  entity: string
  entityId: string
  detail: Record<string, unknown>
  createdAt: string
}

/** One stored row as the API shows it. */
function auditRecordOf(row: AuditLogTable): AuditRecord {
  return {
    id: row.id,
    actorType: row.actor_type,
    actorId: row.actor_id,
    action: row.action,
    entity: row.entity,
    entityId: row.entity_id,
    detail: JSON.parse(row.detail) as Record<string, unknown>,
    createdAt: new Date(Number(row.created_at)).toISOString(),
  }
}

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')
/** An action name, or a family of them: `survey.*` is every action starting with `survey.`. */
const ActionFilter = z
  .string()
  .regex(
    /^[a-z_]+(\.[a-z_]+)*(\.\*)?$/,
    'an action such as survey.publish, or a family such as survey.*',
  )

export const AuditQuerySchema = z
  .object({
    /** Entries per page, newest first. */
    limit: z.coerce.number().int().min(1).max(500).default(100),
    /** `nextCursor` of the previous page: the entries after it (older). */
    cursor: z.string().max(200).optional(),
    /** Comma-separated actions or families (`survey.*`). */
    action: z.string().max(500).optional(),
    /** Local dates in the organisation's time zone, both included. */
    from: IsoDate.optional(),
    to: IsoDate.optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: 'must not be before from',
    path: ['to'],
  })

export interface AuditPage {
  entries: AuditRecord[]
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null
}

const encodeCursor = (createdAt: number, id: string) =>
  Buffer.from(`${createdAt}|${id}`).toString('base64url')

function decodeCursor(cursor: string): { createdAt: number; id: string } {
  const match = /^(\d{1,16})\|([0-9A-Za-z-]{1,64})$/.exec(
    Buffer.from(cursor, 'base64url').toString('utf8'),
  )
  if (!match)
    throw new ValidationError('VALIDATION_FAILED', 'The cursor is not valid.', [
      {
        path: 'cursor',
        reason: 'not a cursor this API returned',
        allowed: 'nextCursor of the previous page',
      },
    ])
  return { createdAt: Number(match[1]), id: match[2]! }
}

/**
 * One page of the audit log, newest first, with keyset paging (created_at, id),
 * so a page costs the same at entry 100 as at entry 1,000,000 and entries
 * written meanwhile never shift a page.
 */
export async function pageAudit(scope: Scope, query: unknown): Promise<AuditPage> {
  const q = parseInput(AuditQuerySchema, query ?? {}, 'audit query')
  let select = scope.db.selectFrom('audit_log').selectAll().where('org_id', '=', scope.orgId)
  if (q.from || q.to) {
    const org = await scope.db
      .selectFrom('organisations')
      .select('timezone')
      .where('id', '=', scope.orgId)
      .executeTakeFirstOrThrow()
    if (q.from) select = select.where('created_at', '>=', startOfLocalDate(q.from, org.timezone))
    if (q.to)
      select = select.where('created_at', '<', startOfLocalDate(q.to, org.timezone) + 86_400_000)
  }
  if (q.action) {
    const filters = q.action
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean)
    filters.forEach((f, i) => {
      const checked = ActionFilter.safeParse(f)
      if (!checked.success)
        throw new ValidationError('VALIDATION_FAILED', 'The action filter is not valid.', [
          { path: `action.${i}`, reason: checked.error.issues[0]!.message },
        ])
    })
    // A family as a range ("survey." up to "survey/", the next character), so "_" is never a LIKE wildcard.
    select = select.where((eb) =>
      eb.or(
        filters.map((f) =>
          f.endsWith('.*')
            ? eb.and([eb('action', '>=', f.slice(0, -1)), eb('action', '<', `${f.slice(0, -2)}/`)])
            : eb('action', '=', f),
        ),
      ),
    )
  }
  if (q.cursor) {
    const after = decodeCursor(q.cursor)
    select = select.where((eb) =>
      eb.or([
        eb('created_at', '<', after.createdAt),
        eb.and([eb('created_at', '=', after.createdAt), eb('id', '<', after.id)]),
      ]),
    )
  }
  const rows = await select
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(q.limit + 1)
    .execute()
  const page = rows.slice(0, q.limit)
  const last = page.at(-1)
  return {
    entries: page.map(auditRecordOf),
    nextCursor:
      rows.length > q.limit && last ? encodeCursor(Number(last.created_at), last.id) : null,
  }
}
