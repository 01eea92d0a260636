import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ValidationError } from '../shared/errors.js'
import { type DisclosureGroup, suppressSmallGroups } from './cell-suppression.js'

const shown = (groups: DisclosureGroup[], minGroup = 5) => {
  const { suppressed } = suppressSmallGroups(groups, minGroup)
  return groups.map((g) => g.id).filter((id) => !suppressed.has(id))
}

describe('suppressSmallGroups', () => {
  it('hides a second group beside one below 5, the smallest that makes the hidden mass ≥ 5', () => {
    // The example: parent with A (12), B (3), C (7); B alone would be parent − A − C.
    const groups: DisclosureGroup[] = [
      { id: 'parent', parentId: null, ownN: 0 },
      { id: 'A', parentId: 'parent', ownN: 12 },
      { id: 'B', parentId: 'parent', ownN: 3 },
      { id: 'C', parentId: 'parent', ownN: 7 },
    ]
    const { counts, suppressed } = suppressSmallGroups(groups)
    expect(counts.get('parent')).toBe(22)
    expect([...suppressed.entries()].sort()).toEqual([
      ['B', 'primary'],
      ['C', 'complementary'],
    ])
  })

  it('counts people attached to the parent itself as a hidden cell', () => {
    // Parent 10 = A (7) + 3 of its own: A shown would reveal the 3 by subtraction.
    const groups: DisclosureGroup[] = [
      { id: 'p', parentId: null, ownN: 3 },
      { id: 'A', parentId: 'p', ownN: 7 },
    ]
    expect(shown(groups)).toEqual(['p'])
    // With 6 of its own the residual is itself ≥ 5: both shown.
    expect(shown([{ ...groups[0]!, ownN: 6 }, groups[1]!])).toEqual(['p', 'A'])
  })

  it('keeps adding complements until the hidden cells hold 5 people', () => {
    // B (1) and C (2) hidden together are 3 people: D (4) must go too (mass 7).
    const groups: DisclosureGroup[] = [
      { id: 'p', parentId: null, ownN: 0 },
      { id: 'A', parentId: 'p', ownN: 20 },
      { id: 'B', parentId: 'p', ownN: 1 },
      { id: 'C', parentId: 'p', ownN: 2 },
      { id: 'D', parentId: 'p', ownN: 9 },
      { id: 'E', parentId: 'p', ownN: 0 },
    ]
    const { suppressed } = suppressSmallGroups(groups)
    expect(Object.fromEntries(suppressed)).toEqual({
      B: 'primary',
      C: 'primary',
      D: 'complementary',
    })
  })

  it('hides a complement with everything under it', () => {
    const groups: DisclosureGroup[] = [
      { id: 'root', parentId: null, ownN: 0 },
      { id: 'small', parentId: 'root', ownN: 2 },
      { id: 'region', parentId: 'root', ownN: 0 },
      { id: 'big', parentId: 'root', ownN: 40 },
      { id: 'store1', parentId: 'region', ownN: 6 },
      { id: 'store2', parentId: 'region', ownN: 5 },
    ]
    const { suppressed } = suppressSmallGroups(groups)
    expect(Object.fromEntries(suppressed)).toEqual({
      small: 'primary',
      region: 'complementary',
      store1: 'parent',
      store2: 'parent',
    })
  })

  it('hides everything when the whole is below the threshold and nothing when no group is', () => {
    const tiny: DisclosureGroup[] = [
      { id: 'r', parentId: null, ownN: 1 },
      { id: 'a', parentId: 'r', ownN: 2 },
    ]
    expect(shown(tiny)).toEqual([])
    const fine: DisclosureGroup[] = [
      { id: 'r', parentId: null, ownN: 0 },
      { id: 'a', parentId: 'r', ownN: 5 },
      { id: 'b', parentId: 'r', ownN: 0 },
    ]
    expect(shown(fine)).toEqual(['r', 'a', 'b'])
  })

  it('refuses a broken hierarchy and a threshold below 2 with specific errors', () => {
    const call = (groups: DisclosureGroup[], minGroup?: number) => () =>
      suppressSmallGroups(groups, minGroup)
    expect(call([{ id: 'a', parentId: 'x', ownN: 1 }])).toThrow(/parent x is not a group/)
    expect(
      call([
        { id: 'a', parentId: 'b', ownN: 1 },
        { id: 'b', parentId: 'a', ownN: 1 },
      ]),
    ).toThrow(/cycle/)
    expect(
      call([
        { id: 'a', parentId: null, ownN: 1 },
        { id: 'a', parentId: null, ownN: 2 },
      ]),
    ).toThrow(/appears twice/)
    expect(call([{ id: 'a', parentId: null, ownN: 1.5 }])).toThrow(ValidationError)
    expect(call([{ id: 'a', parentId: null, ownN: Number.NaN }])).toThrow(ValidationError)
    expect(call([{ id: 'a', parentId: null, ownN: 9 }], 1)).toThrow(/minGroup 1 is not allowed/)
  })
})

/** A random forest of groups with small counts (many below 5, many zeros). */
const groupForest = fc
  .array(fc.tuple(fc.nat({ max: 40 }), fc.oneof(fc.constant(0), fc.nat({ max: 14 }))), {
    minLength: 1,
    maxLength: 14,
  })
  .map((rows) =>
    rows.map(
      ([parentPick, ownN], index): DisclosureGroup => ({
        id: `g${index}`,
        // Each group's parent is an earlier one (or none), so the result is a forest.
        parentId:
          index === 0 || parentPick % (index + 1) === index ? null : `g${parentPick % index}`,
        ownN,
      }),
    ),
  )

/**
 * Every count an attacker can derive from the shown totals and the relations
 * parent = Σ sub-groups + own: each relation whose unknowns reduce to one cell gives that cell,
 * repeated until nothing changes (Gaussian elimination on tree relations reduces to this, since
 * every hidden group occurs in exactly two relations and a hidden group's sub-groups are hidden).
 * Empty cells count as known.
 * A derived own-residual counts as a figure for those people.
 */
function derivableCounts(
  groups: readonly DisclosureGroup[],
  shownIds: ReadonlySet<string>,
): Map<string, number> {
  const total = new Map<string, number>()
  const totalOf = (id: string): number =>
    groups.filter((g) => g.parentId === id).reduce((s, g) => s + totalOf(g.id), 0) +
    groups.find((g) => g.id === id)!.ownN
  for (const g of groups) total.set(g.id, totalOf(g.id))
  const known = new Map<string, number>()
  for (const id of shownIds) known.set(id, total.get(id)!)
  // The strongest attacker also knows where nobody is (a region with no staff of its own).
  for (const g of groups) {
    if (g.ownN === 0) known.set(`own:${g.id}`, 0)
    if (total.get(g.id) === 0) known.set(g.id, 0)
  }
  let changed = true
  while (changed) {
    changed = false
    for (const g of groups) {
      const cells = [`own:${g.id}`, ...groups.filter((c) => c.parentId === g.id).map((c) => c.id)]
      const unknown = [g.id, ...cells].filter((id) => !known.has(id))
      if (unknown.length !== 1) continue
      const id = unknown[0]!
      known.set(id, id.startsWith('own:') ? g.ownN : total.get(id)!)
      changed = true
    }
  }
  return known
}

describe('suppressSmallGroups, property', () => {
  it('never shows nor lets anyone derive a figure for 1 to 4 people', () => {
    fc.assert(
      fc.property(groupForest, (groups) => {
        const { suppressed, counts } = suppressSmallGroups(groups)
        const shownIds = new Set(groups.map((g) => g.id).filter((id) => !suppressed.has(id)))
        for (const id of shownIds) {
          const n = counts.get(id)!
          expect(n === 0 || n >= 5).toBe(true)
        }
        for (const [id, n] of derivableCounts(groups, shownIds)) {
          if (n > 0 && n < 5) throw new Error(`${id} with ${n} people is derivable`)
        }
        // Nothing is hidden when no group and no parent's own people are below 5.
        const smallAnywhere = groups.some((g) => {
          const n = counts.get(g.id)!
          const hasSubGroups = groups.some((c) => c.parentId === g.id)
          return (n > 0 && n < 5) || (hasSubGroups && g.ownN > 0 && g.ownN < 5)
        })
        if (!smallAnywhere) expect(suppressed.size).toBe(0)
      }),
      { numRuns: 600, seed: 19 },
    )
  })
})
