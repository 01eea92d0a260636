import { z } from 'zod'
import { requirePermission } from '../auth/roles.js'
import { recordAudit } from '../audit/audit.service.js'
import type { Scope } from '../db/scope.js'
import { ValidationError } from '../shared/errors.js'
import { startOfLocalDate } from '../shared/timezone.js'
import { parseInput } from '../shared/validation.js'
import { analyzeText, type TextAnalysis } from './text-analysis.js'
import {
  forgetTextConfig,
  loadTextConfig,
  TextConfigSchema,
  type TextConfig,
} from './text-config.js'

const AnalyzeInputSchema = z.object({ text: z.string().max(200_000, 'at most 200,000 characters') })

/** Analyse one text with the organisation's taxonomy (the "try it" box, integrations). */
export async function analyzeOneText(scope: Scope, input: unknown): Promise<TextAnalysis> {
  requirePermission(scope.actor, 'surveys:read')
  const { text } = parseInput(AnalyzeInputSchema, input, 'text')
  const config = await loadTextConfig(scope.db, scope.orgId, scope.now)
  return analyzeText(text, config)
}

export async function getTextConfig(scope: Scope): Promise<TextConfig> {
  requirePermission(scope.actor, 'surveys:read')
  return loadTextConfig(scope.db, scope.orgId, scope.now)
}

/** Replace the taxonomy and dictionary words; all feedback is analysed again in the background. */
export async function updateTextConfig(scope: Scope, input: unknown): Promise<TextConfig> {
  requirePermission(scope.actor, 'cases:configure')
  const config = parseInput(TextConfigSchema, input, 'text configuration')
  const keys = config.topics.map((t) => t.key)
  const duplicate = keys.find((k, i) => keys.indexOf(k) !== i)
  if (duplicate)
    throw new ValidationError('VALIDATION_FAILED', `Topic key "${duplicate}" is used twice.`, [
      { path: `topics.${keys.lastIndexOf(duplicate)}.key`, reason: 'duplicate topic key' },
    ])
  await scope.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('text_configs')
      .values({ org_id: scope.orgId, config: JSON.stringify(config), updated_at: scope.now })
      .onConflict((oc) =>
        oc.column('org_id').doUpdateSet({ config: JSON.stringify(config), updated_at: scope.now }),
      )
      .execute()
    await trx
      .updateTable('feedback')
      .set({ analysed_at: null })
      .where('org_id', '=', scope.orgId)
      .execute()
    await recordAudit(trx, scope, {
      action: 'text_config.update',
      entity: 'organisation',
      entityId: scope.orgId,
      detail: { topics: keys.length, userWords: config.userWords.length },
    })
  })
  forgetTextConfig(scope.orgId)
  return config
}

export const FeedbackListQuerySchema = z.object({
  from: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  to: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  topic: z.string().optional(),
  sentiment: z.enum(['positive', 'neutral', 'negative']).optional(),
  channel: z.string().optional(),
  store: z.string().optional(),
  keyword: z.string().max(50).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
})

/** Feedback behind a chart: by period, topic, sentiment, channel or keyword. */
export async function listFeedback(scope: Scope, input: unknown) {
  requirePermission(scope.actor, 'cases:read')
  const q = parseInput(FeedbackListQuerySchema, input ?? {}, 'query')
  const org = await scope.db
    .selectFrom('organisations')
    .select('timezone')
    .where('id', '=', scope.orgId)
    .executeTakeFirstOrThrow()
  let query = scope.db
    .selectFrom('feedback')
    .select([
      'id',
      'channel',
      'kind',
      'text',
      'sentiment',
      'sentiment_score',
      'topics',
      'language',
      'store',
      'received_at',
    ])
    .where('org_id', '=', scope.orgId)
    .where('text', '<>', '—')
  if (q.from) query = query.where('received_at', '>=', startOfLocalDate(q.from, org.timezone))
  if (q.to)
    query = query.where('received_at', '<', startOfLocalDate(q.to, org.timezone) + 86_400_000)
  if (q.sentiment) query = query.where('sentiment', '=', q.sentiment)
  if (q.channel) query = query.where('channel', '=', q.channel)
  if (q.store) query = query.where('store', '=', q.store)
  // Topic and keyword are matched here, over the most recent 5,000 rows of the window.
  const rows = await query
    .orderBy('received_at', 'desc')
    .limit(q.topic || q.keyword ? 5000 : q.limit)
    .execute()
  return rows
    .filter((r) => !q.topic || (r.topics ?? '').split(',').includes(q.topic))
    .filter((r) => !q.keyword || r.text.toLowerCase().includes(q.keyword.toLowerCase()))
    .slice(0, q.limit)
    .map((r) => ({
      id: r.id,
      channel: r.channel,
      kind: r.kind,
      text: r.text,
      sentiment: r.sentiment,
      score: r.sentiment_score,
      topics: r.topics ? r.topics.split(',') : [],
      language: r.language,
      store: r.store,
      receivedAt: new Date(Number(r.received_at)).toISOString(),
    }))
}

export async function listAlerts(scope: Scope) {
  requirePermission(scope.actor, 'cases:read')
  const rows = await scope.db
    .selectFrom('alerts')
    .selectAll()
    .where('org_id', '=', scope.orgId)
    .orderBy('created_at', 'desc')
    .limit(100)
    .execute()
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    key: r.key,
    title: r.title,
    detail: JSON.parse(r.detail) as Record<string, unknown>,
    createdAt: new Date(Number(r.created_at)).toISOString(),
  }))
}
