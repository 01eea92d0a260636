import type { Insertable, Selectable } from 'kysely'
import { requirePermission } from '../auth/roles.js'
import { recordAudit } from '../audit/audit.service.js'
import { loadCaseConfig, type CaseConfig } from '../cases/case-config.js'
import { openCase } from '../cases/case-opening.js'
import { caseOpeningFor } from '../cases/case-rules.js'
import type { Db } from '../db/database.js'
import { retryOnUniqueViolation } from '../db/unique-violation.js'
import type { Actor, Scope } from '../db/scope.js'
import { NotFoundError } from '../shared/errors.js'
import { newId } from '../shared/ids.js'
import { parseInput } from '../shared/validation.js'
import { analyzeText, type TextAnalysis } from '../text/text-analysis.js'
import { loadTextConfig } from '../text/text-config.js'
import { checkAttachment, type CheckedAttachment } from './attachments.js'
import { FeedbackInputSchema, type Feedback } from './feedback.schema.js'
import type { FeedbackTable } from './feedback.table.js'

export interface StoredFeedback {
  feedback: Feedback
  caseId: string | null
  /** False when the same external id (or survey response) was stored before. */
  created: boolean
}

type NewFeedback = Omit<Insertable<FeedbackTable>, 'id' | 'created_at'>

export interface FeedbackToStore {
  values: NewFeedback
  attachments: CheckedAttachment[]
  /** Survey answers, for configured case conditions. */
  answers?: Record<string, unknown>
}

/**
 * Store feedback records and, when a rule says so, open their cases — all in
 * one transaction, so feedback that should have a case never lacks one (and
 * a batch from the intake costs one commit, not one per answer). Idempotent
 * per (channel, external id) and per survey response. Returns each record's
 * id, its case, and whether it was new.
 */
export async function storeFeedbackBatch(
  db: Db,
  items: readonly FeedbackToStore[],
  actor: Pick<Actor, 'type' | 'id'>,
  now: number,
): Promise<Array<{ id: string; caseId: string | null; created: boolean }>> {
  const prepared: PreparedFeedback[] = []
  for (const item of items) {
    const config = await loadCaseConfig(db, item.values.org_id, now)
    const textConfig = await loadTextConfig(db, item.values.org_id, now)
    prepared.push({ ...item, config, analysis: analyzeText(item.values.text, textConfig) })
  }
  return retryOnUniqueViolation(() =>
    db.transaction().execute((trx) => storePrepared(trx, prepared, actor, now)),
  )
}

type PreparedFeedback = FeedbackToStore & { config: CaseConfig; analysis: TextAnalysis }
type StoreResult = { id: string; caseId: string | null; created: boolean }

/**
 * A few queries per batch, not per record: one lookup of the records already
 * stored, one multi-row insert of the new ones; then attachments and cases.
 */
async function storePrepared(
  trx: Db,
  prepared: readonly PreparedFeedback[],
  actor: Pick<Actor, 'type' | 'id'>,
  now: number,
): Promise<StoreResult[]> {
  const existing = await findExisting(
    trx,
    prepared.map((p) => p.values),
  )
  const results: Array<StoreResult | null> = []
  const fresh: Array<{ index: number; row: Selectable<FeedbackTable>; item: PreparedFeedback }> = []
  const takenHere = new Map<string, number>()
  for (const [index, item] of prepared.entries()) {
    const key = identityOf(item.values)
    const earlier = key === null ? undefined : (existing.get(key) ?? takenHere.get(key))
    if (typeof earlier === 'string') {
      results.push({ id: earlier, caseId: null, created: false })
      continue
    }
    if (typeof earlier === 'number') {
      // The same record twice in one batch: the second is a repeat of the first.
      results.push(null)
      continue
    }
    // Analysed on the way in, so new feedback shows its sentiment and topics at once.
    const row: Selectable<FeedbackTable> = {
      ...(item.values as Selectable<FeedbackTable>),
      id: newId(now),
      created_at: now,
      ...analysisColumns(item.analysis, now),
    }
    if (key !== null) takenHere.set(key, index)
    fresh.push({ index, row, item })
    results.push({ id: row.id, caseId: null, created: true })
  }
  for (let i = 0; i < fresh.length; i += INSERT_CHUNK)
    await trx
      .insertInto('feedback')
      .values(fresh.slice(i, i + INSERT_CHUNK).map((f) => f.row))
      .execute()
  for (const { index, row, item } of fresh) {
    for (const a of item.attachments) {
      await trx
        .insertInto('feedback_attachments')
        .values({
          id: newId(now),
          org_id: row.org_id,
          feedback_id: row.id,
          filename: a.filename,
          content_type: a.contentType,
          size: a.data.length,
          data: a.data,
          created_at: now,
        })
        .execute()
    }
    const opening = caseOpeningFor(
      {
        kind: row.kind,
        nps: row.nps,
        csat: row.csat,
        ...(item.answers ? { answers: item.answers } : {}),
      },
      item.config.rules,
    )
    if (opening)
      results[index] = {
        id: row.id,
        caseId: await openCase(trx, row, opening, item.config, actor, now),
        created: true,
      }
  }
  const earlierIds = results.flatMap((r) => (r && !r.created ? [r.id] : []))
  const casesOfEarlier =
    earlierIds.length === 0 ? new Map<string, string>() : await casesByFeedback(trx, earlierIds)
  return results.map((result, index) => {
    if (result === null)
      return { ...results[takenHere.get(identityOf(prepared[index]!.values)!)!]!, created: false }
    return result.created ? result : { ...result, caseId: casesOfEarlier.get(result.id) ?? null }
  })
}

/** Rows per insert: well under both stores' parameter limits for feedback's columns. */
const INSERT_CHUNK = 200

/** What makes a record the same as one stored before: its survey response, or its channel's external id. */
function identityOf(values: NewFeedback): string | null {
  if (values.response_id) return `r|${values.response_id}`
  if (values.external_id) return `e|${values.org_id}|${values.channel}|${values.external_id}`
  return null
}

/** The ids of records already stored, by identityOf. */
async function findExisting(db: Db, values: readonly NewFeedback[]): Promise<Map<string, string>> {
  const found = new Map<string, string>()
  const responseIds = [...new Set(values.flatMap((v) => (v.response_id ? [v.response_id] : [])))]
  if (responseIds.length > 0) {
    const rows = await db
      .selectFrom('feedback')
      .select(['id', 'response_id'])
      .where('response_id', 'in', responseIds)
      .execute()
    for (const row of rows) found.set(`r|${row.response_id}`, row.id)
  }
  const external = values.filter((v) => !v.response_id && v.external_id)
  for (const [group, members] of groupBy(external, (v) => `${v.org_id}|${v.channel}`)) {
    const [orgId, channel] = [members[0]!.org_id, members[0]!.channel]
    const rows = await db
      .selectFrom('feedback')
      .select(['id', 'external_id'])
      .where('org_id', '=', orgId)
      .where('channel', '=', channel)
      .where('external_id', 'in', [...new Set(members.map((m) => m.external_id!))])
      .execute()
    for (const row of rows) found.set(`e|${group}|${row.external_id}`, row.id)
  }
  return found
}

async function casesByFeedback(db: Db, feedbackIds: string[]): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('cases')
    .select(['id', 'feedback_id'])
    .where('feedback_id', 'in', feedbackIds)
    .execute()
  return new Map(rows.map((r) => [r.feedback_id, r.id]))
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item])
  return groups
}

/** Store one feedback record (see storeFeedbackBatch) and return it as the API shows it. */
export async function storeFeedback(
  db: Db,
  values: NewFeedback,
  attachments: CheckedAttachment[],
  actor: Pick<Actor, 'type' | 'id'>,
  now: number,
  answers?: Record<string, unknown>,
): Promise<StoredFeedback> {
  const [result] = await storeFeedbackBatch(
    db,
    [{ values, attachments, ...(answers ? { answers } : {}) }],
    actor,
    now,
  )
  return {
    feedback: await feedbackById(db, values.org_id, result!.id),
    caseId: result!.caseId,
    created: result!.created,
  }
}

export function analysisColumns(analysis: TextAnalysis, now: number) {
  return {
    language: analysis.language,
    sentiment: analysis.sentiment,
    sentiment_score: analysis.score,
    topics: analysis.topics.join(','),
    aspects: JSON.stringify(analysis.aspects),
    analysed_at: now,
  }
}

/** Feedback sent through the API, or noted by an agent. */
export async function createFeedback(scope: Scope, input: unknown): Promise<StoredFeedback> {
  requirePermission(scope.actor, 'feedback:write')
  const parsed = parseInput(FeedbackInputSchema, input, 'feedback')
  const attachments = parsed.attachments.map((a, i) =>
    checkAttachment(i, a.filename, a.contentBase64),
  )
  const stored = await storeFeedback(
    scope.db,
    {
      org_id: scope.orgId,
      channel: parsed.channel,
      kind: parsed.kind,
      customer_ref: parsed.customer.ref ?? null,
      customer_name: parsed.customer.name ?? null,
      customer_email: parsed.customer.email?.toLowerCase() ?? null,
      customer_phone: parsed.customer.phone ?? null,
      text: parsed.text,
      rating: parsed.rating ?? null,
      nps: null,
      csat: parsed.rating ?? null,
      store: parsed.store ?? null,
      department: parsed.department ?? null,
      survey_id: null,
      response_id: null,
      external_id: parsed.externalId ?? null,
      created_by: `${scope.actor.type}:${scope.actor.id}`,
      received_at: parsed.receivedAt ? Date.parse(parsed.receivedAt) : scope.now,
    },
    attachments,
    scope.actor,
    scope.now,
  )
  if (stored.created)
    await recordAudit(scope.db, scope, {
      action: 'feedback.create',
      entity: 'feedback',
      entityId: stored.feedback.id,
      detail: { channel: parsed.channel, kind: parsed.kind, caseId: stored.caseId },
    })
  return stored
}

export async function feedbackById(db: Db, orgId: string, id: string): Promise<Feedback> {
  const row = await db
    .selectFrom('feedback')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
  if (!row)
    throw new NotFoundError('FEEDBACK_NOT_FOUND', `No feedback ${id}.`, [
      { path: 'id', reason: 'unknown feedback' },
    ])
  const attachments = await db
    .selectFrom('feedback_attachments')
    .select(['id', 'filename', 'content_type', 'size'])
    .where('feedback_id', '=', id)
    .execute()
  return {
    id: row.id,
    channel: row.channel,
    kind: row.kind,
    text: row.text,
    customer: {
      ref: row.customer_ref,
      name: row.customer_name,
      email: row.customer_email,
      phone: row.customer_phone,
    },
    rating: row.rating,
    nps: row.nps,
    csat: row.csat,
    store: row.store,
    department: row.department,
    surveyId: row.survey_id,
    responseId: row.response_id,
    receivedAt: new Date(Number(row.received_at)).toISOString(),
    attachments: attachments.map((a) => ({
      id: a.id,
      filename: a.filename,
      contentType: a.content_type,
      size: a.size,
    })),
    analysis:
      row.analysed_at === null
        ? null
        : {
            language: row.language,
            sentiment: row.sentiment,
            score: row.sentiment_score,
            topics: row.topics ? row.topics.split(',') : [],
            aspects: row.aspects ? JSON.parse(row.aspects) : [],
          },
  }
}

export async function getFeedback(scope: Scope, id: string): Promise<Feedback> {
  requirePermission(scope.actor, 'cases:read')
  return feedbackById(scope.db, scope.orgId, id)
}

/** An attachment's bytes, for download (served as an attachment, never inline). */
export async function getAttachment(
  scope: Scope,
  id: string,
): Promise<{ filename: string; contentType: string; data: Buffer }> {
  requirePermission(scope.actor, 'cases:read')
  const row = await scope.db
    .selectFrom('feedback_attachments')
    .select(['feedback_id', 'filename', 'content_type', 'data'])
    .where('org_id', '=', scope.orgId)
    .where('id', '=', id)
    .executeTakeFirst()
  if (!row)
    throw new NotFoundError('ATTACHMENT_NOT_FOUND', `No attachment ${id}.`, [
      { path: 'id', reason: 'unknown attachment' },
    ])
  // Ids only: a file name can carry a customer's name.
  await recordAudit(scope.db, scope, {
    action: 'attachment.download',
    entity: 'attachment',
    entityId: id,
    detail: { feedbackId: row.feedback_id },
  })
  return { filename: row.filename, contentType: row.content_type, data: Buffer.from(row.data) }
}
