import { analyzeKanoPairs, classifyKanoPair, type KanoPair } from '../analytics/kano.js'
import { weightedKano } from '../analytics/weighted-categories.js'
import { refuseRespondentWeights, respondentWeights, weightsOfRows } from './respondent-weights.js'
import { hasKanoCountColumns, kanoFromCounts } from './kano-counts.js'
import { ValidationError } from '../shared/errors.js'
import { textColumn } from '../tabular/tabular.service.js'
import { listOption, requireOption } from './analysis-options.js'
import type { Runner } from './analysis-runner.js'
import { KANO_ALLOWED, parseKanoAnswer } from './kano-answers.js'

/**
 * Kano classification of functional/dysfunctional answer column pairs, or of aggregated counts:
 * with --counts ATTRIBUTE (or without --pairs on a table that has A, O, M and I columns), each row
 * is an attribute with its count per category, analysed as the same counts classified from
 * answer pairs are (without the DuMouchel point, which needs the answers).
 */
export const kano: Runner = (table, options) => {
  if (options.counts !== undefined || (options.pairs === undefined && hasKanoCountColumns(table))) {
    refuseRespondentWeights(
      options,
      'kano --counts',
      'each row is an attribute with its counts, not a respondent; weight the answers before counting them, or give the answer pairs with --pairs.',
    )
    return kanoFromCounts(table, options.counts)
  }
  const pairs = listOption(requireOption(options, 'pairs', 'kano')).map((spec) => {
    const [functional, dysfunctional] = spec.split(':')
    if (!functional || !dysfunctional) {
      throw new ValidationError(
        'OPTION_INVALID',
        `--pairs takes functionalCol:dysfunctionalCol, got "${spec}".`,
        [{ path: '--pairs', reason: `"${spec}" has no ":"` }],
      )
    }
    return { functional, dysfunctional }
  })
  // --weight/--rake: weighted category shares and Better/Worse beside the counts, whose χ² and
  // Fong test stay unweighted (weighted-categories.ts says why).
  const resolved = respondentWeights(table, options)
  return {
    ...(resolved ? { weighting: resolved.report } : {}),
    features: pairs.map(({ functional, dysfunctional }) => {
      const f = textColumn(table, functional)
      const d = textColumn(table, dysfunctional)
      const answers: KanoPair[] = []
      const rows: number[] = []
      f.forEach((cell, r) => {
        if (cell === '' || d[r] === '') return
        rows.push(r)
        const pair = { functional: parseKanoAnswer(cell), dysfunctional: parseKanoAnswer(d[r]!) }
        for (const [side, column] of [
          ['functional', functional],
          ['dysfunctional', dysfunctional],
        ] as const) {
          if (pair[side] === null) {
            const value = side === 'functional' ? cell : d[r]
            throw new ValidationError(
              'VALUE_OUT_OF_RANGE',
              `${table.file} row ${r + 2}, column "${column}": "${value}" is not a Kano answer.`,
              [
                {
                  path: `${table.file}:${r + 2}:${column}`,
                  reason: `"${value}" is not a Kano answer`,
                  allowed: KANO_ALLOWED,
                },
              ],
            )
          }
        }
        answers.push(pair as KanoPair)
      })
      const result = analyzeKanoPairs(featureName(functional), answers)
      if (!resolved || answers.length === 0) return result
      return {
        ...result,
        weighted: weightedKano(
          answers.map((a) => classifyKanoPair(a.functional, a.dysfunctional)),
          weightsOfRows(table, resolved, rows),
        ),
      }
    }),
  }
}

/**
 * The feature's name from its functional column: a suffix after a separator ("wifi_f",
 * "wifi-func", "wifi_functional", "功能_有", "功能_正向") is dropped; a name that merely ends in
 * "f" ("staff") stays whole.
 */
export function featureName(functional: string): string {
  return functional.replace(/[_\-\s](functional|func|f|有|正向|具备)$/i, '') || functional
}
