import { computeCes } from '../analytics/ces.js'
import { cChart, cusumChart, ewmaChart, pChart } from '../analytics/control-charts.js'
import { detectMeanChange, detectRateChange } from '../analytics/change-point.js'
import { analyzeReliability } from '../analytics/cronbach-alpha.js'
import { computeCsat } from '../analytics/csat.js'
import { computeCsm, CSM_LEVELS } from '../analytics/csm-index.js'
import {
  analyzeImportancePerformance,
  deriveImportance,
} from '../analytics/importance-performance.js'
import { analyzeKanoPairs, type KanoPair } from '../analytics/kano.js'
import { analyzeKeyDrivers } from '../analytics/key-drivers.js'
import { mean, variance } from '../analytics/matrix.js'
import { computeNps, countNpsScores } from '../analytics/nps.js'
import { estimatePlsModel, type PlsModel } from '../analytics/pls-path-model.js'
import { evaluateIndexTree, type IndexTreeSpec } from '../analytics/satisfaction-index-tree.js'
import { distributionFromScores } from '../analytics/score-distribution.js'
import { computeServqualGaps, SERVQUAL_22_DIMENSIONS } from '../analytics/servqual-gap.js'
import { ValidationError } from '../shared/errors.js'
import type { Table } from '../tabular/read-table.js'
import {
  checkRange,
  completeNumericColumns,
  numericColumn,
  textColumn,
} from '../tabular/table-columns.js'
import {
  choiceOption,
  listOption,
  numberOption,
  requireOption,
  type AnalyzeOptions,
} from './analysis-options.js'
import { KANO_ALLOWED, parseKanoAnswer } from './kano-answers.js'

export interface RunContext {
  /** Whether --model may name a file on this machine (the CLI) or must come inline (the API). */
  readModelFile?: (path: string) => Promise<string>
}

type Runner = (
  table: Table,
  options: AnalyzeOptions,
  context: RunContext,
) => unknown | Promise<unknown>

const present = (values: ReadonlyArray<number | null>) =>
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

const nps: Runner = (table, options) => {
  const result = computeNps(countNpsScores(scaleColumn(table, options, 'nps', 0, 10)))
  return {
    n: result.n,
    promoters: result.promoters,
    passives: result.passives,
    detractors: result.detractors,
    nps: result.nps,
    ci95: result.ci95,
    se: result.se,
    wald95: result.wald95,
    lowConfidence: result.lowConfidence,
  }
}

const csat: Runner = (table, options) =>
  computeCsat(
    distributionFromScores(scaleColumn(table, options, 'csat', 1, 5), 1, 5),
    numberOption(options, 'topBox', 4),
  )

const ces: Runner = (table, options) =>
  computeCes(distributionFromScores(scaleColumn(table, options, 'ces', 1, 7), 1, 7))

const csm: Runner = (table, options) => {
  const column = requireOption(options, 'column', 'csm')
  const scores = textColumn(table, column).flatMap((cell, r) => {
    if (cell === '') return []
    const level = CSM_LEVELS.find(
      (l) => l.zh === cell || l.en.toLowerCase() === cell.toLowerCase() || String(l.score) === cell,
    )
    if (!level) {
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
    return [level.score]
  })
  return computeCsm(
    scores,
    options.satisfied ? listOption(options.satisfied).map(Number) : undefined,
  )
}

const kano: Runner = (table, options) => {
  const pairs = listOption(requireOption(options, 'pairs', 'kano')).map((spec) => {
    const [functional, dysfunctional] = spec.split(':')
    if (!functional || !dysfunctional) {
      throw new ValidationError(
        'VALIDATION_FAILED',
        `--pairs takes functionalCol:dysfunctionalCol, got "${spec}".`,
        [{ path: '--pairs', reason: `"${spec}" has no ":"` }],
      )
    }
    return { functional, dysfunctional }
  })
  return {
    features: pairs.map(({ functional, dysfunctional }) => {
      const f = textColumn(table, functional)
      const d = textColumn(table, dysfunctional)
      const answers: KanoPair[] = []
      f.forEach((cell, r) => {
        if (cell === '' || d[r] === '') return
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
      return analyzeKanoPairs(
        functional.replace(/[_-]?(functional|func|f)$/i, '') || functional,
        answers,
      )
    }),
  }
}

const servqual: Runner = (table, options) => {
  const ePrefix = options.expectationPrefix ?? 'E_'
  const pPrefix = options.perceptionPrefix ?? 'P_'
  const items = table.headers
    .filter((h) => h.startsWith(ePrefix))
    .map((h) => h.slice(ePrefix.length))
  if (items.length === 0) {
    throw new ValidationError(
      'COLUMN_NOT_FOUND',
      `${table.file} has no expectation columns starting with "${ePrefix}".`,
      [{ path: '--expectation-prefix', reason: `no column starts with "${ePrefix}"` }],
    )
  }
  const names = items.flatMap((item) => [ePrefix + item, pPrefix + item])
  const { columns, n, dropped } = completeNumericColumns(table, names)
  const rowsOf = (prefix: string) =>
    Array.from({ length: n }, (_, r) =>
      Object.fromEntries(items.map((item) => [item, columns[prefix + item]![r]!])),
    )
  const itemDimension = Object.fromEntries(
    items.map((item) => [item, SERVQUAL_22_DIMENSIONS[item] ?? 'other']),
  )
  const weights = options.weights
    ? Object.fromEntries(
        listOption(options.weights)
          .map((w) => w.split('='))
          .map(([k, v]) => [k!, Number(v)]),
      )
    : undefined
  const scale = {
    min: numberOption(options, 'scaleMin', 1)!,
    max: numberOption(options, 'scaleMax', 7)!,
  }
  return {
    dropped,
    ...computeServqualGaps({
      itemDimension,
      expectations: rowsOf(ePrefix),
      perceptions: rowsOf(pPrefix),
      weights,
      reversedItems: options.reversed ? listOption(options.reversed) : [],
      scale,
    }),
  }
}

const drivers: Runner = (table, options) => {
  const outcome = requireOption(options, 'outcome', 'drivers')
  const predictors = listOption(requireOption(options, 'predictors', 'drivers'))
  const method = choiceOption(
    options,
    'method',
    ['relative-weights', 'shapley'] as const,
    'relative-weights',
  )
  const { columns, dropped } = completeNumericColumns(table, [outcome, ...predictors])
  const result = analyzeKeyDrivers(
    columns[outcome]!,
    Object.fromEntries(predictors.map((p) => [p, columns[p]!])),
    method,
  )
  return { ...result, dropped }
}

const ipa: Runner = (table, options) => {
  const attributes = listOption(requireOption(options, 'attributes', 'ipa'))
  const importance = choiceOption(
    options,
    'importance',
    ['correlation', 'beta', 'shapley', 'stated'] as const,
    'correlation',
  )
  const crosshair =
    options.crosshair === undefined || options.crosshair === 'data'
      ? undefined
      : { performance: numberOption(options, 'crosshair') }
  if (importance === 'stated') {
    // Stated importance: the mean of each attribute's own importance rating, in the same order.
    const ratings = listOption(
      requireOption(options, 'importanceColumns', 'ipa --importance stated'),
    )
    if (ratings.length !== attributes.length) {
      throw new ValidationError(
        'VALIDATION_FAILED',
        `--importance-columns needs one column per attribute (${attributes.length}), got ${ratings.length}.`,
        [
          {
            path: '--importance-columns',
            reason: `${ratings.length} columns for ${attributes.length} attributes`,
          },
        ],
      )
    }
    const { columns, n, dropped } = completeNumericColumns(table, [...attributes, ...ratings])
    const result = analyzeImportancePerformance(
      attributes.map((name, i) => ({
        name,
        importance: mean(columns[ratings[i]!]!),
        performance: mean(columns[name]!),
      })),
      crosshair,
    )
    return { n, dropped, importanceMethod: importance, ...result }
  }
  const outcome = requireOption(options, 'outcome', 'ipa')
  const { columns, n, dropped } = completeNumericColumns(table, [outcome, ...attributes])
  const derived = deriveImportance(
    columns[outcome]!,
    Object.fromEntries(attributes.map((a) => [a, columns[a]!])),
    importance,
  )
  const result = analyzeImportancePerformance(
    attributes.map((name) => ({
      name,
      importance: derived[name]!,
      performance: mean(columns[name]!),
    })),
    crosshair,
  )
  return { n, dropped, importanceMethod: importance, ...result }
}

const alpha: Runner = (table, options) => {
  const items = listOption(requireOption(options, 'items', 'alpha'))
  if (items.length < 2)
    throw new ValidationError('VALIDATION_FAILED', 'Cronbach’s alpha needs at least two items.', [
      { path: '--items', reason: `${items.length} item`, allowed: 'two or more columns' },
    ])
  const { columns, dropped } = completeNumericColumns(table, items)
  return {
    ...analyzeReliability(
      items,
      items.map((i) => columns[i]!),
    ),
    dropped,
  }
}

/** A JSON spec given as a file path (CLI), JSON text or an object (API). */
async function loadJsonSpec(
  options: AnalyzeOptions,
  key: 'model' | 'tree',
  method: string,
  context: RunContext,
): Promise<unknown> {
  const spec = requireOption(options, key, method)
  try {
    return typeof spec === 'string'
      ? JSON.parse(context.readModelFile ? await context.readModelFile(spec) : spec)
      : spec
  } catch (error) {
    throw new ValidationError(
      'MODEL_INVALID',
      `Cannot read the ${key}: ${(error as Error).message}`,
      [{ path: key, reason: 'not readable JSON' }],
    )
  }
}

async function loadModel(options: AnalyzeOptions, context: RunContext): Promise<PlsModel> {
  const model = (await loadJsonSpec(options, 'model', 'plspm', context)) as PlsModel
  if (
    typeof model?.constructs !== 'object' ||
    model.constructs === null ||
    !Array.isArray(model?.paths)
  ) {
    throw new ValidationError(
      'MODEL_INVALID',
      'The model must hold {"constructs": {NAME: [columns]}, "paths": [{"from", "to"}]}.',
      [{ path: 'model', reason: 'missing constructs or paths' }],
    )
  }
  return model
}

const plspm: Runner = async (table, options, context) => {
  const model = await loadModel(options, context)
  const indicators = Object.values(model.constructs).flat()
  for (const column of indicators) if (!table.headers.includes(column)) numericColumn(table, column)
  const { columns, dropped } = completeNumericColumns(table, indicators)
  const scheme = choiceOption(options, 'scheme', ['path', 'centroid', 'factorial'] as const, 'path')
  const samples = numberOption(options, 'bootstrap', 0)!
  const result = estimatePlsModel(model, columns, {
    scheme,
    scale: {
      min: numberOption(options, 'scaleMin', 1)!,
      max: numberOption(options, 'scaleMax', 10)!,
    },
    bootstrap: samples > 0 ? { samples, seed: numberOption(options, 'seed', 1) } : undefined,
  })
  const { scores: _scores, ...summary } = result
  return { ...summary, dropped }
}

function treeColumns(spec: IndexTreeSpec): string[] {
  if (!spec.children || spec.children.length === 0)
    return [spec.column, spec.importanceColumn].filter((c): c is string => typeof c === 'string')
  return spec.children.flatMap(treeColumns)
}

const csi: Runner = async (table, options, context) => {
  const tree = (await loadJsonSpec(options, 'tree', 'csi', context)) as IndexTreeSpec
  if (typeof tree?.name !== 'string')
    throw new ValidationError(
      'MODEL_INVALID',
      'The tree must be {"name", "children": [...]} with leaves naming a "column".',
      [{ path: 'tree', reason: 'no name' }],
    )
  const weighting = choiceOption(
    options,
    'weighting',
    ['given', 'importance', 'drivers'] as const,
    'given',
  )
  const outcome =
    weighting === 'drivers'
      ? requireOption(options, 'outcome', 'csi --weighting drivers')
      : undefined
  const names = [...new Set([...treeColumns(tree), ...(outcome ? [outcome] : [])])]
  const { columns, n, dropped } = completeNumericColumns(table, names)
  const scale = {
    min: numberOption(options, 'scaleMin', 1)!,
    max: numberOption(options, 'scaleMax', 5)!,
  }
  return {
    n,
    dropped,
    weighting,
    scale,
    index: evaluateIndexTree(tree, columns, {
      weights: weighting,
      scale,
      outcome: outcome ? columns[outcome] : undefined,
    }),
  }
}

const spc: Runner = (table, options) => {
  const chart = choiceOption(
    options,
    'chart',
    ['p', 'c', 'ewma', 'cusum', 'mean-change', 'rate-change'] as const,
    'ewma',
  )
  const column = requireOption(options, 'column', 'spc')
  const values = present(numericColumn(table, column))
  if (chart === 'p') {
    const sizes = present(numericColumn(table, requireOption(options, 'size', 'spc --chart p')))
    return { chart, ...pChart(values.map((count, i) => ({ count, size: sizes[i]! }))) }
  }
  if (chart === 'c') return { chart, ...cChart(values) }
  if (chart === 'mean-change') return { chart, changePoint: detectMeanChange(values) }
  if (chart === 'rate-change') return { chart, changePoint: detectRateChange(values) }
  const mu0 = numberOption(options, 'mu0', mean(values))!
  const sigma = numberOption(options, 'sigma', Math.sqrt(variance(values)))!
  if (chart === 'cusum')
    return {
      chart,
      mu0,
      sigma,
      ...cusumChart(values, {
        mu0,
        sigma,
        k: numberOption(options, 'k'),
        h: numberOption(options, 'h'),
      }),
    }
  return {
    chart,
    mu0,
    sigma,
    ...ewmaChart(values, {
      mu0,
      sigma,
      lambda: numberOption(options, 'lambda'),
      L: numberOption(options, 'L'),
    }),
  }
}

export const ANALYZE_METHODS: Readonly<Record<string, Runner>> = {
  nps,
  csat,
  ces,
  csm,
  csi,
  kano,
  servqual,
  ipa,
  drivers,
  plspm,
  alpha,
  spc,
}

/**
 * The runner of a method named by the caller, or undefined. An own-property
 * check, because a plain lookup finds `constructor`, `toString` or `__proto__`
 * on Object.prototype and would call them as if they were analyses.
 */
export function analysisRunner(method: string): Runner | undefined {
  return Object.hasOwn(ANALYZE_METHODS, method) ? ANALYZE_METHODS[method] : undefined
}
