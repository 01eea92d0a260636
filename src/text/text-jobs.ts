import type { Db } from '../db/database.js'
import { feedbackToAnalyse, saveFeedbackAnalysis } from '../feedback/feedback-lookup.service.js'
import { analysisColumns } from '../feedback/feedback.service.js'
import { DEFAULT_TIMEZONE, listOrganisations } from '../organisations/organisation.service.js'
import { newId } from '../shared/ids.js'
import { localDayOf } from '../shared/timezone.js'
import { analyzeText } from './text-analysis.js'
import { type LoadedTextConfig, loadTextConfig } from './text-config.js'
import { emergingTopicsAt } from './text-insights.service.js'
import { insertAlertOncePerDay } from './text.repository.js'
import { type CorrectionRow, correctionsFor } from './text-corrections.repository.js'
import type { TextAnalysis } from './text.schema.js'

/** What an agent corrected wins over what the analysis reads. */
export function withCorrection(analysis: TextAnalysis, c: CorrectionRow | undefined): TextAnalysis {
  if (!c) return analysis
  return {
    ...analysis,
    ...(c.sentiment ? { sentiment: c.sentiment as TextAnalysis['sentiment'] } : {}),
    ...(c.topics !== null ? { topics: c.topics.split(',').filter(Boolean) } : {}),
  }
}

const BATCH = 1000

/**
 * Analyse feedback not analysed yet — rows from before the text analysis
 * existed, and every row of an organisation whose taxonomy changed. Batches
 * of a thousand per run; the update is conditional, so two instances doing
 * the same row write the same result harmlessly.
 */
export async function runTextReanalysis(db: Db, now: number): Promise<{ analysed: number }> {
  const rows = await feedbackToAnalyse(db, BATCH)
  // Each organisation's settings read once per run, never from a cache: a run after a change
  // (the change queues every row again) must not analyse with the old taxonomy.
  const configs = new Map<string, LoadedTextConfig>()
  const corrections = new Map<string, CorrectionRow>()
  for (const orgId of new Set(rows.map((r) => r.orgId)))
    for (const [id, c] of await correctionsFor(
      db,
      orgId,
      rows.filter((r) => r.orgId === orgId).map((r) => r.id),
    ))
      corrections.set(id, c)
  for (const [i, row] of rows.entries()) {
    if (i % 50 === 49) await new Promise<void>((resolve) => setImmediate(resolve))
    const config = configs.get(row.orgId) ?? (await loadTextConfig({ db, orgId: row.orgId }))
    configs.set(row.orgId, config)
    const analysis = withCorrection(analyzeText(row.text, config), corrections.get(row.id))
    await saveFeedbackAnalysis(db, row.id, analysisColumns(analysis, now))
  }
  return { analysed: rows.length }
}

/**
 * Raise an alert for each emerging topic, at most once per topic and day
 * (a unique key makes that hold across instances). How often it runs is the
 * job registry's (hourly: src/jobs/sweep-jobs.ts).
 */
export async function runEmergingTopicAlerts(db: Db, now: number): Promise<{ raised: number }> {
  let raised = 0
  for (const org of await listOrganisations(db)) {
    const day = localDayOf(now, org.timezone || DEFAULT_TIMEZONE)
    for (const topic of await emergingTopicsAt({ db, orgId: org.id }, now)) {
      const raisedNow = await insertAlertOncePerDay(db, {
        id: newId(now),
        orgId: org.id,
        kind: 'emerging_topic',
        key: topic.topic,
        day,
        title: `${topic.label['zh-CN']}：近 7 天占比 ${(100 * topic.recentShare).toFixed(1)}%（此前 ${(100 * topic.baselineShare).toFixed(1)}%）`,
        detail: { ...topic },
        createdAt: now,
      })
      if (raisedNow) raised++
    }
  }
  return { raised }
}
