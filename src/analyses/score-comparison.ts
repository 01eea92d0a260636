import { compareMeans, compareProportions } from '../analytics/difference-tests.js'
import { valueOutOfRange } from '../analytics/input-checks.js'
import { boundedInterval } from '../analytics/interval-bounds.js'
import { compareNps, computeNps, countNpsScores } from '../analytics/nps.js'
import type { Table } from '../tabular/tabular.service.js'
import { numericColumn, textColumn } from '../tabular/tabular.service.js'
import { type AnalyzeOptions, listOption, optionInvalid } from './analysis-options.js'

/**
 * NPS, CSAT and CES by group or period on the command line and the analysis API: --by COLUMN
 * gives each group's figure and the group against all other answers; --period DATE_COLUMN groups
 * by calendar month (YYYY-MM, as written in the cell); --groups a,b compares two groups (or two
 * months) directly. The tests are those of the dashboards (responses/segment-comparison.ts and
 * period-comparison.ts): NPS by the difference of two independent NPS with its Wald interval
 * (Rocks 2016), the CSAT top-box share by the pooled two-proportion z test (R's prop.test without
 * continuity correction), the CES mean by Welch's t test (R's t.test). They assume simple random
 * samples, so respondent weights are refused with them.
 */

export type ScoreMethod = 'nps' | 'csat' | 'ces'

export const SIGNIFICANCE_LEVEL = 0.05

interface Group {
  group: string
  scores: number[]
}

/** The answered scores per group label, in order of first appearance. */
function groupsOf(
  table: Table,
  options: AnalyzeOptions,
  column: string,
): { by: string; kind: 'group' | 'month'; groups: Group[] } {
  const kind = options.period ? 'month' : 'group'
  const by = (options.period ?? options.by)!
  if (by === column)
    throw optionInvalid(
      options.period ? '--period' : '--by',
      `"${by}" is the answer column itself.`,
      'another column',
    )
  const labels = textColumn(table, by).map((cell, r) => {
    const text = cell.trim()
    if (kind === 'group' || text === '') return text
    const month = /^(\d{4})[-/.年](\d{1,2})(?:\D|$)/.exec(text)
    if (!month || Number(month[2]) < 1 || Number(month[2]) > 12)
      throw valueOutOfRange(
        `${table.file}:${r + 2}:${by}`,
        `${table.file} row ${r + 2}, column "${by}": "${text}" is not a date.`,
        'dates such as 2026-10-03 or 2026/10/3 10:12',
      )
    return `${month[1]}-${month[2]!.padStart(2, '0')}`
  })
  const values = numericColumn(table, column)
  const groups = new Map<string, number[]>()
  values.forEach((v, r) => {
    const label = labels[r]!
    if (v === null || label === '') return
    if (!groups.has(label)) groups.set(label, [])
    groups.get(label)!.push(v)
  })
  const ordered = [...groups.entries()].map(([group, scores]) => ({ group, scores }))
  if (kind === 'month') ordered.sort((a, b) => (a.group < b.group ? -1 : 1))
  return { by, kind, groups: ordered }
}

/** One group's figure and its n. */
function figure(method: ScoreMethod, scores: readonly number[], topBox: number) {
  if (method === 'nps') {
    const r = computeNps(countNpsScores(scores))
    return { n: r.n, nps: r.nps }
  }
  const n = scores.length
  if (method === 'csat')
    return { n, csat: n === 0 ? null : (100 * scores.filter((s) => s >= topBox).length) / n }
  return { n, mean: n === 0 ? null : scores.reduce((a, b) => a + b, 0) / n }
}

/** a against b: difference in the figure's unit, statistic, p (null when untestable). */
function compare(method: ScoreMethod, a: readonly number[], b: readonly number[], topBox: number) {
  if (method === 'nps') {
    const c = compareNps(countNpsScores(a), countNpsScores(b))
    // Two NPS differ by at most 200 points: the Wald interval is kept within −200…200.
    return (
      c && {
        difference: c.difference,
        ci95: boundedInterval(c.ci95, c.difference, [-200, 200]),
        statistic: c.z,
        pValue: c.pValue,
      }
    )
  }
  if (method === 'csat') {
    const hits = (s: readonly number[]) => s.filter((x) => x >= topBox).length
    const c = compareProportions(hits(a), a.length, hits(b), b.length)
    return c && { difference: 100 * c.difference, statistic: c.statistic, pValue: c.pValue }
  }
  const moments = (s: readonly number[]) => {
    const mean = s.reduce((x, y) => x + y, 0) / s.length
    return {
      n: s.length,
      mean,
      variance: s.reduce((x, y) => x + (y - mean) ** 2, 0) / (s.length - 1),
    }
  }
  const c = compareMeans(moments(a), moments(b))
  return c && { difference: c.difference, statistic: c.statistic, df: c.df, pValue: c.pValue }
}

const verdict = <T extends { pValue: number } | null>(c: T) =>
  c && { ...c, significant: c.pValue < SIGNIFICANCE_LEVEL }

/** The comparison block added to an NPS, CSAT or CES result when --by or --period is given. */
export function scoreComparison(
  table: Table,
  options: AnalyzeOptions,
  method: ScoreMethod,
  column: string,
  topBox = 4,
) {
  if (options.by && options.period)
    throw optionInvalid('--period', 'Give --by or --period, not both.', '--by or --period')
  if (options.weight || options.rake)
    throw optionInvalid(
      options.weight ? '--weight' : '--rake',
      `The ${method} group and period tests assume unweighted answers; leave out the weights to compare groups.`,
      '--by/--period without weights',
    )
  const { by, kind, groups } = groupsOf(table, options, column)
  const all = groups.flatMap((g) => g.scores)
  const result = {
    comparison: {
      by,
      kind,
      significanceLevel: SIGNIFICANCE_LEVEL,
      groups: groups.map(({ group, scores }) => {
        const rest = groups.filter((g) => g.group !== group).flatMap((g) => g.scores)
        return {
          group,
          ...figure(method, scores, topBox),
          vsRest: rest.length === 0 ? null : verdict(compare(method, scores, rest, topBox)),
        }
      }),
      pair: null as null | Record<string, unknown>,
    },
  }
  if (options.groups !== undefined) {
    const pair = listOption(options.groups)
    const found = pair.map((name) => groups.find((g) => g.group === name))
    if (pair.length !== 2 || pair[0] === pair[1])
      throw optionInvalid('--groups', '--groups names two different groups, as a,b.', 'a,b')
    const missing = pair.find((_, k) => !found[k])
    if (missing !== undefined)
      throw optionInvalid(
        '--groups',
        `--groups names "${missing}", which has no answers in "${by}".`,
        groups.map((g) => g.group).join(', '),
      )
    const [a, b] = found as [Group, Group]
    result.comparison.pair = {
      a: a.group,
      b: b.group,
      test: verdict(compare(method, a.scores, b.scores, topBox)),
    }
  }
  if (all.length === 0) result.comparison.groups = []
  return result
}
