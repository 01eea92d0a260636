import { describeScaleItem, type ScaleItemResult } from '../analytics/scale-item.js'
import { cascadeLeaves, type LocalizedText, type Question } from '../surveys/survey.schema.js'

/**
 * Pure: what the dashboard shows for the ranking, cascade, slider, date/time and choice-matrix
 * questions, from their stored answers — a ranking's mean rank and first-place share per option,
 * a cascade's counts per leaf and per level, a slider's mean with its t interval, a date's
 * distribution (per day; per hour of the day for a time) and a choice matrix's counts per row.
 */

type StoredAnswers = Record<string, unknown>

export interface RankingResult {
  key: string
  title: LocalizedText
  /** Answers that ranked at least one option. */
  n: number
  options: Array<{
    option: string
    label: LocalizedText
    /** Answers that gave this option a rank. */
    ranked: number
    /** Mean rank (1 = first); null when no one ranked it. */
    meanRank: number | null
    /** Share of the question's answers that put this option first, in percent; null when n = 0. */
    firstShare: number | null
  }>
}

export interface CascadeResult {
  key: string
  title: LocalizedText
  n: number
  /** Per level from the top (1 = province): each node's count, with its path and labels. */
  levels: Array<{
    level: number
    counts: Array<{ path: string; labels: LocalizedText[]; count: number }>
  }>
}

export interface SliderResult extends ScaleItemResult {
  key: string
  title: LocalizedText
}

export interface DateResult {
  key: string
  title: LocalizedText
  mode: 'date' | 'time' | 'datetime'
  n: number
  /** Days (YYYY-MM-DD) for dates, hours of the day (00 … 23) for times; in order, only those answered. */
  counts: Array<{ bucket: string; count: number }>
}

export interface ChoiceMatrixResult {
  key: string
  title: LocalizedText
  rows: Array<{
    row: string
    label: LocalizedText
    n: number
    counts: Array<{ option: string; label: LocalizedText; count: number }>
  }>
}

export interface TypeAnalyses {
  rankings: RankingResult[]
  cascades: CascadeResult[]
  sliders: SliderResult[]
  dates: DateResult[]
  choiceMatrices: ChoiceMatrixResult[]
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

function rankingOf(q: Question, rows: readonly StoredAnswers[]): RankingResult {
  const answers = rows.map((r) => r[q.key]).filter(isObject)
  const n = answers.filter((a) => Object.values(a).some((v) => typeof v === 'number')).length
  return {
    key: q.key,
    title: q.title,
    n,
    options: (q.options ?? []).map((o) => {
      const ranks = answers.flatMap((a) =>
        typeof a[o.key] === 'number' ? [a[o.key] as number] : [],
      )
      return {
        option: o.key,
        label: o.label,
        ranked: ranks.length,
        meanRank: ranks.length ? ranks.reduce((s, r) => s + r, 0) / ranks.length : null,
        firstShare: n ? (100 * ranks.filter((r) => r === 1).length) / n : null,
      }
    }),
  }
}

function cascadeOf(q: Question, rows: readonly StoredAnswers[]): CascadeResult {
  const leaves = cascadeLeaves(q.tree ?? [])
  const labelsOf = new Map<string, LocalizedText[]>()
  for (const leaf of leaves) {
    const keys = leaf.path.split('/')
    keys.forEach((_, i) =>
      labelsOf.set(keys.slice(0, i + 1).join('/'), leaf.labels.slice(0, i + 1)),
    )
  }
  const paths = rows.flatMap((r) => (typeof r[q.key] === 'string' ? [r[q.key] as string] : []))
  const valid = paths.filter((p) => leaves.some((l) => l.path === p))
  const depth = Math.max(0, ...leaves.map((l) => l.labels.length))
  const levels = Array.from({ length: depth }, (_, i) => {
    const counts = new Map<string, number>()
    for (const p of valid) {
      const keys = p.split('/')
      if (keys.length <= i) continue
      const prefix = keys.slice(0, i + 1).join('/')
      counts.set(prefix, (counts.get(prefix) ?? 0) + 1)
    }
    return {
      level: i + 1,
      counts: [...counts]
        .map(([path, count]) => ({ path, labels: labelsOf.get(path) ?? [], count }))
        .sort((a, b) => b.count - a.count || a.path.localeCompare(b.path)),
    }
  })
  return { key: q.key, title: q.title, n: valid.length, levels }
}

function dateOf(q: Question, rows: readonly StoredAnswers[]): DateResult {
  const mode = q.datetime?.mode ?? 'date'
  const counts = new Map<string, number>()
  let n = 0
  for (const r of rows) {
    const v = r[q.key]
    if (typeof v !== 'string') continue
    n++
    const bucket = mode === 'time' ? v.slice(0, 2) : v.slice(0, 10)
    counts.set(bucket, (counts.get(bucket) ?? 0) + 1)
  }
  return {
    key: q.key,
    title: q.title,
    mode,
    n,
    counts: [...counts]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([bucket, count]) => ({ bucket, count })),
  }
}

function choiceMatrixOf(q: Question, rows: readonly StoredAnswers[]): ChoiceMatrixResult {
  const answers = rows.map((r) => r[q.key]).filter(isObject)
  return {
    key: q.key,
    title: q.title,
    rows: (q.rows ?? []).map((row) => {
      const picks = answers.map((a) => ([] as unknown[]).concat(a[row.key] ?? []))
      return {
        row: row.key,
        label: row.label,
        n: picks.filter((p) => p.length > 0).length,
        counts: (q.options ?? []).map((o) => ({
          option: o.key,
          label: o.label,
          count: picks.filter((p) => p.includes(o.key)).length,
        })),
      }
    }),
  }
}

export function analyzeQuestionTypes(
  questions: readonly Question[],
  rows: readonly StoredAnswers[],
): TypeAnalyses {
  const of = (type: Question['type']) => questions.filter((q) => q.type === type)
  return {
    rankings: of('ranking').map((q) => rankingOf(q, rows)),
    cascades: of('cascade').map((q) => cascadeOf(q, rows)),
    sliders: of('slider').map((q) => ({
      key: q.key,
      title: q.title,
      ...describeScaleItem(
        rows.flatMap((r) => (typeof r[q.key] === 'number' ? [r[q.key] as number] : [])),
        q.slider!.min,
        q.slider!.max,
      ),
    })),
    dates: of('datetime').map((q) => dateOf(q, rows)),
    choiceMatrices: of('choice_matrix').map((q) => choiceMatrixOf(q, rows)),
  }
}
