import { computeCes } from '../analytics/ces.js'
import { computeCsat } from '../analytics/csat.js'
import { computeCsm, CSM_LEVELS, csmLevelScore, isCsmScore } from '../analytics/csm-index.js'
import { computeNps, countNpsScores } from '../analytics/nps.js'
import { npsScoreInterval } from '../analytics/nps-score-interval.js'
import { weightedCsm } from '../analytics/weighted-categories.js'
import {
  weightedNps,
  weightedScaleMean,
  weightedShareAtLeast,
} from '../analytics/weighted-scores.js'
import { distributionFromScores } from '../analytics/score-distribution.js'
import { ValidationError } from '../shared/errors.js'
import type { Table } from '../tabular/tabular.service.js'
import { checkRange, numericColumn, textColumn } from '../tabular/tabular.service.js'
import {
  listOption,
  optionInvalid,
  rangedOption,
  requireOption,
  type AnalyzeOptions,
} from './analysis-options.js'
import type { Runner } from './analysis-runner.js'
import { type ScoreMethod, scoreComparison } from './score-comparison.js'
import { respondentWeights, type WeightReport, weightsOfRows } from './respondent-weights.js'

/** The one-question scores: NPS, CSAT, CES and the 7-level CSM scale, from one answer column. */

export const present = (values: ReadonlyArray<number | null>) =>
  values.filter((v): v is number => v !== null)

function scaleColumn(
  table: Table,
  options: AnalyzeOptions,
  method: string,
  min: number,
  max: number,
): number[] {
  const column = requireOption(options, 'column', method)
  const values = numericColumn(table, column)
  checkRange(table, column, values, min, max)
  return present(values)
}

/**
 * --weight COL and/or --rake: the answered rows' scores with their respondent weights (numbers
 * ≥ 0, respondent-weights.ts); a blank or negative weight on an answered row is refused with its
 * row, never read as 0.
 */
function weightedAnswers(
  table: Table,
  options: AnalyzeOptions,
  method: string,
  min: number,
  max: number,
): { scores: number[]; weights: number[]; report: WeightReport } | null {
  const resolved = respondentWeights(table, options)
  if (!resolved) return null
  const column = requireOption(options, 'column', method)
  const values = numericColumn(table, column)
  checkRange(table, column, values, min, max)
  const rows = values.flatMap((v, r) => (v === null ? [] : [r]))
  return {
    scores: rows.map((r) => values[r]!),
    weights: weightsOfRows(table, resolved, rows),
    report: resolved.report,
  }
}

/** How a weighted result names its weights: the column (as before), and the raking when used. */
const weightFields = (report: WeightReport) => ({
  ...(report.column ? { weight: report.column } : {}),
  ...(report.raking ? { raking: report.raking } : {}),
})

export const nps: Runner = (table, options) => {
  const result = computeNps(countNpsScores(scaleColumn(table, options, 'nps', 0, 10)))
  const weighted = weightedAnswers(table, options, 'nps', 0, 10)
  return {
    n: result.n,
    promoters: result.promoters,
    passives: result.passives,
    detractors: result.detractors,
    nps: result.nps,
    ci95: result.ci95,
    se: result.se,
    wald95: result.wald95,
    // The score interval (Tango-type, nps-score-interval.ts): within −100…100 by construction.
    scoreCi95: npsScoreInterval(result.promoters, result.detractors, result.n),
    lowConfidence: result.lowConfidence,
    ...comparedBy(table, options, 'nps'),
    ...(weighted && weighted.scores.length > 0
      ? {
          ...weightFields(weighted.report),
          weighted: weightedNps(weighted.scores, weighted.weights),
        }
      : {}),
  }
}

export const csat: Runner = (table, options) => {
  const topBox = rangedOption(
    options,
    'topBox',
    { min: 2, max: 5, integer: true, allowed: 'a whole answer 2–5 on the 1–5 scale' },
    4,
  )!
  const result = computeCsat(
    distributionFromScores(scaleColumn(table, options, 'csat', 1, 5), 1, 5),
    topBox,
  )
  return {
    ...result,
    ...comparedBy(table, options, 'csat', topBox),
    ...weightedScore(table, options, 'csat', 1, 5, topBox),
  }
}

export const ces: Runner = (table, options) => ({
  ...computeCes(distributionFromScores(scaleColumn(table, options, 'ces', 1, 7), 1, 7)),
  ...comparedBy(table, options, 'ces'),
  // CES 2.0 "agree" share: answers 5–7 (Dixon, Toman & DeLisi 2013).
  ...weightedScore(table, options, 'ces', 1, 7, 5),
})

/** --by/--period: each group's figure against the rest, and --groups a,b against each other. */
function comparedBy(table: Table, options: AnalyzeOptions, method: ScoreMethod, topBox?: number) {
  if (!options.by && !options.period) return {}
  return scoreComparison(table, options, method, requireOption(options, 'column', method), topBox)
}

/** The weighted share at or above `from` and the weighted mean, when --weight names a column. */
function weightedScore(
  table: Table,
  options: AnalyzeOptions,
  method: string,
  min: number,
  max: number,
  from: number,
) {
  const weighted = weightedAnswers(table, options, method, min, max)
  if (!weighted || weighted.scores.length === 0) return {}
  return {
    ...weightFields(weighted.report),
    weighted: {
      ...weightedShareAtLeast(weighted.scores, weighted.weights, from),
      shareFrom: from,
      // Within the scale, and not a point when every weighted answer is the same.
      meanScore: weightedScaleMean(weighted.scores, weighted.weights, [min, max]),
    },
  }
}

export const csm: Runner = (table, options) => {
  const column = requireOption(options, 'column', 'csm')
  const rows: number[] = []
  const scores = textColumn(table, column).flatMap((cell, r) => {
    if (cell === '') return []
    rows.push(r)
    const score = csmLevelScore(cell)
    if (score === null) {
      throw new ValidationError(
        'VALUE_OUT_OF_RANGE',
        `${table.file} row ${r + 2}, column "${column}": "${cell}" is not a CSM level.`,
        [
          {
            path: `${table.file}:${r + 2}:${column}`,
            reason: `"${cell}" is not a level`,
            allowed: CSM_LEVELS.map((l) => `${l.zh} (${l.score})`).join(', '),
          },
        ],
      )
    }
    return [score]
  })
  const satisfied = options.satisfied ? satisfiedScores(options.satisfied) : undefined
  const result = computeCsm(scores, satisfied)
  // --weight/--rake: weighted mean score, satisfied share and level shares (weighted-categories.ts).
  const resolved = respondentWeights(table, options)
  if (!resolved || scores.length === 0) return result
  return {
    ...result,
    ...weightFields(resolved.report),
    weighted: weightedCsm(scores, weightsOfRows(table, resolved, rows), satisfied),
  }
}

/** --satisfied 20,40,60: scores of CSM levels, each once. */
function satisfiedScores(spec: string): number[] {
  const allowed = CSM_LEVELS.map((l) => l.score).join(', ')
  const scores = listOption(spec).map((s) => (/^[+-]?\d+$/.test(s) ? Number(s) : Number.NaN))
  if (scores.length === 0 || scores.some((s) => !isCsmScore(s)))
    throw optionInvalid(
      '--satisfied',
      `--satisfied "${spec}" is not a list of CSM scores.`,
      allowed,
    )
  return [...new Set(scores)]
}
