import {
  analyzeImportancePerformance,
  type IpaResult,
} from '../analytics/importance-performance.js'
import { analyzeReliability } from '../analytics/cronbach-alpha.js'
import { classifyKanoPair, type KanoAnswer } from '../analytics/kano.js'
import { computeServqualGaps } from '../analytics/servqual-gap.js'
import { weightedCsm, weightedKano, type WeightedKano } from '../analytics/weighted-categories.js'
import { weightedScaleItem, type WeightedScaleItem } from '../analytics/weighted-scale-item.js'
import { weightSummary } from '../analytics/weighted-scores.js'
import { type Question, SCALES } from '../surveys/survey.schema.js'
import { ValidationError } from '../shared/errors.js'

/**
 * Pure: the dashboard's per-question analyses of a survey with respondent weights
 * (settings.weightField), beside the unweighted ones of question-analysis.ts. Each figure is a
 * weighted (Hájek) mean or share Σw·x/Σw over the answers with a valid weight (respondent-weight.ts:
 * null for a missing or bad one, left out of the weighted figure and counted in `unweighted`), with
 * Kish's effective n = (Σw)²/Σw² (Kish 1965 §11.7) and the raw n kept. Rating items, choices, CSM
 * and Kano shares, SERVQUAL gaps, importance–performance means and Cronbach's α (weighted
 * cross-products, Feldt's interval on n_eff) are weighted; what is not is named in `notWeighted`
 * so the page can say so rather than show it as if weighted: the CSI (its derived weights and
 * trend are fitted on unweighted answers) and the other question types' summaries (rankings,
 * cascades, sliders, dates, choice matrices).
 */

type StoredAnswers = Record<string, unknown>
type Weight = number | null

interface Base {
  key: string
  /** Answers to the question with a valid weight, and those left out for lack of one. */
  n: number
  unweighted: number
  effectiveN: number
}

export interface WeightedQuestionAnalysis {
  weightField: string
  /** Answers in the window, and those with a valid weight. */
  answers: number
  weighted: number
  items: Array<Omit<WeightedScaleItem, 'n' | 'effectiveN'> & Base>
  choices: Array<Base & { shares: Array<{ option: string; share: number }> }>
  csm: Array<Base & { csm: number; csm100: number; satisfactionRatio: number; shares: number[] }>
  kano: Array<Base & Pick<WeightedKano, 'shares' | 'modalCategory' | 'better' | 'worse'>>
  servqual:
    | (Omit<Base, 'key'> & {
        gap: number
        dimensions: Array<{
          dimension: string
          expectation: number
          perception: number
          gap: number
        }>
      })
    | null
  ipa: Pick<IpaResult, 'crosshair' | 'attributes'> | null
  reliability: Array<{
    scale: string
    n: number
    effectiveN: number
    alpha: number
    ci95: [number, number] | null
  }>
  notWeighted: Array<'csi' | 'otherTypes'>
}

/** The answers to one question that have a value, split by whether their weight is valid. */
function pick<T>(
  rows: readonly StoredAnswers[],
  weights: readonly Weight[],
  read: (row: StoredAnswers) => T | undefined,
) {
  const values: T[] = []
  const kept: number[] = []
  let unweighted = 0
  rows.forEach((row, i) => {
    const value = read(row)
    if (value === undefined) return
    const w = weights[i]
    if (w === null || w === undefined) unweighted++
    else {
      values.push(value)
      kept.push(w)
    }
  })
  return { values, weights: kept, unweighted }
}

const numberAt = (key: string, row?: string) => (r: StoredAnswers) => {
  const v = row === undefined ? r[key] : (r[key] as Record<string, unknown> | undefined)?.[row]
  return typeof v === 'number' ? v : undefined
}

const effectiveN = (weights: readonly number[]) => weightSummary(weights).effectiveN

function itemsOf(
  questions: readonly Question[],
  rows: readonly StoredAnswers[],
  weights: readonly Weight[],
) {
  const items = questions.flatMap((q) => {
    if (q.type === 'likert5' || q.type === 'likert7' || q.type === 'rating10')
      return [{ key: q.key, scale: SCALES[q.type], at: numberAt(q.key) }]
    if (q.type === 'matrix' && q.matrix)
      return q.matrix.rows.map((row) => ({
        key: `${q.key}.${row.key}`,
        scale: SCALES[q.matrix!.scale],
        at: numberAt(q.key, row.key),
      }))
    return []
  })
  return items.flatMap(({ key, scale, at }) => {
    const picked = pick(rows, weights, at)
    const figure = weightedScaleItem(picked.values, picked.weights, scale.min, scale.max)
    return figure ? [{ key, unweighted: picked.unweighted, ...figure }] : []
  })
}

function choicesOf(
  questions: readonly Question[],
  rows: readonly StoredAnswers[],
  weights: readonly Weight[],
) {
  return questions
    .filter((q) => q.type === 'single' || q.type === 'multiple' || q.type === 'image_choice')
    .flatMap((q) => {
      const picked = pick(rows, weights, (r) =>
        r[q.key] === undefined ? undefined : ([] as unknown[]).concat(r[q.key]),
      )
      if (picked.values.length === 0) return []
      const total = picked.weights.reduce((a, b) => a + b, 0)
      return [
        {
          key: q.key,
          n: picked.values.length,
          unweighted: picked.unweighted,
          effectiveN: effectiveN(picked.weights),
          // A share of the respondents who answered (a multiple choice's shares may add past 100).
          shares: (q.options ?? []).map((o) => ({
            option: o.key,
            share:
              (100 *
                picked.values.reduce(
                  (s, v, i) => s + (v.includes(o.key) ? picked.weights[i]! : 0),
                  0,
                )) /
              total,
          })),
        },
      ]
    })
}

function csmOf(
  questions: readonly Question[],
  rows: readonly StoredAnswers[],
  weights: readonly Weight[],
) {
  return questions
    .filter((q) => q.type === 'csm7')
    .flatMap((q) => {
      const picked = pick(rows, weights, numberAt(q.key))
      if (picked.values.length === 0) return []
      const r = weightedCsm(picked.values, picked.weights)
      return [
        {
          key: q.key,
          n: r.n,
          unweighted: picked.unweighted,
          effectiveN: r.effectiveN,
          csm: r.csm.mean,
          csm100: r.csm100,
          satisfactionRatio: r.satisfactionRatio,
          shares: r.shares,
        },
      ]
    })
}

function kanoOf(
  questions: readonly Question[],
  rows: readonly StoredAnswers[],
  weights: readonly Weight[],
) {
  return questions
    .filter((q) => q.type === 'kano')
    .flatMap((q) => {
      const picked = pick(rows, weights, (r) => {
        const a = r[q.key] as { functional?: KanoAnswer; dysfunctional?: KanoAnswer } | undefined
        return a?.functional && a.dysfunctional
          ? classifyKanoPair(a.functional, a.dysfunctional)
          : undefined
      })
      if (picked.values.length === 0) return []
      const r = weightedKano(picked.values, picked.weights)
      return [
        {
          key: q.key,
          n: r.n,
          unweighted: picked.unweighted,
          effectiveN: r.effectiveN,
          shares: r.shares,
          modalCategory: r.modalCategory,
          better: r.better,
          worse: r.worse,
        },
      ]
    })
}

function servqualOf(
  questions: readonly Question[],
  rows: readonly StoredAnswers[],
  weights: readonly Weight[],
) {
  const items = questions.filter((q) => q.type === 'servqual' && q.servqual)
  if (items.length === 0) return null
  // Respondents who rated every item, as unweighted (the dimension gaps average within a respondent).
  const picked = pick(rows, weights, (r) =>
    items.every(
      (q) => typeof (r[q.key] as { expectation?: number } | undefined)?.expectation === 'number',
    )
      ? r
      : undefined,
  )
  if (picked.values.length === 0) return null
  const part = (side: 'expectation' | 'perception') =>
    picked.values.map((r) =>
      Object.fromEntries(items.map((q) => [q.key, (r[q.key] as Record<string, number>)[side]!])),
    )
  const result = computeServqualGaps({
    itemDimension: Object.fromEntries(items.map((q) => [q.key, q.servqual!.dimension])),
    expectations: part('expectation'),
    perceptions: part('perception'),
    reversedItems: items.filter((q) => q.servqual!.reversed).map((q) => q.key),
    respondentWeights: picked.weights,
  })
  return {
    n: picked.values.length,
    unweighted: picked.unweighted,
    effectiveN: effectiveN(picked.weights),
    gap: result.unweighted,
    dimensions: result.dimensions,
  }
}

function ipaOf(
  questions: readonly Question[],
  rows: readonly StoredAnswers[],
  weights: readonly Weight[],
) {
  const byKey = new Map(questions.map((q) => [q.key, q]))
  const weightedMean = (key: string) => {
    const picked = pick(rows, weights, numberAt(key))
    const total = picked.weights.reduce((a, b) => a + b, 0)
    return total > 0
      ? picked.values.reduce((s, x, i) => s + x * picked.weights[i]!, 0) / total
      : null
  }
  const attributes = questions
    .filter((q) => q.type === 'importance5' && q.importanceOf && byKey.has(q.importanceOf))
    .flatMap((q) => {
      const importance = weightedMean(q.key)
      const performance = weightedMean(q.importanceOf!)
      return importance !== null && performance !== null
        ? [{ name: q.importanceOf!, importance, performance }]
        : []
    })
  if (attributes.length < 2) return null
  const { crosshair, attributes: placed } = analyzeImportancePerformance(attributes)
  return { crosshair, attributes: placed }
}

/** α of each scale the unweighted analysis reports, over the same complete answers, weighted. */
function reliabilityOf(
  questions: readonly Question[],
  rows: readonly StoredAnswers[],
  weights: readonly Weight[],
) {
  const scales = [
    ...(['likert5', 'likert7'] as const).map((type) => {
      const keys = questions.filter((q) => q.type === type).map((q) => q.key)
      return { scale: type as string, at: keys.map((k) => numberAt(k)) }
    }),
    ...questions
      .filter((q) => q.type === 'matrix' && q.matrix)
      .map((q) => ({ scale: q.key, at: q.matrix!.rows.map((row) => numberAt(q.key, row.key)) })),
  ]
  return scales.flatMap(({ scale, at }) => {
    if (at.length < 2) return []
    const picked = pick(rows, weights, (r) => {
      const row = at.map((f) => f(r))
      return row.every((v) => v !== undefined) ? (row as number[]) : undefined
    })
    if (picked.values.length < 3) return []
    try {
      const r = analyzeReliability(
        at.map((_, i) => String(i)),
        at.map((_, i) => picked.values.map((row) => row[i]!)),
        picked.weights,
      )
      return [{ scale, n: r.n, effectiveN: r.effectiveN!, alpha: r.alpha, ci95: r.ci95 }]
    } catch (error) {
      // The weighted answers may be degenerate where all answers are not (an item constant among
      // them): no weighted α then, as the unweighted page shows none below three answers.
      if (error instanceof ValidationError) return []
      throw error
    }
  })
}

export function analyzeQuestionsWeighted(
  weightField: string,
  questions: readonly Question[],
  rows: readonly StoredAnswers[],
  weights: readonly Weight[],
): WeightedQuestionAnalysis {
  return {
    weightField,
    answers: rows.length,
    weighted: weights.filter((w) => w !== null).length,
    items: itemsOf(questions, rows, weights),
    choices: choicesOf(questions, rows, weights),
    csm: csmOf(questions, rows, weights),
    kano: kanoOf(questions, rows, weights),
    servqual: servqualOf(questions, rows, weights),
    ipa: ipaOf(questions, rows, weights),
    reliability: reliabilityOf(questions, rows, weights),
    notWeighted: ['csi', 'otherTypes'],
  }
}
