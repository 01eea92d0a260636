import { ValidationError } from '../shared/errors.js'
import { checkParameter } from './input-checks.js'
import { fitPls, type InnerScheme, type PlsModel } from './pls-path-model.js'
import { seededRandom } from './seeded-random.js'

/**
 * Multigroup comparison of path coefficients by permutation (Chin & Dibbern 2010, in Handbook of
 * Partial Least Squares, 171–193; Hair et al., Advanced Issues in PLS-SEM, ch. 4): the model is
 * estimated in each of two groups, and the observed difference of each path is set against the
 * differences when the group labels are shuffled among the respondents. Two-sided
 * p = (1 + #{|d*| ≥ |d|}) / (1 + permutations used) (Phipson & Smyth 2010), so never 0.
 */

export interface PlsMultigroupResult {
  groups: Array<{ name: string; n: number }>
  permutations: { samples: number; used: number; seed: number }
  paths: Array<{
    from: string
    to: string
    first: number
    second: number
    difference: number
    pValue: number
  }>
}

/** The fewest rows a group may have: fewer and its estimates are noise. */
export const MGA_MIN_GROUP_ROWS = 10

export function plsMultigroup(
  model: PlsModel,
  columns: Record<string, readonly number[]>,
  group: readonly string[],
  options: {
    permutations?: number
    seed?: number
    scheme?: InnerScheme
    consistent?: boolean
    /** Which two groups to compare when the column has more (default: the only two). */
    compare?: [string, string]
  } = {},
): PlsMultigroupResult {
  const samples = options.permutations ?? 1000
  checkParameter(
    'permutations',
    samples,
    Number.isInteger(samples) && samples >= 1 && samples <= 10000,
    'a whole number of permutations, 1–10000',
  )
  const seed = options.seed ?? 1
  const present = [...new Set(group)].sort((a, b) => a.localeCompare(b))
  const pair = options.compare ?? present
  if (pair.length !== 2 || pair[0] === pair[1] || !pair.every((g) => present.includes(g)))
    throw new ValidationError(
      'OPTION_INVALID',
      options.compare
        ? `Compare two different groups the column has; it has ${present.join(', ')}.`
        : `A multigroup comparison needs exactly two groups; the group column has ${present.length} (${present.slice(0, 10).join(', ')}). Name the two to compare.`,
      [{ path: 'groups', reason: `${present.length} groups`, allowed: present.join(', ') }],
    )
  const rows = group.flatMap((g, i) => (g === pair[0] || g === pair[1] ? [i] : []))
  const labels = rows.map((i) => group[i] === pair[0])
  for (const [k, name] of pair.entries()) {
    const size = labels.filter((first) => first === (k === 0)).length
    if (size < MGA_MIN_GROUP_ROWS)
      throw new ValidationError(
        'NOT_ENOUGH_DATA',
        `Group "${name}" has ${size} complete rows; a multigroup comparison needs at least ${MGA_MIN_GROUP_ROWS} in each group.`,
        [{ path: 'group', reason: `"${name}": ${size} rows`, allowed: `≥ ${MGA_MIN_GROUP_ROWS}` }],
      )
  }
  const indicators = Object.values(model.constructs).flat()
  const fitOptions = { scheme: options.scheme, consistent: options.consistent }
  const coefficients = (first: boolean[]) =>
    [true, false].map((side) => {
      const picked = rows.filter((_, k) => first[k] === side)
      const fit = fitPls(
        model,
        Object.fromEntries(indicators.map((name) => [name, picked.map((i) => columns[name]![i]!)])),
        fitOptions,
      )
      return model.paths.map(
        (p) => fit.direct[fit.layout.names.indexOf(p.from)]![fit.layout.names.indexOf(p.to)]!,
      )
    }) as [number[], number[]]

  const [first, second] = coefficients(labels)
  const observed = first.map((v, k) => v - second[k]!)
  const exceed = observed.map(() => 0)
  const random = seededRandom(seed)
  let used = 0
  const shuffled = [...labels]
  for (let b = 0; b < samples; b++) {
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1))
      ;[shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!]
    }
    try {
      const [a, c] = coefficients(shuffled)
      a.forEach((v, k) => {
        if (Math.abs(v - c[k]!) >= Math.abs(observed[k]!) - 1e-12) exceed[k]!++
      })
      used++
    } catch {
      // A shuffle that leaves an indicator constant in one group is skipped, as in the bootstrap.
    }
  }
  return {
    groups: pair.map((name, k) => ({
      name,
      n: labels.filter((isFirst) => isFirst === (k === 0)).length,
    })),
    permutations: { samples, used, seed },
    paths: model.paths.map((p, k) => ({
      from: p.from,
      to: p.to,
      first: first[k]!,
      second: second[k]!,
      difference: observed[k]!,
      pValue: (1 + exceed[k]!) / (1 + used),
    })),
  }
}
