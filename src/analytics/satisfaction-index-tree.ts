import { ValidationError } from '../shared/errors.js'
import { relativeWeights } from './key-drivers.js'
import { correlationMatrix, mean } from './matrix.js'
import { weightedAverage, weightedCorrelationMatrix } from './weighted-moments.js'
import { weightSummary } from './weighted-scores.js'

/**
 * A weighted satisfaction index (CSI) tree: leaves are answer columns turned
 * into 0–100 scores, each node is the weighted mean of its children. Weights
 * are given, taken from stated importance (the mean of an importance column),
 * or derived from the data (Johnson's relative weights of the children's
 * scores on an overall outcome, Johnson 2000). Covers the usual service CSI
 * (performance, assurance, completeness, ease of use, emotion/environment) and
 * enterprise CSI (reputation, designation, return rate, complaint rate, sales
 * power) trees.
 */

export type WeightSource = 'given' | 'importance' | 'drivers'

export interface IndexTreeSpec {
  name: string
  /** Given weight (any positive scale; siblings are normalized). */
  weight?: number
  /** A leaf's answer column. */
  column?: string
  /** A leaf's stated-importance column (for `weights: "importance"`). */
  importanceColumn?: string
  children?: IndexTreeSpec[]
}

export interface IndexTreeOptions {
  weights: WeightSource
  /** The answer scale of the leaf columns, mapped to 0–100. */
  scale: { min: number; max: number }
  /** For `weights: "drivers"`: the overall-satisfaction column. */
  outcome?: readonly number[]
  /**
   * Respondent weights (design or raking, ≥ 0): node scores and stated importance become weighted
   * means, derived weights come from the weighted correlation matrix.
   */
  respondentWeights?: readonly number[]
}

export interface IndexTreeNode {
  name: string
  /** Normalized weight among its siblings (1 for the root). */
  weight: number
  /** 0–100. */
  score: number
  children?: IndexTreeNode[]
}

interface Evaluated {
  node: IndexTreeNode
  /** Per-respondent 0–100 scores. */
  vector: number[]
  importance: number | null
}

export function evaluateIndexTree(
  spec: IndexTreeSpec,
  columns: Record<string, readonly number[]>,
  options: IndexTreeOptions,
): IndexTreeNode {
  const n = Object.values(columns)[0]?.length ?? 0
  if (n === 0)
    throw new ValidationError('NOT_ENOUGH_DATA', 'The index needs at least one complete row.', [
      { path: 'input', reason: 'no complete rows', allowed: 'one or more' },
    ])
  if (options.respondentWeights) {
    if (options.respondentWeights.length !== n)
      throw new ValidationError(
        'VALIDATION_FAILED',
        `${n} rows but ${options.respondentWeights.length} respondent weights.`,
        [{ path: 'respondentWeights', reason: 'length differs', allowed: 'one per row' }],
      )
    weightSummary(options.respondentWeights)
  }
  const root = evaluate(spec, columns, options, 'tree')
  return { ...root.node, weight: 1 }
}

function evaluate(
  spec: IndexTreeSpec,
  columns: Record<string, readonly number[]>,
  options: IndexTreeOptions,
  path: string,
): Evaluated {
  if (!spec.children || spec.children.length === 0)
    return evaluateLeaf(spec, columns, options, path)
  const children = spec.children.map((child, i) =>
    evaluate(child, columns, options, `${path}.children[${i}]`),
  )
  const raw = childWeights(spec, children, options, path)
  const total = raw.reduce((a, b) => a + b, 0)
  if (!(total > 0))
    throw new ValidationError('OPTION_INVALID', `The weights under "${spec.name}" sum to zero.`, [
      { path, reason: 'weights sum to zero' },
    ])
  const weights = raw.map((w) => w / total)
  const n = children[0]!.vector.length
  const vector = Array.from({ length: n }, (_, r) =>
    children.reduce((sum, c, i) => sum + weights[i]! * c.vector[r]!, 0),
  )
  const importance = children.every((c) => c.importance !== null)
    ? mean(children.map((c) => c.importance!))
    : null
  return {
    node: {
      name: spec.name,
      weight: spec.weight ?? 1,
      score: weightedAverage(vector, options.respondentWeights),
      children: children.map((c, i) => ({ ...c.node, weight: weights[i]! })),
    },
    vector,
    importance,
  }
}

function evaluateLeaf(
  spec: IndexTreeSpec,
  columns: Record<string, readonly number[]>,
  options: IndexTreeOptions,
  path: string,
): Evaluated {
  const values = spec.column === undefined ? undefined : columns[spec.column]
  if (!values)
    throw new ValidationError('MODEL_INVALID', `Leaf "${spec.name}" needs a column the data has.`, [
      { path: `${path}.column`, reason: spec.column ? `no column "${spec.column}"` : 'missing' },
    ])
  const { min, max } = options.scale
  if (!(min < max))
    throw new ValidationError('OPTION_INVALID', `The scale ${min}–${max} is empty.`, [
      { path: 'scale', reason: `${min}–${max}`, allowed: 'min < max' },
    ])
  const outside = values.findIndex((v) => !(v >= min && v <= max))
  if (outside >= 0)
    throw new ValidationError(
      'VALUE_OUT_OF_RANGE',
      `Leaf "${spec.name}": answer ${values[outside]} lies outside the scale ${min}–${max}.`,
      [
        {
          path: `${path}.column`,
          reason: `${values[outside]} is out of range`,
          allowed: `${min}–${max}`,
        },
      ],
    )
  const vector = values.map((v) => (100 * (v - min)) / (max - min))
  const importanceValues =
    spec.importanceColumn === undefined ? undefined : columns[spec.importanceColumn]
  if (options.weights === 'importance' && !importanceValues) {
    throw new ValidationError('MODEL_INVALID', `Leaf "${spec.name}" needs an importance column.`, [
      { path: `${path}.importanceColumn`, reason: 'missing or not in the data' },
    ])
  }
  return {
    node: {
      name: spec.name,
      weight: spec.weight ?? 1,
      score: weightedAverage(vector, options.respondentWeights),
    },
    vector,
    importance: importanceValues
      ? weightedAverage(importanceValues, options.respondentWeights)
      : null,
  }
}

function childWeights(
  spec: IndexTreeSpec,
  children: Evaluated[],
  options: IndexTreeOptions,
  _path: string,
): number[] {
  if (options.weights === 'given')
    return spec.children!.map((c, i) => {
      const weight = c.weight ?? 1
      if (!(typeof weight === 'number' && Number.isFinite(weight) && weight >= 0))
        throw new ValidationError(
          'MODEL_INVALID',
          `The weight of "${c.name}" is ${String(weight)}; given weights are numbers ≥ 0.`,
          [{ path: `${_path}.children[${i}].weight`, reason: `${String(weight)}`, allowed: '≥ 0' }],
        )
      return weight
    })
  if (options.weights === 'importance') return children.map((c) => c.importance!)
  if (!options.outcome)
    throw new ValidationError('OPTION_INVALID', 'Driver-based weights need an outcome column.', [
      { path: 'outcome', reason: 'missing' },
    ])
  if (children.length === 1) return [1]
  const columns = [options.outcome, ...children.map((c) => c.vector)]
  const r = options.respondentWeights
    ? weightedCorrelationMatrix(columns, options.respondentWeights)
    : correlationMatrix(columns)
  const drivers = relativeWeights(
    r,
    children.map((c) => c.node.name),
  )
  return drivers.drivers.map((d) => Math.max(d.weight, 0))
}
