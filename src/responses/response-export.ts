import { z } from 'zod'
import { recordsWithinUnits, type Scope } from '../db/scope.js'
import { requirePermission } from '../auth/permission.service.js'
import { recordAudit } from '../audit/audit.service.js'
import { exportedFileNames } from './response-upload.service.js'
import { exportsPersonalData, maskContactAnswer } from '../personal-data/personal-view.service.js'
import { organisationTimezone } from '../organisations/organisation.service.js'
import { localTimeWithOffset, timeZoneLabel } from '../shared/time-zone-label.js'
import { getSurvey } from '../surveys/survey.service.js'
import { requireCustomerSurvey } from './survey-pool.js'
import type { Survey } from '../surveys/survey.schema.js'
import { parseInput } from '../shared/validation.js'
import {
  neutraliseCell,
  streamTable,
  TABLE_CONTENT_TYPES,
  type TableDownload,
} from '../tabular/table-download.service.js'
import { ValidationError } from '../shared/errors.js'
import { CrosstabCollector, crosstabColumns } from './response-crosstab-sheet.js'
import { segmentValues } from './summary.repository.js'
import { exportPage } from './response.repository.js'

export const ExportQuerySchema = z.object({
  format: z.enum(['csv', 'xlsx']).default('csv'),
  lang: z.enum(['zh-CN', 'en-US']).default('zh-CN'),
  /**
   * XLSX only: `rowKey,columnKey` (question keys or hidden fields) adds a sheet with their
   * cross-tabulation — counts, row and column percentages, adjusted residuals, χ², Cramér's V.
   */
  crosstab: z.string().max(200).optional(),
})

const PAGE = 5000
const HEADERS = {
  'zh-CN': {
    id: '答卷编号',
    submittedAt: '提交时间',
    channel: '渠道',
    locale: '语言',
    duration: '用时（秒）',
    flags: '质量标记',
  },
  'en-US': {
    id: 'Response id',
    submittedAt: 'Submitted at',
    channel: 'Channel',
    locale: 'Language',
    duration: 'Duration (s)',
    flags: 'Quality flags',
  },
} as const

/** Submission times are on the organisation's clock (its calendar days), the header says whose. */
function headerRow(
  survey: Survey,
  lang: 'zh-CN' | 'en-US',
  segmentFields: string[],
  zone: string,
): string[] {
  const h = HEADERS[lang]
  const title = (q: Survey['questions'][number]) =>
    (lang === 'en-US' ? q.title['en-US'] : undefined) || q.title['zh-CN']
  return [
    h.id,
    lang === 'zh-CN' ? `${h.submittedAt}（${zone}）` : `${h.submittedAt} (${zone})`,
    h.channel,
    h.locale,
    ...survey.questions.map((q) => `${title(q)} [${q.key}]`),
    ...segmentFields,
    h.duration,
    h.flags,
  ]
}

/** One answer as a cell: choices joined by ";", two-part answers as "part=value; …". */
function answerCell(value: unknown): string | number | null {
  if (value === undefined || value === null) return null
  if (typeof value === 'number' || typeof value === 'string') return value
  if (Array.isArray(value)) return value.join(';')
  return Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join('; ')
}

/** A file answer as its file's name (the id when the name is unknown). */
function fileCell(value: unknown, names: ReadonlyMap<string, string>): string | null {
  if (typeof value !== 'string') return null
  return names.get(value) ?? value
}

/** Page through a survey's responses in submission order, as export rows. */
async function* exportRows(
  scope: Scope,
  survey: Survey,
  segmentFields: string[],
  timeZone: string,
  fileNames: ReadonlyMap<string, string>,
): AsyncGenerator<Array<string | number>> {
  // Contact answers in full only for personal-data:export; masked (138****5678) for everyone else.
  const fullContacts = exportsPersonalData(scope.actor)
  let after: { submittedAt: number; id: string } | null = null
  for (;;) {
    const rows = await exportPage(
      scope.db,
      scope.orgId,
      survey.id,
      after,
      PAGE,
      recordsWithinUnits(scope),
    )
    for (const row of rows) {
      yield [
        row.id,
        // Local time with its offset: read as the organisation's time, imported as the same instant.
        localTimeWithOffset(row.submittedAt, timeZone),
        neutraliseCell(row.channel),
        row.locale,
        ...survey.questions.map((q) =>
          neutraliseCell(
            answerCell(
              q.type === 'contact' && !fullContacts
                ? maskContactAnswer(row.answers[q.key])
                : q.type === 'file_upload'
                  ? fileCell(row.answers[q.key], fileNames)
                  : row.answers[q.key],
            ),
          ),
        ),
        ...segmentFields.map((f) => neutraliseCell(row.segments[f] ?? null)),
        row.durationMs === null ? '' : Math.round(row.durationMs / 100) / 10,
        row.qualityFlags,
      ]
    }
    if (rows.length < PAGE) return
    const last = rows.at(-1)!
    after = { submittedAt: last.submittedAt, id: last.id }
  }
}

/** Stream all answers of a survey as CSV (UTF-8 with BOM, for Excel) or XLSX, with zh or en labels. */
export async function exportResponses(
  scope: Scope,
  surveyId: string,
  query: unknown,
): Promise<TableDownload> {
  requirePermission(scope.actor, 'responses:read')
  const { format, lang, crosstab } = parseInput(ExportQuerySchema, query ?? {}, 'export query')
  const survey = await getSurvey(scope, surveyId)
  requireCustomerSurvey(survey)
  const segmentFields = Object.keys(await segmentValues(scope, scope.orgId, survey.id)).sort()
  const timeZone = await organisationTimezone(scope)
  const header = headerRow(survey, lang, segmentFields, timeZoneLabel(timeZone, lang, scope.now))
  // A file question's cell is the file's name (the file itself is downloaded from the app).
  const fileNames = survey.questions.some((q) => q.type === 'file_upload')
    ? await exportedFileNames(scope.db, scope.orgId, survey.id)
    : new Map<string, string>()
  if (crosstab !== undefined && format !== 'xlsx')
    throw new ValidationError('VALIDATION_FAILED', 'A cross-tab sheet needs format=xlsx.', [
      { path: 'crosstab', reason: `format ${format}`, allowed: 'format=xlsx' },
    ])
  const collector =
    crosstab === undefined ? null : new CrosstabCollector(crosstabColumns(crosstab, header))
  const rows = collected(exportRows(scope, survey, segmentFields, timeZone, fileNames), collector)
  const filename = `survey-${survey.slug}-responses.${format}`
  // Who took the answers out, and when: ids and format only, no answer content.
  await recordAudit(scope.db, scope, {
    action: 'responses.export',
    entity: 'survey',
    entityId: survey.id,
    detail: {
      format,
      lang,
      personalData: exportsPersonalData(scope.actor) && hasContactQuestion(survey),
    },
  })
  return {
    filename,
    contentType: TABLE_CONTENT_TYPES[format],
    body: streamTable(
      format,
      lang === 'en-US' ? 'Responses' : '答卷',
      header,
      rows,
      collector ? () => [collector.sheet(lang)] : undefined,
    ),
  }
}

/** The rows as they are, each also shown to the cross-tab's collector when there is one. */
async function* collected(
  rows: AsyncGenerator<Array<string | number>>,
  collector: CrosstabCollector | null,
): AsyncGenerator<Array<string | number>> {
  for await (const row of rows) {
    collector?.add(row)
    yield row
  }
}

function hasContactQuestion(survey: Survey): boolean {
  return survey.questions.some((q) => q.type === 'contact')
}
