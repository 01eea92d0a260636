import type { Db } from '../db/database.js'
import type { Scope } from '../db/scope.js'
import { requirePermission } from '../auth/permission.service.js'
import { recordAudit } from '../audit/audit.service.js'
import { ConflictError, NotFoundError } from '../shared/errors.js'
import { newId, newSlug } from '../shared/ids.js'
import { parseInput } from '../shared/validation.js'
import type { OpenSurveyCache } from './open-survey-cache.js'
import { findTemplate, SURVEY_TEMPLATES } from './survey-templates.js'
import {
  SurveyInputSchema,
  SurveySettingsSchema,
  type LocalizedText,
  type Question,
  type Survey,
  type SurveySettings,
} from './survey.schema.js'
import {
  findAnonymousSurveyRows,
  findSurveyRow,
  findSurveyRowsByIds,
  insertSurveyRow,
  listSurveyRows,
  parseSurveyQuestions,
  parseSurveyTitle,
  surveyRowToSurvey,
  updateSurveyRow,
  type SurveyRow,
} from './survey.repository.js'
import { answerCountsBySurvey } from '../responses/response-counts.service.js'
import { requireAnonymityFloor } from './anonymity-floor.js'

/**
 * The app's cache of open surveys behind public links (deps.caches.openSurveys), told when a survey
 * changes so its public link answers the change at once. Absent where this process caches none
 * (a command-line run, a test without the app).
 */
type OpenSurveys = Pick<OpenSurveyCache, 'forget'>

function surveyNotFound(surveyId: string): NotFoundError {
  return new NotFoundError('SURVEY_NOT_FOUND', `No survey with id ${surveyId}.`, [
    { path: 'id', reason: 'unknown survey' },
  ])
}

async function loadOwnSurvey(scope: Scope, surveyId: string): Promise<SurveyRow> {
  const row = await findSurveyRow(scope.db, scope.orgId, surveyId)
  if (!row) throw surveyNotFound(surveyId)
  return row
}

export async function createSurvey(scope: Scope, input: unknown): Promise<Survey> {
  requirePermission(scope.actor, 'surveys:write')
  requireAnonymityFloor(input)
  const survey = parseInput(SurveyInputSchema, input, 'survey')
  const row: SurveyRow = {
    id: newId(),
    org_id: scope.orgId,
    slug: newSlug(),
    title: JSON.stringify(survey.title),
    status: 'draft',
    default_locale: survey.defaultLocale,
    questions: JSON.stringify(survey.questions),
    version: 1,
    created_at: scope.now,
    updated_at: scope.now,
    published_at: null,
    closed_at: null,
    settings: JSON.stringify(survey.settings),
  }
  await scope.db.transaction().execute(async (trx) => {
    await insertSurveyRow(trx, row)
    await recordAudit(trx, scope, { action: 'survey.create', entity: 'survey', entityId: row.id })
  })
  return surveyRowToSurvey(row)
}

export async function getSurvey(scope: Scope, surveyId: string): Promise<Survey> {
  requirePermission(scope.actor, 'surveys:read')
  return surveyRowToSurvey(await loadOwnSurvey(scope, surveyId))
}

export async function listSurveys(scope: Scope): Promise<Survey[]> {
  requirePermission(scope.actor, 'surveys:read')
  return (await listSurveyRows(scope.db, scope.orgId)).map(surveyRowToSurvey)
}

/** The surveys with how many answers each has (pilot answers not counted, as on the dashboard). */
export async function listSurveysWithCounts(
  scope: Scope,
): Promise<Array<Survey & { responses: number }>> {
  const surveys = await listSurveys(scope)
  const bySurvey = await answerCountsBySurvey(scope)
  return surveys.map((s) => ({ ...s, responses: bySurvey.get(s.id) ?? 0 }))
}

/**
 * Replace title, questions and settings. Editing a published survey bumps its version so
 * stored responses keep the version they answered; question keys stay the
 * join key across versions. The settings are replaced as sent, except `anonymity`: once a survey
 * is anonymous it stays so (keptAnonymity), since its answers were given under that promise.
 */
export async function updateSurvey(
  scope: Scope,
  surveyId: string,
  input: unknown,
  openSurveys?: OpenSurveys,
): Promise<Survey> {
  requirePermission(scope.actor, 'surveys:write')
  requireAnonymityFloor(input)
  const survey = parseInput(SurveyInputSchema, input, 'survey')
  return changeSurvey(scope, surveyId, 'survey.update', openSurveys, (row) => {
    if (row.status === 'closed')
      throw new ConflictError('SURVEY_NOT_EDITABLE', 'A closed survey cannot be edited.', [], {
        status: row.status,
        allowedNext: [],
      })
    return {
      title: JSON.stringify(survey.title),
      default_locale: survey.defaultLocale,
      questions: JSON.stringify(survey.questions),
      settings: JSON.stringify(keptAnonymity(survey.settings, row)),
      version: row.status === 'published' ? row.version + 1 : row.version,
    }
  })
}

/**
 * The new settings with the stored survey's anonymity when they leave it out. An omitted key must
 * not de-anonymise a survey: its answers would then reach every customer view (the survey pool,
 * responses/survey-pool.ts, only leaves out surveys that name `anonymity`). A new minGroup is
 * taken; there is no way to remove anonymity, so answers given anonymously stay anonymous.
 */
function keptAnonymity(settings: SurveySettings, row: SurveyRow): SurveySettings {
  if (settings.anonymity !== undefined) return settings
  const stored = SurveySettingsSchema.parse(JSON.parse(row.settings)).anonymity
  return stored === undefined ? settings : { ...settings, anonymity: stored }
}

export async function publishSurvey(
  scope: Scope,
  surveyId: string,
  openSurveys?: OpenSurveys,
): Promise<Survey> {
  requirePermission(scope.actor, 'surveys:write')
  return changeSurvey(scope, surveyId, 'survey.publish', openSurveys, (row) => {
    if (row.status !== 'draft') {
      throw new ConflictError(
        'SURVEY_NOT_DRAFT',
        `Only a draft survey can be published; this one is ${row.status}.`,
        [],
        { status: row.status, allowedNext: row.status === 'published' ? ['closed'] : [] },
      )
    }
    return { status: 'published', published_at: scope.now }
  })
}

export async function closeSurvey(
  scope: Scope,
  surveyId: string,
  openSurveys?: OpenSurveys,
): Promise<Survey> {
  requirePermission(scope.actor, 'surveys:write')
  return changeSurvey(scope, surveyId, 'survey.close', openSurveys, (row) => {
    if (row.status !== 'published') {
      throw new ConflictError(
        'SURVEY_NOT_PUBLISHED',
        `Only a published survey can be closed; this one is ${row.status}.`,
        [],
        { status: row.status, allowedNext: row.status === 'draft' ? ['published'] : [] },
      )
    }
    return { status: 'closed', closed_at: scope.now }
  })
}

async function changeSurvey(
  scope: Scope,
  surveyId: string,
  action: string,
  openSurveys: OpenSurveys | undefined,
  decide: (row: SurveyRow) => Partial<SurveyRow>,
): Promise<Survey> {
  const survey = await scope.db.transaction().execute(async (trx) => {
    const row = await findSurveyRow(trx, scope.orgId, surveyId)
    if (!row) throw surveyNotFound(surveyId)
    const changes = { ...decide(row), updated_at: scope.now }
    await updateSurveyRow(trx, scope.orgId, surveyId, changes)
    await recordAudit(trx, scope, {
      action,
      entity: 'survey',
      entityId: surveyId,
      detail: { version: changes.version ?? row.version },
    })
    return surveyRowToSurvey({ ...row, ...changes })
  })
  openSurveys?.forget(survey.slug)
  return survey
}

/**
 * What invitation messages name of each survey: its public slug and title. For the distribution
 * sender, which works for every organisation at once (no scope); unknown ids are left out.
 */
export async function surveyLinkTexts(
  db: Db,
  surveyIds: readonly string[],
): Promise<Map<string, { slug: string; title: LocalizedText }>> {
  const rows = await findSurveyRowsByIds(db, surveyIds)
  return new Map(rows.map((r) => [r.id, { slug: r.slug, title: parseSurveyTitle(r.title) }]))
}

/**
 * The questions of each survey (any organisation's, for the intake job that reads answers of
 * every organisation); unknown ids are left out.
 */
export async function surveyQuestionsByIds(
  db: Db,
  surveyIds: readonly string[],
): Promise<Map<string, Question[]>> {
  const rows = await findSurveyRowsByIds(db, surveyIds)
  return new Map(rows.map((r) => [r.id, parseSurveyQuestions(r.questions)]))
}

/**
 * The respondent weight field (settings.weightField) of each weighted survey among these ids (any
 * organisation's); unweighted and unknown surveys are left out.
 */
export async function surveyWeightFieldsByIds(
  db: Db,
  surveyIds: readonly string[],
): Promise<Map<string, string>> {
  const rows = await findSurveyRowsByIds(db, surveyIds)
  return new Map(
    rows.flatMap((r) => {
      const field = SurveySettingsSchema.parse(JSON.parse(r.settings)).weightField
      return field === undefined ? [] : [[r.id, field] as const]
    }),
  )
}

/**
 * The anonymous (internal) surveys' ids (settings.anonymity, issue 19) of one organisation, or of
 * every one when `orgId` is undefined (the intake job reads answers of all organisations). The
 * responses domain leaves their answers out of every pooled read (responses/survey-pool.ts).
 */
export async function anonymousSurveyIds(db: Db, orgId: string | undefined): Promise<string[]> {
  const rows = await findAnonymousSurveyRows(db, orgId)
  return rows
    .filter((row) => SurveySettingsSchema.parse(JSON.parse(row.settings)).anonymity !== undefined)
    .map((row) => row.id)
}

/** Create a draft from a ready-made template (see survey-templates.ts). */
export async function createSurveyFromTemplate(scope: Scope, templateId: string): Promise<Survey> {
  requirePermission(scope.actor, 'surveys:write')
  const template = findTemplate(templateId)
  if (!template) {
    throw new NotFoundError('TEMPLATE_NOT_FOUND', `No survey template "${templateId}".`, [
      {
        path: 'template',
        reason: 'unknown template',
        allowed: SURVEY_TEMPLATES.map((t) => t.id).join(', '),
      },
    ])
  }
  return createSurvey(scope, template.survey)
}

// The survey templates a new survey may start from (routes list them).
export { SURVEY_TEMPLATES } from './survey-templates.js'
