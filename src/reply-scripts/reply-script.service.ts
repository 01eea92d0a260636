import { wilsonInterval } from '../analytics/proportion-interval.js'
import { requirePermission } from '../auth/permission.service.js'
import { getCase } from '../cases/case-query.service.js'
import { caseRecoveries } from '../cases/case-recovery.service.js'
import type { Scope } from '../db/scope.js'
import { findOrganisation } from '../organisations/organisation.service.js'
import { NotFoundError } from '../shared/errors.js'
import { newId } from '../shared/ids.js'
import { parseInput } from '../shared/validation.js'
import { fillReplyScript } from './reply-script-fill.js'

/** For other domains that show a script filled in (the phone follow-up's call screen). */
export { fillReplyScript }
import {
  findReplyScriptRow,
  insertReplyScriptRow,
  insertReplyScriptUse,
  listReplyScriptRows,
  type ReplyScriptRow,
  replyScriptUseRows,
  updateReplyScriptRow,
} from './reply-script.repository.js'
import {
  type ReplyScript,
  ReplyScriptInputSchema,
  ReplyScriptListQuerySchema,
  ReplyScriptUseInputSchema,
} from './reply-script.schema.js'

/**
 * The script library (话术, issue 19): reply and apology templates per cause and channel in
 * Chinese and English with variables, filled in for a case's reply box; each use is recorded, so
 * the library shows how often each was used and the recovery rate of the resolved cases where it
 * was (resolved and not followed up as unsatisfied, as the churn model reads recovery), with a
 * Wilson 95% interval. Scripts are organisation-wide, like case settings.
 */

const RESOLVED = new Set(['resolved', 'closed'])
const FALLBACK: Record<'zh-CN' | 'en-US', Record<string, string>> = {
  'zh-CN': { customerName: '客户', caseNumber: '', deadline: '' },
  'en-US': { customerName: 'customer', caseNumber: '', deadline: '' },
}

function scriptNotFound(id: string): NotFoundError {
  return new NotFoundError('REPLY_SCRIPT_NOT_FOUND', `No reply script ${id}.`, [], { id })
}

type Stats = Pick<ReplyScript, 'uses' | 'recovery'>

function toReplyScript(row: ReplyScriptRow, stats: Stats): ReplyScript {
  return {
    id: row.id,
    kind: row.kind as ReplyScript['kind'],
    cause: row.cause,
    channel: row.channel,
    title: row.title,
    bodyZh: row.body_zh,
    bodyEn: row.body_en,
    active: row.active === 1,
    ...stats,
    createdAt: new Date(Number(row.created_at)).toISOString(),
    updatedAt: new Date(Number(row.updated_at)).toISOString(),
  }
}

/** Uses and recovery per script, from the recorded uses and the cases' current outcomes. */
async function statsOfScripts(scope: Scope): Promise<Map<string, Stats>> {
  const uses = await replyScriptUseRows(scope.db, scope.orgId)
  const recoveries = await caseRecoveries(scope.db, scope.orgId, [
    ...new Set(uses.map((u) => u.caseId)),
  ])
  const stats = new Map<string, { uses: number; n: number; recovered: number }>()
  for (const use of uses) {
    const entry = stats.get(use.scriptId) ?? { uses: 0, n: 0, recovered: 0 }
    entry.uses += use.uses
    const outcome = recoveries.get(use.caseId)
    if (outcome && RESOLVED.has(outcome.status)) {
      entry.n += 1
      if (outcome.recovered) entry.recovered += 1
    }
    stats.set(use.scriptId, entry)
  }
  return new Map(
    [...stats].map(([id, s]) => [
      id,
      {
        uses: s.uses,
        recovery: {
          n: s.n,
          recovered: s.recovered,
          rate: s.n > 0 ? s.recovered / s.n : null,
          ci95: wilsonInterval(s.recovered, s.n),
        },
      },
    ]),
  )
}

const NO_STATS: Stats = { uses: 0, recovery: { n: 0, recovered: 0, rate: null, ci95: null } }

/** The library; with `caseId`, the active scripts fitting that case's cause and channel. */
export async function listReplyScripts(scope: Scope, input: unknown): Promise<ReplyScript[]> {
  requirePermission(scope.actor, 'cases:read')
  const query = parseInput(ReplyScriptListQuerySchema, input)
  const fitting = query.caseId ? await getCase(scope, query.caseId) : null
  const [rows, stats] = await Promise.all([
    listReplyScriptRows(scope.db, scope.orgId),
    statsOfScripts(scope),
  ])
  return rows
    .filter(
      (row) =>
        !fitting ||
        (row.active === 1 &&
          (row.cause === null || row.cause === fitting.cause) &&
          (row.channel === null || row.channel === fitting.channel)),
    )
    .map((row) => toReplyScript(row, stats.get(row.id) ?? NO_STATS))
}

function rowValues(input: ReturnType<typeof ReplyScriptInputSchema.parse>, now: number) {
  return {
    kind: input.kind,
    cause: input.cause ?? null,
    channel: input.channel ?? null,
    title: input.title,
    body_zh: input.bodyZh,
    body_en: input.bodyEn ?? null,
    active: input.active ? 1 : 0,
    updated_at: now,
  }
}

export async function createReplyScript(scope: Scope, input: unknown): Promise<ReplyScript> {
  requirePermission(scope.actor, 'cases:configure')
  const parsed = parseInput(ReplyScriptInputSchema, input)
  const row: ReplyScriptRow = {
    id: `rsc_${newId(scope.now)}`,
    org_id: scope.orgId,
    created_at: scope.now,
    ...rowValues(parsed, scope.now),
  }
  await insertReplyScriptRow(scope.db, row)
  return toReplyScript(row, NO_STATS)
}

/** Replaces a script's words and fit (its uses stay counted under it). */
export async function updateReplyScript(
  scope: Scope,
  id: string,
  input: unknown,
): Promise<ReplyScript> {
  requirePermission(scope.actor, 'cases:configure')
  const parsed = parseInput(ReplyScriptInputSchema, input)
  const existing = await findReplyScriptRow(scope.db, scope.orgId, id)
  if (!existing) throw scriptNotFound(id)
  await updateReplyScriptRow(scope.db, scope.orgId, id, rowValues(parsed, scope.now))
  const row = (await findReplyScriptRow(scope.db, scope.orgId, id))!
  return toReplyScript(row, (await statsOfScripts(scope)).get(id) ?? NO_STATS)
}

/**
 * Fills an active script in for a case the caller works on (CASE_NOT_FOUND outside their units)
 * and records the use: the customer's name (a neutral word when the caller may not see it), the
 * case number and its resolution deadline in the organisation's time zone.
 */
export async function useReplyScript(scope: Scope, id: string, input: unknown) {
  requirePermission(scope.actor, 'cases:work')
  const parsed = parseInput(ReplyScriptUseInputSchema, input)
  const row = await findReplyScriptRow(scope.db, scope.orgId, id)
  if (row?.active !== 1) throw scriptNotFound(id)
  const detail = await getCase(scope, parsed.caseId)
  const timeZone = (await findOrganisation(scope))?.timezone ?? 'Asia/Shanghai'
  const deadline = new Intl.DateTimeFormat(parsed.locale, {
    timeZone,
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(new Date(detail.resolutionDue))
  const body = parsed.locale === 'en-US' && row.body_en ? row.body_en : row.body_zh
  const text = fillReplyScript(
    body,
    {
      customerName: detail.feedback.personalDataMasked ? null : detail.feedback.customerName,
      caseNumber: detail.number,
      deadline,
    },
    FALLBACK[parsed.locale],
  )
  await insertReplyScriptUse(scope.db, {
    id: `rsu_${newId(scope.now)}`,
    orgId: scope.orgId,
    scriptId: id,
    caseId: detail.id,
    usedBy: scope.actor.id,
    at: scope.now,
  })
  return { scriptId: id, caseId: detail.id, text }
}
