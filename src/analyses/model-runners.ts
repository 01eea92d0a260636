import { estimatePlsModel, type PlsModel } from '../analytics/pls-path-model.js'
import { evaluateIndexTree, type IndexTreeSpec } from '../analytics/satisfaction-index-tree.js'
import { ValidationError } from '../shared/errors.js'
import { completeNumericColumns, numericColumn } from '../tabular/tabular.service.js'
import {
  choiceOption,
  numberOption,
  requireOption,
  type AnalyzeOptions,
} from './analysis-options.js'
import type { RunContext, Runner } from './analysis-runner.js'

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
