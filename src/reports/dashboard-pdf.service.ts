import { z } from 'zod'
import { runAnalysis } from '../analyses/analysis.service.js'
import { requirePermission } from '../auth/permission.service.js'
import type { Scope } from '../db/scope.js'
import { organisationTimezone } from '../organisations/organisation.service.js'
import { organisationOverview } from '../overview/overview.service.js'
import { analyzeSurveyQuestions, summarizeSurvey } from '../responses/summary.service.js'
import { parseInput } from '../shared/validation.js'
import { getSurvey } from '../surveys/survey.service.js'
import { unitById } from '../units/unit.service.js'
import { type DashboardCrosstab, localDate, renderDashboardPdf } from './dashboard-pdf.js'
import { renderOverviewPdf } from './overview-pdf.js'
import { CONTENT_TYPES, type ReportFile } from './report-schedule.service.js'
import { unitNameIn } from './report-words.js'
import { ReportLocaleSchema } from './report.schema.js'

/** The dashboard card's cross-tabulation, when the reader chose one: its two columns and weight. */
const CrosstabQuerySchema = z
  .object({
    crosstabRow: z.string().min(1).max(200).optional(),
    crosstabBy: z.string().min(1).max(200).optional(),
    crosstabWeight: z.string().min(1).max(200).optional(),
  })
  .refine((q) => (q.crosstabRow === undefined) === (q.crosstabBy === undefined), {
    message: 'give both crosstabRow and crosstabBy, or neither',
    path: ['crosstabBy'],
  })
  .refine((q) => q.crosstabWeight === undefined || q.crosstabRow !== undefined, {
    message: 'crosstabWeight needs crosstabRow and crosstabBy',
    path: ['crosstabWeight'],
  })

/**
 * The cross-tabulation as the dashboard's card runs it (POST /analyses/crosstab on all the
 * survey's answers, in the report's language), so it needs the reader's right to run analyses,
 * as the card does (FORBIDDEN without it).
 */
async function dashboardCrosstab(
  scope: Scope,
  surveyId: string,
  query: z.infer<typeof CrosstabQuerySchema>,
  locale: string,
): Promise<DashboardCrosstab | null> {
  if (query.crosstabRow === undefined || query.crosstabBy === undefined) return null
  return (await runAnalysis(scope, 'crosstab', {
    survey: { id: surveyId, lang: locale },
    options: {
      row: query.crosstabRow,
      by: query.crosstabBy,
      ...(query.crosstabWeight ? { weight: query.crosstabWeight } : {}),
    },
  })) as DashboardCrosstab
}

/**
 * A survey dashboard as PDF, for the same filters as GET /surveys/:id/summary (period, interval,
 * channel, segment, unit) and in the reader's language: the summary is read as the reader (their
 * permission, organisation and units; a unit outside them is UNIT_NOT_FOUND), so the file holds
 * exactly what the dashboard shows them — with the cross-tabulation of crosstabRow × crosstabBy
 * (weighted by crosstabWeight) when the reader chose one on the dashboard.
 */
export async function surveyDashboardPdf(
  scope: Scope,
  surveyId: string,
  query: Record<string, unknown>,
): Promise<ReportFile> {
  requirePermission(scope.actor, 'responses:read')
  const { locale: asked, crosstabRow, crosstabBy, crosstabWeight, ...filters } = query
  const locale = parseInput(ReportLocaleSchema, asked ?? 'zh-CN', 'locale')
  const crosstabQuery = parseInput(
    CrosstabQuerySchema,
    { crosstabRow, crosstabBy, crosstabWeight },
    'crosstab',
  )
  const [summary, analysis, crosstab] = await Promise.all([
    summarizeSurvey(scope, surveyId, filters),
    analyzeSurveyQuestions(scope, surveyId, filters),
    dashboardCrosstab(scope, surveyId, crosstabQuery, locale),
  ])
  const survey = await getSurvey(scope, surveyId)
  const unit = typeof filters.unit === 'string' ? await unitById(scope, filters.unit) : null
  const bytes = await renderDashboardPdf(
    {
      surveyTitle: (locale === 'en-US' && survey.title['en-US']) || survey.title['zh-CN'],
      unitName: unit ? unitNameIn(locale, unit) : null,
      channel: typeof filters.channel === 'string' ? filters.channel : null,
      segment: typeof filters.segment === 'string' ? filters.segment : null,
      summary,
      analysis,
      crosstab,
    },
    locale,
    scope.now,
  )
  const from = localDate(summary.from, summary.timezone)
  const to = localDate(summary.to, summary.timezone, true)
  return {
    filename: `dashboard-${unit ? `${unit.code}-` : ''}${from}-${to}.pdf`,
    contentType: CONTENT_TYPES.pdf,
    bytes,
  }
}

/**
 * The home overview as PDF, for the same period and unit as GET /overview and in the reader's
 * language; read as the reader, as the overview is.
 */
export async function overviewPdf(
  scope: Scope,
  query: Record<string, unknown>,
): Promise<ReportFile> {
  requirePermission(scope.actor, 'responses:read')
  const { locale: asked, ...filters } = query
  const locale = parseInput(ReportLocaleSchema, asked ?? 'zh-CN', 'locale')
  const overview = await organisationOverview(scope, filters)
  const timezone = await organisationTimezone(scope)
  const unit = overview.unitPath.at(-1) ?? null
  const bytes = await renderOverviewPdf(overview, {
    unitName: unit ? unitNameIn(locale, unit) : null,
    timezone,
    locale,
    now: scope.now,
  })
  const from = localDate(overview.from, timezone)
  const to = localDate(overview.to, timezone, true)
  return {
    filename: `overview-${unit ? `${unit.code}-` : ''}${from}-${to}.pdf`,
    contentType: CONTENT_TYPES.pdf,
    bytes,
  }
}
