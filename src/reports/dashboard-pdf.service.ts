import { requirePermission } from '../auth/permission.service.js'
import type { Scope } from '../db/scope.js'
import { organisationTimezone } from '../organisations/organisation.service.js'
import { organisationOverview } from '../overview/overview.service.js'
import { analyzeSurveyQuestions, summarizeSurvey } from '../responses/summary.service.js'
import { parseInput } from '../shared/validation.js'
import { getSurvey } from '../surveys/survey.service.js'
import { unitById } from '../units/unit.service.js'
import { localDate, renderDashboardPdf } from './dashboard-pdf.js'
import { renderOverviewPdf } from './overview-pdf.js'
import { CONTENT_TYPES, type ReportFile } from './report-schedule.service.js'
import { unitNameIn } from './report-words.js'
import { ReportLocaleSchema } from './report.schema.js'

/**
 * A survey dashboard as PDF, for the same filters as GET /surveys/:id/summary (period, interval,
 * channel, segment, unit) and in the reader's language: the summary is read as the reader (their
 * permission, organisation and units; a unit outside them is UNIT_NOT_FOUND), so the file holds
 * exactly what the dashboard shows them.
 */
export async function surveyDashboardPdf(
  scope: Scope,
  surveyId: string,
  query: Record<string, unknown>,
): Promise<ReportFile> {
  requirePermission(scope.actor, 'responses:read')
  const { locale: asked, ...filters } = query
  const locale = parseInput(ReportLocaleSchema, asked ?? 'zh-CN', 'locale')
  const [summary, analysis] = await Promise.all([
    summarizeSurvey(scope, surveyId, filters),
    analyzeSurveyQuestions(scope, surveyId, filters),
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
