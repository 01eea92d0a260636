import { analyzeReliability, type ReliabilityResult } from '../analytics/cronbach-alpha.js'
import { computeCsm, type CsmResult } from '../analytics/csm-index.js'
import {
  analyzeImportancePerformance,
  type IpaResult,
} from '../analytics/importance-performance.js'
import { analyzeKanoPairs, type KanoAnswer, type KanoFeatureResult } from '../analytics/kano.js'
import { describeScaleItem, type ScaleItemResult } from '../analytics/scale-item.js'
import { computeServqualGaps, type ServqualResult } from '../analytics/servqual-gap.js'
import { type LocalizedText, type Question, SCALES } from '../surveys/survey.schema.js'
import type { WeightSource } from '../analytics/satisfaction-index-tree.js'
import { csiOf, type QuestionCsi } from './question-analysis-csi.js'
import { analyzeQuestionTypes, type TypeAnalyses } from './question-analysis-types.js'

/**
 * Pure: the analyses a survey's questions allow, from its stored answers —
 * Kano per Kano pair, SERVQUAL gaps over its items, the CSM index per
 * attribute, importance–performance from importance ratings, choice counts,
 * each rating item's mean, distribution and interval (Likert, 0–10 ratings,
 * matrix rows), and the reliability of each Likert scale (for pilots).
 * Results carry the question's key and title in every language, so a page
 * words them in its reader's language.
 */

type StoredAnswers = Record<string, unknown>

export interface QuestionAnalysis extends TypeAnalyses {
  n: number
  kano: Array<KanoFeatureResult & { key: string; title: LocalizedText }>
  servqual: ServqualResult | null
  csm: Array<CsmResult & { key: string; title: LocalizedText }>
  ipa: (IpaResult & { titles: Record<string, LocalizedText> }) | null
  /** Rating items: Likert statements, 0–10 ratings and matrix rows (one entry per row). */
  items: Array<
    ScaleItemResult & {
      key: string
      type: 'likert5' | 'likert7' | 'rating10' | 'matrix'
      title: LocalizedText
      /** The matrix's title, for a matrix row. */
      group?: LocalizedText
    }
  >
  choices: Array<{
    key: string
    title: LocalizedText
    n: number
    counts: Array<{ option: string; label: LocalizedText; count: number }>
  }>
  reliability: Array<ReliabilityResult & { scale: string }>
  /** A weighted CSI (0–100) on the survey's rating questions, per period too. */
  csi: QuestionCsi | null
}

const ofType = (questions: readonly Question[], ...types: Question['type'][]) =>
  questions.filter((q) => types.includes(q.type))
const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length

function kanoOf(
  questions: readonly Question[],
  rows: readonly StoredAnswers[],
): QuestionAnalysis['kano'] {
  return ofType(questions, 'kano').map((q) => {
    const pairs = rows.flatMap((r) => {
      const a = r[q.key] as { functional?: KanoAnswer; dysfunctional?: KanoAnswer } | undefined
      return a?.functional && a.dysfunctional
        ? [{ functional: a.functional, dysfunctional: a.dysfunctional }]
        : []
    })
    return { key: q.key, title: q.title, ...analyzeKanoPairs(q.key, pairs) }
  })
}

function servqualOf(
  questions: readonly Question[],
  rows: readonly StoredAnswers[],
): ServqualResult | null {
  const items = ofType(questions, 'servqual')
  if (items.length === 0) return null
  // Respondents who rated every item (the dimension gaps average within a respondent).
  const complete = rows.filter((r) =>
    items.every(
      (q) => typeof (r[q.key] as { expectation?: number } | undefined)?.expectation === 'number',
    ),
  )
  if (complete.length === 0) return null
  const part = (key: 'expectation' | 'perception') =>
    complete.map((r) =>
      Object.fromEntries(items.map((q) => [q.key, (r[q.key] as Record<string, number>)[key]!])),
    )
  return computeServqualGaps({
    itemDimension: Object.fromEntries(items.map((q) => [q.key, q.servqual!.dimension])),
    expectations: part('expectation'),
    perceptions: part('perception'),
    reversedItems: items.filter((q) => q.servqual!.reversed).map((q) => q.key),
  })
}

function numbersOf(rows: readonly StoredAnswers[], key: string): number[] {
  return rows.flatMap((r) => (typeof r[key] === 'number' ? [r[key] as number] : []))
}

function ipaOf(
  questions: readonly Question[],
  rows: readonly StoredAnswers[],
): QuestionAnalysis['ipa'] {
  const byKey = new Map(questions.map((q) => [q.key, q]))
  const attributes = ofType(questions, 'importance5').flatMap((q) => {
    const target = q.importanceOf ? byKey.get(q.importanceOf) : undefined
    const importance = numbersOf(rows, q.key)
    const performance = target ? numbersOf(rows, target.key) : []
    return target && importance.length > 0 && performance.length > 0
      ? [
          {
            name: target.key,
            importance: mean(importance),
            performance: mean(performance),
          },
        ]
      : []
  })
  if (attributes.length < 2) return null
  const titles = Object.fromEntries(
    attributes.map((a) => [a.name, byKey.get(a.name)!.title] as const),
  )
  return { ...analyzeImportancePerformance(attributes), titles }
}

function itemsOf(
  questions: readonly Question[],
  rows: readonly StoredAnswers[],
): QuestionAnalysis['items'] {
  return questions.flatMap((q): QuestionAnalysis['items'] => {
    if (q.type === 'likert5' || q.type === 'likert7' || q.type === 'rating10') {
      const { min, max } = SCALES[q.type]
      return [
        {
          key: q.key,
          type: q.type,
          title: q.title,
          ...describeScaleItem(numbersOf(rows, q.key), min, max),
        },
      ]
    }
    if (q.type === 'matrix' && q.matrix) {
      const { min, max } = SCALES[q.matrix.scale]
      return q.matrix.rows.map((row) => ({
        key: `${q.key}.${row.key}`,
        type: 'matrix' as const,
        title: row.label,
        group: q.title,
        ...describeScaleItem(
          rows.flatMap((r) => {
            const v = (r[q.key] as Record<string, unknown> | undefined)?.[row.key]
            return typeof v === 'number' ? [v] : []
          }),
          min,
          max,
        ),
      }))
    }
    return []
  })
}

function choicesOf(
  questions: readonly Question[],
  rows: readonly StoredAnswers[],
): QuestionAnalysis['choices'] {
  return ofType(questions, 'single', 'multiple', 'image_choice').map((q) => {
    const picks = rows.flatMap((r) => ([] as unknown[]).concat(r[q.key] ?? []))
    return {
      key: q.key,
      title: q.title,
      n: rows.filter((r) => r[q.key] !== undefined).length,
      counts: (q.options ?? []).map((o) => ({
        option: o.key,
        label: o.label,
        count: picks.filter((p) => p === o.key).length,
      })),
    }
  })
}

/** Cronbach's alpha over the items of one scale, from the answers that rate every item. */
function reliabilityOfItems(
  scale: string,
  itemKeys: string[],
  scores: Array<Array<number | undefined>>,
): QuestionAnalysis['reliability'] {
  if (itemKeys.length < 2) return []
  const complete = scores.filter((row) => row.every((v) => typeof v === 'number')) as number[][]
  if (complete.length < 3) return []
  return [
    {
      scale,
      ...analyzeReliability(
        itemKeys,
        itemKeys.map((_, i) => complete.map((row) => row[i]!)),
      ),
    },
  ]
}

function reliabilityOf(
  questions: readonly Question[],
  rows: readonly StoredAnswers[],
): QuestionAnalysis['reliability'] {
  const byType = (['likert5', 'likert7'] as const).flatMap((type) => {
    const items = ofType(questions, type)
    return reliabilityOfItems(
      type,
      items.map((q) => q.key),
      rows.map((r) =>
        items.map((q) => (typeof r[q.key] === 'number' ? (r[q.key] as number) : undefined)),
      ),
    )
  })
  // Each matrix is a scale of its own: its rows are the items.
  const byMatrix = ofType(questions, 'matrix').flatMap((q) => {
    const rowKeys = q.matrix!.rows.map((row) => row.key)
    const scores = rows.map((r) => {
      const answer = r[q.key] as Record<string, unknown> | undefined
      return rowKeys.map((k) =>
        typeof answer?.[k] === 'number' ? (answer[k] as number) : undefined,
      )
    })
    return reliabilityOfItems(
      q.key,
      rowKeys.map((k) => `${q.key}.${k}`),
      scores,
    )
  })
  return [...byType, ...byMatrix]
}

export interface AnalysisOptions {
  /** Aligned with the rows: each answer's period (YYYY-MM-DD), for the CSI trend. */
  periods?: readonly string[]
  /** The CSI weighting the reader chose (the default order when the answers do not allow it). */
  csiWeights?: WeightSource
  /** The survey's given CSI weights per item key (settings.csiWeights). */
  givenCsiWeights?: Readonly<Record<string, number>>
  /** The items of the survey's CSI (settings.csi.items); every rating item when absent. */
  csiItems?: readonly string[]
}

export function analyzeQuestions(
  questions: readonly Question[],
  rows: readonly StoredAnswers[],
  options: AnalysisOptions = {},
): QuestionAnalysis {
  return {
    n: rows.length,
    kano: kanoOf(questions, rows),
    servqual: servqualOf(questions, rows),
    csm: ofType(questions, 'csm7').map((q) => ({
      key: q.key,
      title: q.title,
      ...computeCsm(numbersOf(rows, q.key)),
    })),
    ipa: ipaOf(questions, rows),
    items: itemsOf(questions, rows),
    choices: choicesOf(questions, rows),
    reliability: reliabilityOf(questions, rows),
    csi: csiOf(
      questions,
      rows,
      options.periods,
      options.csiWeights,
      options.givenCsiWeights,
      options.csiItems,
    ),
    ...analyzeQuestionTypes(questions, rows),
  }
}
