import type { Selectable } from 'kysely'
import type { Db } from '../db/database.js'
import { z } from 'zod'
import {
  LocalizedTextSchema,
  QuestionSchema,
  SurveySettingsSchema,
  type LocalizedText,
  type Question,
  type Survey,
} from './survey.schema.js'
import type { SurveyTable } from './survey.table.js'

export type SurveyRow = Selectable<SurveyTable>

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

const QuestionsSchema = z.array(QuestionSchema)

export function parseSurveyTitle(json: string): LocalizedText {
  return LocalizedTextSchema.parse(JSON.parse(json))
}

export function parseSurveyQuestions(json: string): Question[] {
  return QuestionsSchema.parse(JSON.parse(json))
}

/** Title, questions and settings are stored as written through SurveyInputSchema; older rows lack newer settings, which take their defaults. */
export function surveyRowToSurvey(row: SurveyRow): Survey {
  return {
    id: row.id,
    slug: row.slug,
    title: parseSurveyTitle(row.title),
    status: row.status as Survey['status'],
    defaultLocale: row.default_locale as Survey['defaultLocale'],
    questions: parseSurveyQuestions(row.questions),
    version: row.version,
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
    publishedAt: iso(row.published_at),
    closedAt: iso(row.closed_at),
    settings: SurveySettingsSchema.parse(JSON.parse(row.settings)),
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

/** Public lookup by slug: the one query that does not know the tenant yet; it learns it from the row. */
export async function findSurveyRowBySlug(db: Db, slug: string): Promise<SurveyRow | undefined> {
  return db.selectFrom('surveys').selectAll().where('slug', '=', slug).executeTakeFirst()
}

/** Several surveys of any organisation by id (the distribution sender works across them). */
export async function findSurveyRowsByIds(
  db: Db,
  surveyIds: readonly string[],
): Promise<SurveyRow[]> {
  if (surveyIds.length === 0) return []
  return db.selectFrom('surveys').selectAll().where('id', 'in', surveyIds).execute()
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

/**
 * The id and settings of the surveys whose settings name `anonymity` (of one organisation, or of
 * every one for the jobs that work across them); the caller parses the settings to be sure.
 */
export async function findAnonymousSurveyRows(
  db: Db,
  orgId: string | undefined,
): Promise<Array<Pick<SurveyRow, 'id' | 'settings'>>> {
  return db
    .selectFrom('surveys')
    .select(['id', 'settings'])
    .where('settings', 'like', '%"anonymity"%')
    .$if(orgId !== undefined, (q) => q.where('org_id', '=', orgId!))
    .execute()
}
