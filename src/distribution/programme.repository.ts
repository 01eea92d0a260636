import type { Db } from '../db/database.js'
import { parseDistributionSettings } from './distribution.repository.js'
import type { DistributionSettings } from './distribution.schema.js'
import {
  ProgrammeAudienceSchema,
  type ProgrammeAudience,
  type ProgrammeSchedule,
} from './programme.schema.js'

/** The `programmes` and `programme_runs` tables: the only code that queries them. */

export interface ProgrammeRecord {
  id: string
  orgId: string
  name: string
  surveyId: string
  channel: 'email' | 'webhook'
  schedule: ProgrammeSchedule
  startDate: string
  audience: ProgrammeAudience
  settings: DistributionSettings
  status: 'active' | 'paused'
  createdAt: number
  updatedAt: number
}

export interface ProgrammeRunRecord {
  id: string
  orgId: string
  programmeId: string
  period: string
  distributionId: string | null
  error: string | null
  firedAt: number
}

type ProgrammeRow = {
  id: string
  org_id: string
  name: string
  survey_id: string
  channel: string
  schedule: string
  start_date: string
  audience: string
  settings: string
  status: string
  created_at: number | string
  updated_at: number | string
}

function toRecord(row: ProgrammeRow): ProgrammeRecord {
  return {
    id: row.id,
    orgId: row.org_id,
    name: row.name,
    surveyId: row.survey_id,
    channel: row.channel as ProgrammeRecord['channel'],
    schedule: row.schedule as ProgrammeSchedule,
    startDate: row.start_date,
    audience: ProgrammeAudienceSchema.parse(JSON.parse(row.audience)),
    settings: parseDistributionSettings(row.settings),
    status: row.status as ProgrammeRecord['status'],
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  }
}

export async function insertProgramme(db: Db, record: ProgrammeRecord): Promise<void> {
  await db
    .insertInto('programmes')
    .values({
      id: record.id,
      org_id: record.orgId,
      name: record.name,
      survey_id: record.surveyId,
      channel: record.channel,
      schedule: record.schedule,
      start_date: record.startDate,
      audience: JSON.stringify(record.audience),
      settings: JSON.stringify(record.settings),
      status: record.status,
      created_at: record.createdAt,
      updated_at: record.updatedAt,
    })
    .execute()
}

export async function findProgramme(
  db: Db,
  orgId: string,
  id: string,
): Promise<ProgrammeRecord | undefined> {
  const row = await db
    .selectFrom('programmes')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
  return row ? toRecord(row) : undefined
}

export async function listOrgProgrammes(db: Db, orgId: string): Promise<ProgrammeRecord[]> {
  const rows = await db
    .selectFrom('programmes')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute()
  return rows.map(toRecord)
}

/** Active programmes of every organisation (the background job). */
export async function listActiveProgrammes(db: Db): Promise<ProgrammeRecord[]> {
  const rows = await db
    .selectFrom('programmes')
    .selectAll()
    .where('status', '=', 'active')
    .orderBy('id')
    .execute()
  return rows.map(toRecord)
}

export async function setProgrammeStatus(
  db: Db,
  orgId: string,
  id: string,
  status: ProgrammeRecord['status'],
  now: number,
): Promise<void> {
  await db
    .updateTable('programmes')
    .set({ status, updated_at: now })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .execute()
}

/**
 * Claim the programme's run for a period: true for the one caller whose row went in, false when
 * the period has its run already (the unique programme and period) — however many instances try.
 */
export async function insertRunOnce(db: Db, run: ProgrammeRunRecord): Promise<boolean> {
  const result = await db
    .insertInto('programme_runs')
    .values({
      id: run.id,
      org_id: run.orgId,
      programme_id: run.programmeId,
      period: run.period,
      distribution_id: run.distributionId,
      error: run.error,
      fired_at: run.firedAt,
    })
    .onConflict((oc) => oc.columns(['programme_id', 'period']).doNothing())
    .returning('id')
    .executeTakeFirst()
  return result !== undefined
}

export async function setRunOutcome(
  db: Db,
  runId: string,
  outcome: { distributionId: string | null; error: string | null },
): Promise<void> {
  await db
    .updateTable('programme_runs')
    .set({ distribution_id: outcome.distributionId, error: outcome.error })
    .where('id', '=', runId)
    .execute()
}

export async function listRuns(
  db: Db,
  orgId: string,
  programmeIds: readonly string[],
): Promise<ProgrammeRunRecord[]> {
  if (programmeIds.length === 0) return []
  const rows = await db
    .selectFrom('programme_runs')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('programme_id', 'in', [...programmeIds])
    .orderBy('fired_at', 'desc')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    orgId: r.org_id,
    programmeId: r.programme_id,
    period: r.period,
    distributionId: r.distribution_id,
    error: r.error,
    firedAt: Number(r.fired_at),
  }))
}

/** The contact list the programme's latest run that sent named, if any run sent. */
export async function lastRunListId(
  db: Db,
  orgId: string,
  programmeId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('programme_runs as r')
    .innerJoin('distributions as d', 'd.id', 'r.distribution_id')
    .select('d.list_id')
    .where('r.org_id', '=', orgId)
    .where('r.programme_id', '=', programmeId)
    .orderBy('r.fired_at', 'desc')
    .limit(1)
    .executeTakeFirst()
  return row?.list_id
}
