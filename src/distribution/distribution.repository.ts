import type { Selectable } from 'kysely'
import { z } from 'zod'
import type { Db } from '../db/database.js'
import { LocaleSchema } from '../surveys/survey.schema.js'
import type { DistributionSettings, DistributionStatus } from './distribution.schema.js'
import type { DistributionTable } from './distribution.table.js'

/** The `distributions` table: the only code that queries it. */

/** A stored distribution, its settings parsed. */
export interface DistributionRecord {
  id: string
  orgId: string
  surveyId: string
  listId: string
  name: string
  channel: 'email' | 'webhook'
  settings: DistributionSettings
  status: DistributionStatus
  sendAt: number | null
  createdAt: number
}

/**
 * distributions.settings as stored. Checked on input by DistributionInputSchema (or the case
 * configuration for follow-ups); read back leniently so an older row never stops the sender.
 */
const StoredSettingsSchema = z.object({
  locale: LocaleSchema,
  email: z.object({ subject: z.string(), body: z.string() }).optional(),
  webhook: z
    .object({ url: z.string(), secret: z.string(), channelName: z.string().default('sms') })
    .optional(),
  reminders: z.object({ afterHours: z.number(), max: z.number() }),
})

export function parseDistributionSettings(json: string): DistributionSettings {
  return StoredSettingsSchema.parse(JSON.parse(json))
}

function toRecord(row: Selectable<DistributionTable>): DistributionRecord {
  return {
    id: row.id,
    orgId: row.org_id,
    surveyId: row.survey_id,
    listId: row.list_id,
    name: row.name,
    channel: row.channel as DistributionRecord['channel'],
    settings: parseDistributionSettings(row.settings),
    status: row.status as DistributionStatus,
    sendAt: row.send_at === null ? null : Number(row.send_at),
    createdAt: Number(row.created_at),
  }
}

export async function insertDistribution(db: Db, record: DistributionRecord): Promise<void> {
  await db
    .insertInto('distributions')
    .values({
      id: record.id,
      org_id: record.orgId,
      survey_id: record.surveyId,
      list_id: record.listId,
      name: record.name,
      channel: record.channel,
      settings: JSON.stringify(record.settings),
      status: record.status,
      send_at: record.sendAt,
      created_at: record.createdAt,
    })
    .execute()
}

export async function findDistribution(
  db: Db,
  orgId: string,
  distributionId: string,
): Promise<DistributionRecord | undefined> {
  const row = await db
    .selectFrom('distributions')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', distributionId)
    .executeTakeFirst()
  return row && toRecord(row)
}

/** A standing distribution found by what names it (personal invitations are added to it). */
export async function findNamedDistribution(
  db: Db,
  orgId: string,
  key: { surveyId: string; channel: string; name: string },
): Promise<DistributionRecord | undefined> {
  const row = await db
    .selectFrom('distributions')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('survey_id', '=', key.surveyId)
    .where('channel', '=', key.channel)
    .where('name', '=', key.name)
    .executeTakeFirst()
  return row && toRecord(row)
}

/** Newest first. */
export async function listSurveyDistributions(
  db: Db,
  orgId: string,
  surveyId: string,
): Promise<DistributionRecord[]> {
  const rows = await db
    .selectFrom('distributions')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('survey_id', '=', surveyId)
    .orderBy('created_at', 'desc')
    .execute()
  return rows.map(toRecord)
}

/** Every organisation's distributions the sender works on: sending, or sent (reminders). */
export async function listActiveDistributions(db: Db): Promise<DistributionRecord[]> {
  const rows = await db
    .selectFrom('distributions')
    .selectAll()
    .where('status', 'in', ['sending', 'sent'])
    .execute()
  return rows.map(toRecord)
}

/**
 * Move a distribution to `status`; with `from`, only if it is still in that status (the
 * conditional UPDATE that lets one of two concurrent callers win). Whether it moved.
 */
export async function setDistributionStatus(
  db: Db,
  distributionId: string,
  status: DistributionStatus,
  from?: DistributionStatus,
): Promise<boolean> {
  let query = db.updateTable('distributions').set({ status }).where('id', '=', distributionId)
  if (from) query = query.where('status', '=', from)
  const result = await query.executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

/** Scheduled distributions whose time has come start sending. */
export async function startDueDistributions(db: Db, now: number): Promise<void> {
  await db
    .updateTable('distributions')
    .set({ status: 'sending' })
    .where('status', '=', 'scheduled')
    .where('send_at', '<=', now)
    .execute()
}
