import { z } from 'zod'
import type { Db } from '../db/database.js'
import type { Scope } from '../db/scope.js'
import { ValidationError } from '../shared/errors.js'
import { startOfLocalDate } from '../shared/timezone.js'
import { parseInput } from '../shared/validation.js'
import { organisationTimezone } from '../organisations/organisation.service.js'
import {
  insertAuditRow,
  listAuditRows,
  type AuditRow,
  type AuditRowQuery,
} from './audit.repository.js'
import { withoutPersonalValues } from './audit-detail.js'

export interface AuditEntry {
  action: string
  entity: string
  entityId: string
  detail?: Record<string, unknown>
}

/**
 * Record one write. Call inside the write's own transaction so both land or neither does. The
 * entry joins its organisation's hash chain; personal values in `detail` are never stored
 * (audit-detail.ts): record ids instead.
 */
export async function recordAudit(
  db: Db,
  scope: Pick<Scope, 'orgId' | 'actor' | 'now'>,
  entry: AuditEntry,
): Promise<void> {
  await insertAuditRow(db, {
    orgId: scope.orgId,
    actorType: scope.actor.type,
    actorId: scope.actor.id,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId,
    detail: withoutPersonalValues(entry.detail ?? {}),
    createdAt: scope.now,
  })
}

export interface AuditRecord {
  id: string
  /** Place in the organisation's hash chain. */
  seq: number
  actorType: string
  actorId: string
  action: string
  entity: string
  entityId: string
  detail: Record<string, unknown>
  createdAt: string
}

/** One stored row as the API shows it. */
export function auditRecordOf(row: AuditRow): AuditRecord {
  return {
    id: row.id,
    seq: row.seq,
    actorType: row.actorType,
    actorId: row.actorId,
    action: row.action,
    entity: row.entity,
    entityId: row.entityId,
    detail: row.detail,
    createdAt: new Date(row.createdAt).toISOString(),
  }
}

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')
/** An action name, or a family of them: `survey.*` is every action starting with `survey.`. */
const ActionFilter = z
  .string()
  .regex(
    /^[a-z_-]+(\.[a-z_-]+)*(\.\*)?$/,
    'an action such as survey.publish, or a family such as survey.*',
  )

/** The search's filters, shared by the page (AuditQuerySchema) and the export. */
export const AuditFilterSchema = z.object({
  /** Comma-separated actions or families (`survey.*`). */
  action: z.string().max(500).optional(),
  /** Local dates in the organisation's time zone, both included. */
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  /** Who acted: a user's, token's or job's id. */
  actor: z.string().trim().min(1).max(100).optional(),
  /** The object's type (survey, case, user …) and id. */
  entity: z.string().trim().min(1).max(50).optional(),
  entityId: z.string().trim().min(1).max(100).optional(),
  /** Text found in the action, object type or object id (case-insensitive). */
  q: z.string().trim().min(1).max(100).optional(),
})

/** from ≤ to, as a refinement of any schema with the filters. */
export const datesInOrder = {
  check: (q: { from?: string | undefined; to?: string | undefined }) =>
    !q.from || !q.to || q.from <= q.to,
  params: { message: 'must not be before from', path: ['to'] },
}

export const AuditQuerySchema = AuditFilterSchema.extend({
  /** Entries per page, newest first. */
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** `nextCursor` of the previous page: the entries after it (older). */
  cursor: z.string().max(200).optional(),
}).refine(datesInOrder.check, datesInOrder.params)

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
  const rowQuery: AuditRowQuery = { ...(await auditFilters(scope, q)), limit: q.limit + 1 }
  if (q.cursor) rowQuery.before = decodeCursor(q.cursor)
  const rows = await listAuditRows(scope.db, scope.orgId, rowQuery)
  const page = rows.slice(0, q.limit)
  const last = page.at(-1)
  return {
    entries: page.map(auditRecordOf),
    nextCursor: rows.length > q.limit && last ? encodeCursor(last.createdAt, last.id) : null,
  }
}

export type AuditFilterQuery = z.infer<typeof AuditFilterSchema>

/** The query's filters as the repository takes them (local dates to instants, action families). */
export async function auditFilters(
  scope: Scope,
  q: AuditFilterQuery,
): Promise<Omit<AuditRowQuery, 'limit'>> {
  const rowQuery: Omit<AuditRowQuery, 'limit'> = {}
  if (q.from || q.to) {
    const timezone = await organisationTimezone(scope)
    if (q.from) rowQuery.from = startOfLocalDate(q.from, timezone)
    if (q.to) rowQuery.to = startOfLocalDate(q.to, timezone) + 86_400_000
  }
  if (q.action) rowQuery.actions = actionFilters(q.action)
  if (q.actor) rowQuery.actorId = q.actor
  if (q.entity) rowQuery.entity = q.entity
  if (q.entityId) rowQuery.entityId = q.entityId
  if (q.q) rowQuery.text = q.q
  return rowQuery
}

function actionFilters(action: string): NonNullable<AuditRowQuery['actions']> {
  const filters = action
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
  return filters.map((f) => (f.endsWith('.*') ? { family: f.slice(0, -1) } : { exact: f }))
}
