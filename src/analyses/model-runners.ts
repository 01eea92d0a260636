import { plsMultigroup } from '../analytics/pls-multigroup.js'
import { estimatePlsModel, type PlsModel } from '../analytics/pls-path-model.js'
import { plsPredict } from '../analytics/pls-predict.js'
import { blindfoldingQ2 } from '../analytics/pls-blindfolding.js'
import { evaluateIndexTree, type IndexTreeSpec } from '../analytics/satisfaction-index-tree.js'
import { ValidationError } from '../shared/errors.js'
import { checkPlsModel } from '../analytics/pls-layout.js'
import {
  checkRange,
  completeNumericColumns,
  numericColumn,
  textColumn,
} from '../tabular/tabular.service.js'
import {
  choiceOption,
  listOption,
  optionInvalid,
  rangedOption,
  requireOption,
  scaleOption,
  type AnalyzeOptions,
} from './analysis-options.js'
import type { RunContext, Runner } from './analysis-runner.js'
import { imputedColumns, listwiseColumns, missingHandling } from './missing-data.js'
import { completeRowWeights, respondentWeights, weightsOfRows } from './respondent-weights.js'

/**
 * Satisfaction index models given as JSON (a file on the command line, inline in the API): the
 * ACSI/ECSI structural model by PLS path modelling, and a weighted index tree.
 */

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

export const plspm: Runner = async (table, options, context) => {
  const model = await loadModel(options, context)
  // The model first: a column the data lacks is MODEL_INVALID (docs/errors.md), not a read error.
  checkPlsModel(model, table.headers)
  const indicators = Object.values(model.constructs).flat()
  const scheme = choiceOption(options, 'scheme', ['path', 'centroid', 'factorial'] as const, 'path')
  const samples = rangedOption(
    options,
    'bootstrap',
    { min: 0, max: 10000, integer: true, allowed: 'a whole number of resamples, 0–10000' },
    0,
  )!
  const seed = rangedOption(options, 'seed', { integer: true, allowed: 'a whole number' }, 1)
  const consistent = flagOption(options, 'consistent')
  const scale = scaleOption(options, 1, 10)
  // Blanks: listwise (default), or mean/EM imputation (--impute); pairwise deletion is not offered,
  // since the construct scores, indices and PLSpredict need every row's answers.
  const impute = missingHandling(options, ['none', 'mean', 'em'])
  if (impute !== 'none' && options.group !== undefined)
    throw optionInvalid(
      '--group',
      '--group compares groups of complete rows; leave out --impute to compare groups.',
      '--group without --impute',
    )
  const read =
    impute === 'none'
      ? listwiseColumns(table, indicators)
      : imputedColumns(table, indicators, impute)
  const { columns, n, dropped } = read
  // PLSpredict: 10 folds unless said (0 leaves it out), none by default under 20 rows; never more folds than rows.
  const folds = rangedOption(
    options,
    'folds',
    {
      min: 0,
      max: Math.max(n, 2),
      integer: true,
      allowed: `0 (none) or 2–${Math.max(n, 2)} folds`,
    },
    // Too few rows to hold any out by default: PLSpredict only when asked.
    n >= 20 ? 10 : 0,
  )!
  if (folds === 1)
    throw optionInvalid('--folds', '--folds 1 leaves nothing to train on.', '0 or ≥ 2')
  // The 0–100 indices map the scale onto 0–100: an answer outside it would take them outside too.
  for (const column of indicators)
    checkRange(table, column, numericColumn(table, column), scale.min, scale.max, false)
  // Respondent weights (weighted PLS): the weighted indicator moments; PLSpredict, blindfolding
  // and the permutation multigroup comparison hold out or shuffle rows as if they were equal, so
  // they are left out by default and refused when asked for with weights.
  const resolved = respondentWeights(table, options)
  const respondent = resolved
    ? { weights: weightsOfRows(table, resolved, read.rows), report: resolved.report }
    : undefined
  if (respondent)
    for (const [flag, given] of [
      ['--folds', Number(options.folds ?? 0) > 0],
      ['--omission-distance', Number(options.omissionDistance ?? 0) > 0],
      ['--group', options.group !== undefined],
    ] as const)
      if (given)
        throw optionInvalid(
          flag,
          `${flag} treats rows as equal; it is not computed with respondent weights (--weight/--rake).`,
          `${flag} without weights`,
        )
  const result = estimatePlsModel(model, columns, {
    scheme,
    scale,
    consistent,
    bootstrap: samples > 0 ? { samples, seed } : undefined,
    weights: respondent?.weights,
  })
  const { scores, ...summary } = result
  const predict =
    !respondent && folds >= 2 ? plsPredict(model, columns, { folds, seed, scheme }) : undefined
  // Blindfolding Q² (cross-validated redundancy): omission distance 7 unless said, 0 leaves it
  // out; by default only from 20 rows, as PLSpredict.
  const distance = rangedOption(
    options,
    'omissionDistance',
    {
      min: 0,
      max: Math.max(2, Math.floor(n / 2)),
      integer: true,
      allowed: `0 (none) or 2–${Math.max(2, Math.floor(n / 2))}`,
    },
    n >= 20 ? 7 : 0,
  )!
  if (distance === 1)
    throw optionInvalid(
      '--omission-distance',
      '--omission-distance 1 would omit every point at once.',
      '0 or ≥ 2',
    )
  const blindfolding =
    !respondent && distance >= 2
      ? blindfoldingQ2(model, columns, { omissionDistance: distance, scheme })
      : undefined
  const multigroup = options.group
    ? multigroupOf(table, options, model, { scheme, consistent, seed: seed ?? 1 })
    : undefined
  return {
    ...summary,
    dropped,
    missingData: read.report,
    ...(respondent ? { weighting: respondent.report } : {}),
    // --scores: each complete row's construct scores (mean 0, sd 1), with its row in the file.
    ...(flagOption(options, 'scores')
      ? { constructScores: { rows: read.rows.map((r) => r + 2), scores } }
      : {}),
    ...(predict ? { predict: predict.indicators, q2predict: predict.constructs, folds } : {}),
    ...(blindfolding ? { blindfolding } : {}),
    ...(multigroup
      ? {
          groups: multigroup.groups,
          permutations: multigroup.permutations.samples,
          // Shuffles where an estimate is not possible (PLSc inadmissible, a constant indicator
          // in one group) are left out, and the p-values count only those used.
          permutationsUsed: multigroup.permutations.used,
          multigroup: multigroup.paths,
        }
      : {}),
  }
}

/** A yes/no option: the CLI flag gives true, the API true/false or "true"/"false". */
function flagOption(options: AnalyzeOptions, key: 'consistent' | 'scores'): boolean {
  const raw = options[key]
  if (raw === undefined || raw === false || raw === 'false') return false
  if (raw === true || raw === 'true') return true
  throw optionInvalid(
    `--${key}`,
    `--${key} is a yes/no option, got "${String(raw)}".`,
    'true, false',
  )
}

/** The multigroup comparison of --group's two groups (or the two named by --groups a,b). */
function multigroupOf(
  table: Parameters<Runner>[0],
  options: AnalyzeOptions,
  model: PlsModel,
  settings: { scheme: 'path' | 'centroid' | 'factorial'; consistent: boolean; seed: number },
) {
  const group = options.group!
  const indicators = Object.values(model.constructs).flat()
  if (indicators.includes(group))
    throw optionInvalid(
      '--group',
      `--group "${group}" is an indicator of the model.`,
      'another column',
    )
  const labels = textColumn(table, group).map((c) => c.trim())
  const values = indicators.map((column) => numericColumn(table, column))
  // The rows with every indicator answered and a group: the same rows as the estimate, grouped.
  const rows = labels.flatMap((label, i) =>
    label !== '' && values.every((column) => column[i] !== null) ? [i] : [],
  )
  const permutations = rangedOption(
    options,
    'permutations',
    { min: 1, max: 10000, integer: true, allowed: 'a whole number of permutations, 1–10000' },
    500,
  )!
  const pair = options.groups ? listOption(options.groups) : undefined
  if (pair && pair.length !== 2)
    throw optionInvalid('--groups', '--groups names the two groups to compare, as a,b.', 'a,b')
  return plsMultigroup(
    model,
    Object.fromEntries(
      indicators.map((column, k) => [column, rows.map((i) => values[k]![i] as number)]),
    ),
    rows.map((i) => labels[i]!),
    { ...settings, permutations, compare: pair as [string, string] | undefined },
  )
}

function treeColumns(spec: IndexTreeSpec): string[] {
  if (!spec.children || spec.children.length === 0)
    return [spec.column, spec.importanceColumn].filter((c): c is string => typeof c === 'string')
  return spec.children.flatMap(treeColumns)
}

/** The leaves' answer columns (not their importance columns, which may use another scale). */
function answerColumns(spec: IndexTreeSpec): string[] {
  if (!spec.children || spec.children.length === 0)
    return typeof spec.column === 'string' ? [spec.column] : []
  return [...new Set(spec.children.flatMap(answerColumns))]
}

export const csi: Runner = async (table, options, context) => {
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
  const scale = scaleOption(options, 1, 5)
  const { columns, n, dropped } = completeNumericColumns(table, names)
  // Leaves are mapped from the scale onto 0–100: an answer outside it (1–10 answers read on the
  // default 1–5) would give an index above 100.
  for (const column of answerColumns(tree))
    checkRange(table, column, numericColumn(table, column), scale.min, scale.max, false)
  const respondent = completeRowWeights(table, options, names)
  return {
    n,
    dropped,
    weighting,
    scale,
    ...(respondent ? { respondentWeights: respondent.report } : {}),
    index: evaluateIndexTree(tree, columns, {
      weights: weighting,
      scale,
      outcome: outcome ? columns[outcome] : undefined,
      respondentWeights: respondent?.weights,
    }),
  }
}
