import type { Selectable } from 'kysely'
import type { Db } from '../db/database.js'
import type { Survey } from './survey.schema.js'
import type { SurveyTable } from './survey.table.js'

export type SurveyRow = Selectable<SurveyTable>

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

export function surveyRowToSurvey(row: SurveyRow): Survey {
  return {
    id: row.id,
    slug: row.slug,
    title: JSON.parse(row.title),
    status: row.status as Survey['status'],
    defaultLocale: row.default_locale as Survey['defaultLocale'],
    questions: JSON.parse(row.questions),
    version: row.version,
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
    publishedAt: iso(row.published_at),
    closedAt: iso(row.closed_at),
    settings: { hiddenFields: [], signedFields: [], pilot: false, ...JSON.parse(row.settings) },
  }
}

export async function findSurveyRow(
  db: Db,
  orgId: string,
  surveyId: string,
): Promise<SurveyRow | undefined> {
  return db
    .selectFrom('surveys')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', surveyId)
    .executeTakeFirst()
}

/** Public lookup by slug: the one query that does not know the tenant yet; it learns it (and its time zone) from the row. */
export async function findSurveyRowBySlug(
  db: Db,
  slug: string,
): Promise<(SurveyRow & { timezone: string }) | undefined> {
  return db
    .selectFrom('surveys')
    .innerJoin('organisations', 'organisations.id', 'surveys.org_id')
    .selectAll('surveys')
    .select('organisations.timezone')
    .where('surveys.slug', '=', slug)
    .executeTakeFirst()
}

export async function listSurveyRows(db: Db, orgId: string): Promise<SurveyRow[]> {
  return db
    .selectFrom('surveys')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('created_at', 'desc')
    .execute()
}

export async function insertSurveyRow(db: Db, row: SurveyRow): Promise<void> {
  await db.insertInto('surveys').values(row).execute()
}

export async function updateSurveyRow(
  db: Db,
  orgId: string,
  surveyId: string,
  changes: Partial<SurveyRow>,
): Promise<void> {
  await db
    .updateTable('surveys')
    .set(changes)
    .where('org_id', '=', orgId)
    .where('id', '=', surveyId)
    .execute()
}
