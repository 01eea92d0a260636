import {
  type CsiFigures,
  type CsiItem,
  csiFigures,
  type SurveyCsi,
  surveyCsi,
} from '../analytics/survey-csi.js'
import type { WeightSource } from '../analytics/satisfaction-index-tree.js'
import { type LocalizedText, type Question, SCALES } from '../surveys/survey.schema.js'

/**
 * Pure: the survey's live weighted CSI (analytics/survey-csi.ts) from its stored answers — every
 * Likert, 0–10, CSM item and matrix row on 0–100, stated importance from the importance5
 * questions that rate them, the CSAT (else NPS) question as the outcome for driver weights —
 * and its trend per period with the window's weights.
 */

type StoredAnswers = Record<string, unknown>

/** The index with each item named by its title (a matrix row with its matrix's), and its trend. */
export type QuestionCsi = Omit<SurveyCsi, 'items'> & {
  items: Array<SurveyCsi['items'][number] & { title: LocalizedText; group?: LocalizedText }>
  trend: Array<CsiFigures & { period: string }>
}

const ofType = (questions: readonly Question[], type: Question['type']) =>
  questions.filter((q) => q.type === type)

const CSI_TYPES = ['likert5', 'likert7', 'rating10', 'csm7'] as const

export function csiOf(
  questions: readonly Question[],
  rows: readonly StoredAnswers[],
  periods: readonly string[] | undefined,
  weighting?: WeightSource,
  /** Given weights per item key (the survey's settings.csiWeights); 1 for an item not named. */
  givenWeights: Readonly<Record<string, number>> = {},
  /** The items that make up the index (the survey's settings.csi.items); every rating item when absent. */
  only?: readonly string[],
): QuestionCsi | null {
  const onScale = (v: unknown, min: number, max: number) =>
    typeof v === 'number' && v >= min && v <= max ? (100 * (v - min)) / (max - min) : null
  const importanceOf = new Map(
    ofType(questions, 'importance5').flatMap((q) =>
      q.importanceOf ? [[q.importanceOf, q.key] as const] : [],
    ),
  )
  const named: Array<CsiItem & { title: LocalizedText; group?: LocalizedText }> = []
  for (const q of questions) {
    if ((CSI_TYPES as readonly string[]).includes(q.type)) {
      const { min, max } = SCALES[q.type as (typeof CSI_TYPES)[number]]
      const importanceKey = importanceOf.get(q.key)
      named.push({
        key: q.key,
        title: q.title,
        ...(givenWeights[q.key] === undefined ? {} : { weight: givenWeights[q.key] }),
        values: rows.map((r) => onScale(r[q.key], min, max)),
        ...(importanceKey
          ? {
              importance: rows.map((r) =>
                typeof r[importanceKey] === 'number' ? (r[importanceKey] as number) : null,
              ),
            }
          : {}),
      })
    } else if (q.type === 'matrix' && q.matrix) {
      const { min, max } = SCALES[q.matrix.scale]
      for (const row of q.matrix.rows)
        named.push({
          key: `${q.key}.${row.key}`,
          title: row.label,
          ...(givenWeights[`${q.key}.${row.key}`] === undefined
            ? {}
            : { weight: givenWeights[`${q.key}.${row.key}`] }),
          group: q.title,
          values: rows.map((r) =>
            onScale((r[q.key] as Record<string, unknown> | undefined)?.[row.key], min, max),
          ),
        })
    }
  }
  // The overall outcome for driver weights: the survey's CSAT, else its NPS question.
  const outcomeQuestion = ofType(questions, 'csat')[0] ?? ofType(questions, 'nps')[0]
  const outcome = outcomeQuestion
    ? rows.map((r) =>
        typeof r[outcomeQuestion.key] === 'number' ? (r[outcomeQuestion.key] as number) : null,
      )
    : undefined
  const chosen = only && only.length > 0 ? named.filter((item) => only.includes(item.key)) : named
  const csi = surveyCsi(chosen, outcome, weighting)
  if (!csi) return null
  // The index's items: the answered ones, in the result's order.
  const used = csi.items.map((item) => chosen.find((n) => n.key === item.key)!)
  const weights = csi.items.map((i) => i.weight)
  const byPeriod = new Map<string, number[]>()
  periods?.forEach((period, r) => byPeriod.set(period, [...(byPeriod.get(period) ?? []), r]))
  return {
    ...csi,
    items: csi.items.map((item, i) => ({
      ...item,
      title: used[i]!.title,
      ...(used[i]!.group ? { group: used[i]!.group } : {}),
    })),
    trend: [...byPeriod.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([period, indexes]) => ({ period, ...csiFigures(used, weights, indexes) })),
  }
}
