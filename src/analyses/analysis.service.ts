import { requirePermission } from '../auth/permission.service.js'
import type { Scope } from '../db/scope.js'
import { organisationTimezone } from '../organisations/organisation.service.js'
import { getSurvey } from '../surveys/survey.service.js'
import { exportResponses, respondentWeight } from '../responses/response-files.service.js'
import { datesOfRange } from '../shared/date-range-preset.js'
import { NotFoundError } from '../shared/errors.js'
import { localDayOf } from '../shared/timezone.js'
import { parseInput } from '../shared/validation.js'
import {
  recognizeLayout,
  type Table,
  tableFromBytes,
  type TableLimits,
} from '../tabular/tabular.service.js'
import type { AnalyzeOptions } from './analysis-options.js'
import type { RunContext } from './analysis-runner.js'
import { analysisRunner } from './analysis-runners.js'
import {
  ANALYSIS_METHODS,
  type AnalysisColumns,
  AnalysisColumnsRequestSchema,
  type AnalysisRequest,
  AnalysisRequestSchema,
} from './analysis.schema.js'
import { selectRows } from './analysis-rows.js'
import { expandPartCells, PART_SEPARATOR } from './part-cells.js'

type Source = {
  file?: { name: string; contentBase64: string }
  survey?: { id: string; lang: 'zh-CN' | 'en-US' }
}

/**
 * The table of a request: the uploaded file (another tool's export read in its layout), or the
 * survey's answers as its export writes them (which the audit log records as an export);
 * two-part cells (Kano, SERVQUAL, matrix) split into a column per part.
 */
async function tableOf(
  scope: Scope,
  source: Source,
  read: { encoding?: 'utf8' | 'gb18030'; sheet?: string },
  limits: TableLimits,
): Promise<Table> {
  if (source.survey) {
    const download = await exportResponses(scope, source.survey.id, {
      format: 'csv',
      lang: source.survey.lang,
    })
    const chunks: Buffer[] = []
    for await (const chunk of download.body) chunks.push(Buffer.from(chunk as Uint8Array))
    return expandPartCells(await tableFromBytes(download.filename, Buffer.concat(chunks), limits))
  }
  const file = source.file!
  return expandPartCells(
    await tableFromBytes(file.name, Buffer.from(file.contentBase64, 'base64'), {
      ...read,
      ...limits,
    }),
  )
}

/** Run one analysis on an uploaded CSV/XLSX file or a survey's answers; nothing is stored. */
export async function runAnalysis(
  scope: Scope,
  method: string,
  body: unknown,
  limits: TableLimits = {},
): Promise<unknown> {
  requirePermission(scope.actor, 'analyses:run')
  const request = parseInput(AnalysisRequestSchema, body, 'analysis request')
  return (await analyseRequest(scope, method, request, limits)).result
}

/** What one run read and found: the period's dates (when it has one), the rows kept, the result. */
export interface AnalysisOutcome {
  period: { from: string; to: string } | null
  rows: number
  result: unknown
}

/**
 * One analysis of a checked request (the workbench's, or a saved analysis's): the table read,
 * its rows chosen by the filters and period (a preset's dates on the organisation's calendar
 * today), the method run.
 */
export async function analyseRequest(
  scope: Scope,
  method: string,
  request: AnalysisRequest,
  limits: TableLimits,
): Promise<AnalysisOutcome> {
  const run = analysisRunner(method)
  if (!run) {
    throw new NotFoundError('ANALYSIS_METHOD_NOT_FOUND', `Unknown analysis method "${method}".`, [
      {
        path: 'method',
        reason: `unknown method "${method}"`,
        allowed: ANALYSIS_METHODS.join(', '),
      },
    ])
  }
  const options = Object.fromEntries(
    Object.entries(request.options).map(([key, value]) => [
      key,
      typeof value === 'number' || typeof value === 'boolean' ? String(value) : value,
    ]),
  ) as unknown as AnalyzeOptions
  const table = await tableOf(
    scope,
    request,
    {
      ...(options.encoding ? { encoding: options.encoding } : {}),
      ...(options.sheet ? { sheet: options.sheet } : {}),
    },
    limits,
  )
  const period = request.period ? datesOfRange(request.period, await todayOf(scope)) : null
  const chosen = selectRows(table, request.filters, period)
  // No readModelFile: over HTTP a model comes inline, never as a path on the server.
  const weightField = request.survey
    ? (await getSurvey(scope, request.survey.id)).settings.weightField
    : undefined
  return {
    period,
    rows: chosen.rows.length,
    result: await run(
      chosen,
      options,
      weightField ? surveyWeightsOf(weightField, weightColumnOf(table.headers, weightField)) : {},
    ),
  }
}

/**
 * The column of a survey's export that holds its weight field: a hidden field is exported under
 * its own name, a slider question under `title [key]` (response-export.ts headerRow), so a weight
 * taken from a slider answer is the column ending in ` [key]`. The hidden field comes first, as
 * respondentWeight reads it first.
 */
function weightColumnOf(headers: readonly string[], field: string): string {
  if (headers.includes(field)) return field
  return headers.find((h) => h.endsWith(` [${field}]`)) ?? field
}

/**
 * A weighted survey's weight column (as the export names it, see weightColumnOf) and its rule for
 * a valid weight (the headline's and league's).
 */
function surveyWeightsOf(field: string, column: string): RunContext {
  return {
    surveyWeights: {
      field: column,
      weightOf: (cell) => respondentWeight(field, { [field]: cell }) ?? null,
    },
  }
}

async function todayOf(scope: Scope): Promise<string> {
  const day = localDayOf(scope.now, await organisationTimezone(scope))
  return new Date(day * 86_400_000).toISOString().slice(0, 10)
}

const NUMBER = /^-?\d+(\.\d+)?$/

/** The columns of a file or a survey's answers, named and described, to pick from in the workbench. */
export async function listAnalysisColumns(
  scope: Scope,
  body: unknown,
  limits: TableLimits = {},
): Promise<AnalysisColumns> {
  requirePermission(scope.actor, 'analyses:run')
  const request = parseInput(AnalysisColumnsRequestSchema, body, 'columns request')
  const table = await tableOf(scope, request, {}, limits)
  // A survey's own weight field is offered as a weight even with a bad value in it: the crosstab
  // leaves such answers out and counts them (crosstab-runner.ts).
  const weightField = request.survey
    ? (await getSurvey(scope, request.survey.id)).settings.weightField
    : undefined
  const weightColumn = weightField ? weightColumnOf(table.headers, weightField) : undefined
  const layout = recognizeLayout(table.headers, [])
  const described = new Map(layout.columns.map((c) => [c.header, c] as const))
  return {
    tool: request.survey ? 'manyi' : layout.tool,
    rows: table.rows.length,
    columns: table.headers.map((header, i) => {
      const cells = table.rows.map((r) => (r[i] ?? '').trim()).filter((c) => c !== '')
      const numeric =
        header === weightColumn || (cells.length > 0 && cells.every((c) => NUMBER.test(c)))
      const split = header.lastIndexOf(PART_SEPARATOR)
      if (split > 0) {
        const whole = described.get(header.slice(0, split))
        return {
          header,
          question: whole?.question ?? header.slice(0, split),
          sub: header.slice(split + PART_SEPARATOR.length),
          role: 'answer' as const,
          numeric,
        }
      }
      const column = described.get(header)
      return {
        header,
        question: column?.question ?? header,
        ...(column?.sub ? { sub: column.sub } : {}),
        role: column?.role ?? 'answer',
        numeric,
      }
    }),
  }
}
