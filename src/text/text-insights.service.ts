import { z } from 'zod'
import { emergingTopics } from '../analytics/emerging-topics.js'
import { requirePermission } from '../auth/permission.service.js'
import { recordsWithinUnits, type OrgScope, type Scope } from '../db/scope.js'
import {
  type AnalysisCountRow,
  feedbackAnalysisCounts,
  latestFeedbackTexts,
} from '../feedback/feedback-insights.service.js'
import { findOrganisation, DEFAULT_TIMEZONE } from '../organisations/organisation.service.js'
import { startOfLocalDate } from '../shared/timezone.js'
import { parseInput } from '../shared/validation.js'
import { clusterUnmatched, keywordFrequencies } from './keywords.js'
import { loadTextConfig } from './text-config.js'
import { compileUserWords } from './user-words.js'
import type { TextInsights } from './text.schema.js'

export const TextInsightsQuerySchema = z.object({
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD'),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD'),
  channel: z.string().optional(),
  store: z.string().optional(),
  kind: z.string().optional(),
})

const DAY_MS = 86_400_000
/** Emerging topics compare the last week with the four weeks before it. */
export const RECENT_DAYS = 7
export const BASELINE_DAYS = 28
/** Keywords and clusters read the texts of at most this many of the latest comments; every count covers them all. */
export const KEYWORD_SAMPLE = 10_000

const topicList = (topics: string | null) => (topics ? topics.split(',').filter(Boolean) : [])

/** Topic mention counts in two periods, for the emerging-topic test. */
export function topicCountsBetween(rows: readonly AnalysisCountRow[]): {
  recent: Map<string, number>
  baseline: Map<string, number>
  recentTotal: number
  baselineTotal: number
} {
  const recent = new Map<string, number>()
  const baseline = new Map<string, number>()
  let recentTotal = 0
  let baselineTotal = 0
  for (const row of rows) {
    const isRecent = row.recent === 1
    if (isRecent) recentTotal += row.n
    else baselineTotal += row.n
    const counts = isRecent ? recent : baseline
    for (const t of topicList(row.topics)) counts.set(t, (counts.get(t) ?? 0) + row.n)
  }
  return { recent, baseline, recentTotal, baselineTotal }
}

/**
 * Emerging topics at `end`: the last RECENT_DAYS against the BASELINE_DAYS before, counted over
 * the records of the scope's units only (Scope.units: a limited reader, or a unit's report
 * narrowed to its subtree by scopeWithinUnit); without `units`, the whole organisation (jobs).
 */
export async function emergingTopicsAt(
  scope: OrgScope & Pick<Scope, 'units'>,
  end: number,
): Promise<TextInsights['emerging']> {
  const { db, orgId } = scope
  const config = await loadTextConfig(scope)
  const splitAt = end - RECENT_DAYS * DAY_MS
  const filter = { units: recordsWithinUnits(scope) }
  const c = topicCountsBetween(
    await feedbackAnalysisCounts(db, orgId, splitAt - BASELINE_DAYS * DAY_MS, end, filter, splitAt),
  )
  const keys = new Set([...c.recent.keys(), ...c.baseline.keys()])
  const found = emergingTopics(
    [...keys].map((topic) => ({
      topic,
      recent: c.recent.get(topic) ?? 0,
      baseline: c.baseline.get(topic) ?? 0,
    })),
    c.recentTotal,
    c.baselineTotal,
  )
  const labels = new Map(config.topics.map((t) => [t.key, t.label]))
  return found.map((e) => ({ ...e, label: labels.get(e.topic) ?? { 'zh-CN': e.topic } }))
}

export async function getTextInsights(scope: Scope, input: unknown): Promise<TextInsights> {
  requirePermission(scope.actor, 'cases:read')
  const q = parseInput(TextInsightsQuerySchema, input, 'query')
  const timezone = (await findOrganisation(scope))?.timezone ?? DEFAULT_TIMEZONE
  const from = startOfLocalDate(q.from, timezone)
  const to = startOfLocalDate(q.to, timezone) + DAY_MS
  const config = await loadTextConfig(scope)
  // Only the records of the reader's units (Scope.units), when limited.
  const filter = { ...q, units: recordsWithinUnits(scope) }
  const counts = await feedbackAnalysisCounts(scope.db, scope.orgId, from, to, filter)
  const sentiment = { positive: 0, neutral: 0, negative: 0 }
  const languages: Record<string, number> = {}
  const perTopic = new Map<
    string,
    { count: number; positive: number; neutral: number; negative: number }
  >()
  for (const row of counts) {
    const s = (row.sentiment ?? 'neutral') as keyof typeof sentiment
    sentiment[s] += row.n
    languages[row.language ?? 'none'] = (languages[row.language ?? 'none'] ?? 0) + row.n
    for (const topic of topicList(row.topics)) {
      const t = perTopic.get(topic) ?? { count: 0, positive: 0, neutral: 0, negative: 0 }
      t.count += row.n
      t[s] += row.n
      perTopic.set(topic, t)
    }
  }
  const latest = await latestFeedbackTexts(scope.db, scope.orgId, from, to, filter, KEYWORD_SAMPLE)
  const userWords = compileUserWords(config.userWords)
  return {
    total: counts.reduce((n, r) => n + r.n, 0),
    sentiment,
    languages,
    topics: config.topics
      .map((t) => ({
        key: t.key,
        label: t.label,
        ...(perTopic.get(t.key) ?? { count: 0, positive: 0, neutral: 0, negative: 0 }),
      }))
      .filter((t) => t.count > 0)
      .sort((a, b) => b.count - a.count),
    keywords: keywordFrequencies(
      latest.map((r) => r.text),
      80,
      userWords,
    ),
    keywordSample: latest.length,
    emerging: await emergingTopicsAt(scope, to),
    unmatched: clusterUnmatched(
      latest.filter((r) => topicList(r.topics).length === 0).map((r) => r.text),
      2,
      20,
      userWords,
    ),
  }
}
