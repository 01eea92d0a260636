import type { Db } from '../db/database.js'
import { analysisColumns } from '../feedback/feedback.service.js'
import { DEFAULT_TIMEZONE } from '../organisations/organisation.service.js'
import { newId } from '../shared/ids.js'
import { localDayOf } from '../shared/timezone.js'
import { analyzeText } from './text-analysis.js'
import { loadTextConfig } from './text-config.js'
import { emergingTopicsAt } from './text-insights.service.js'

const BATCH = 1000

/**
 * Analyse feedback not analysed yet — rows from before the text analysis
 * existed, and every row of an organisation whose taxonomy changed. Batches
 * of a thousand per run; the update is conditional, so two instances doing
 * the same row write the same result harmlessly.
 */
export async function runTextReanalysis(db: Db, now: number): Promise<{ analysed: number }> {
  const rows = await db
    .selectFrom('feedback')
    .select(['id', 'org_id', 'text'])
    .where('analysed_at', 'is', null)
    .limit(BATCH)
    .execute()
  for (const [i, row] of rows.entries()) {
    if (i % 50 === 49) await new Promise<void>((resolve) => setImmediate(resolve))
    const config = await loadTextConfig(db, row.org_id, now)
    await db
      .updateTable('feedback')
      .set(analysisColumns(analyzeText(row.text, config), now))
      .where('id', '=', row.id)
      .where('analysed_at', 'is', null)
      .execute()
  }
  return { analysed: rows.length }
}

const HOUR_MS = 3_600_000
let lastAlertRun = -Infinity

/**
 * Raise an alert for each emerging topic, at most once per topic and day
 * (a unique key makes that hold across instances). Checked at most hourly.
 */
export async function runEmergingTopicAlerts(
  db: Db,
  now: number,
  force = false,
): Promise<{ raised: number }> {
  if (!force && now - lastAlertRun < HOUR_MS) return { raised: 0 }
  lastAlertRun = now
  let raised = 0
  const orgs = await db.selectFrom('organisations').select(['id', 'timezone']).execute()
  for (const org of orgs) {
    const day = localDayOf(now, org.timezone || DEFAULT_TIMEZONE)
    for (const topic of await emergingTopicsAt(db, org.id, now)) {
      const result = await db
        .insertInto('alerts')
        .values({
          id: newId(now),
          org_id: org.id,
          kind: 'emerging_topic',
          key: topic.topic,
          day,
          title: `${topic.label['zh-CN']}：近 7 天占比 ${(100 * topic.recentShare).toFixed(1)}%（此前 ${(100 * topic.baselineShare).toFixed(1)}%）`,
          detail: JSON.stringify(topic),
          created_at: now,
        })
        .onConflict((oc) => oc.columns(['org_id', 'kind', 'key', 'day']).doNothing())
        .executeTakeFirst()
      raised += Number(result.numInsertedOrUpdatedRows ?? 0)
    }
  }
  return { raised }
}
