import { z } from 'zod'
import { requirePermission } from '../auth/permission.service.js'
import { recordAudit } from '../audit/audit.service.js'
import { recordsWithinUnits, type Scope } from '../db/scope.js'
import { listAnalysedFeedback } from '../feedback/feedback-insights.service.js'
import { reanalyseAllFeedback } from '../feedback/feedback-lookup.service.js'
import { organisationTimezone } from '../organisations/organisation.service.js'
import { ValidationError } from '../shared/errors.js'
import { startOfLocalDate } from '../shared/timezone.js'
import { parseInput } from '../shared/validation.js'
import { noWakeJobs, type WakeJobs } from '../shared/wake-jobs.js'
import { analyzeText, type TextAnalysis } from './text-analysis.js'
import {
  loadTextConfig,
  TextConfigSchema,
  type TextConfig,
  type TextConfigCache,
} from './text-config.js'
import { latestAlerts, saveTextConfigJson } from './text.repository.js'
import { correctionsFor } from './text-corrections.repository.js'

const AnalyzeInputSchema = z.object({ text: z.string().max(200_000, 'at most 200,000 characters') })

/**
 * Analyse one text with the organisation's taxonomy (the "try it" box, integrations). `cache`: the
 * app's text settings (deps.caches.textConfigs).
 */
export async function analyzeOneText(
  scope: Scope,
  input: unknown,
  cache?: TextConfigCache,
): Promise<TextAnalysis> {
  requirePermission(scope.actor, 'surveys:read')
  const { text } = parseInput(AnalyzeInputSchema, input, 'text')
  const config = await loadTextConfig(scope, cache)
  return analyzeText(text, config)
}

export async function getTextConfig(scope: Scope, cache?: TextConfigCache): Promise<TextConfig> {
  requirePermission(scope.actor, 'surveys:read')
  return loadTextConfig(scope, cache)
}

/**
 * Replace the taxonomy and dictionary words; all feedback is analysed again in the background:
 * `wakeJobs` starts that soon, and `cache` (the app's) forgets the old settings at once.
 */
export async function updateTextConfig(
  scope: Scope,
  input: unknown,
  wakeJobs: WakeJobs = noWakeJobs,
  cache?: TextConfigCache,
): Promise<TextConfig> {
  requirePermission(scope.actor, 'cases:configure')
  const config = parseInput(TextConfigSchema, input, 'text configuration')
  const keys = config.topics.map((t) => t.key)
  const duplicate = keys.find((k, i) => keys.indexOf(k) !== i)
  if (duplicate)
    throw new ValidationError('VALIDATION_FAILED', `Topic key "${duplicate}" is used twice.`, [
      { path: `topics.${keys.lastIndexOf(duplicate)}.key`, reason: 'duplicate topic key' },
    ])
  await scope.db.transaction().execute(async (trx) => {
    await saveTextConfigJson(trx, scope.orgId, config, scope.now)
    await reanalyseAllFeedback({ db: trx, orgId: scope.orgId })
    await recordAudit(trx, scope, {
      action: 'text_config.update',
      entity: 'organisation',
      entityId: scope.orgId,
      detail: { topics: keys.length, userWords: config.userWords.length },
    })
  })
  cache?.delete(scope.orgId)
  wakeJobs()
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
  const timezone = await organisationTimezone(scope)
  // Topic and keyword are matched here, over the most recent 5,000 rows of the window.
  const rows = await listAnalysedFeedback(
    scope.db,
    scope.orgId,
    {
      ...(q.from ? { from: startOfLocalDate(q.from, timezone) } : {}),
      ...(q.to ? { to: startOfLocalDate(q.to, timezone) + 86_400_000 } : {}),
      ...(q.sentiment ? { sentiment: q.sentiment } : {}),
      ...(q.channel ? { channel: q.channel } : {}),
      ...(q.store ? { store: q.store } : {}),
      units: recordsWithinUnits(scope),
    },
    q.topic || q.keyword ? 5000 : q.limit,
  )
  const page = rows
    .filter((r) => !q.topic || (r.topics ?? '').split(',').includes(q.topic))
    .filter((r) => !q.keyword || r.text.toLowerCase().includes(q.keyword.toLowerCase()))
    .slice(0, q.limit)
  // An agent's correction shows at once (the stored labels follow when the model is retrained).
  const corrected = await correctionsFor(
    scope.db,
    scope.orgId,
    page.map((r) => r.id),
  )
  return page.map((r) => {
    const c = corrected.get(r.id)
    return {
      id: r.id,
      channel: r.channel,
      kind: r.kind,
      text: r.text,
      sentiment: c?.sentiment ?? r.sentiment,
      score: r.sentimentScore,
      topics:
        c?.topics != null
          ? c.topics.split(',').filter(Boolean)
          : r.topics
            ? r.topics.split(',')
            : [],
      language: r.language,
      store: r.store,
      receivedAt: new Date(r.receivedAt).toISOString(),
    }
  })
}

export async function listAlerts(scope: Scope) {
  requirePermission(scope.actor, 'cases:read')
  const alerts = await latestAlerts(scope.db, scope.orgId, 100)
  return alerts.map((a) => ({ ...a, createdAt: new Date(a.createdAt).toISOString() }))
}

// The text domain's background jobs, as src/jobs registers them.
export { runEmergingTopicAlerts, runTextReanalysis } from './text-jobs.js'
