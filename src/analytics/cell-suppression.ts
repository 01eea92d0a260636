import { ValidationError } from '../shared/errors.js'
import { checkParameter } from './input-checks.js'

/**
 * Primary and secondary (complementary) cell suppression over a hierarchy of groups, so that no
 * figure is shown for fewer than `minGroup` people and none can be derived by subtraction.
 *
 * Method (Hundepool et al., Statistical Disclosure Control, Wiley 2012, §4.2 "primary and secondary
 * cell suppression", and §4.4 on linked hierarchical tables):
 * - Every group's count is the people attached to it directly (`ownN`) plus its sub-groups'
 *   counts. A shown group P is therefore the additive relation P = C1 + … + Ck + R, where the
 *   residual R (people attached to P itself) is never shown on its own.
 * - Primary suppression: a group with 0 < n < minGroup is not shown, nor anything under it.
 * - Secondary suppression, top-down: for every shown group, the cells of its relation that are not
 *   shown (suppressed sub-groups and a non-empty residual) must be empty, or hold together at least
 *   `minGroup` people in at least two non-empty cells (a single hidden cell equals P minus the shown
 *   ones, so it is only allowed when it is itself at least `minGroup`, as a residual can be).
 *   While that fails, the shown sub-group with the fewest people (n > 0) is suppressed as well,
 *   the minimum-loss choice of the hypercube heuristic (§4.2.4), with its whole subtree (a hidden
 *   group whose sub-groups were all shown could be summed back).
 * Groups with n = 0 are shown (they reveal nobody) and never chosen as complements (a zero protects
 * nobody). Fixing one relation only hides groups below it, whose relations then have a hidden
 * parent, so one top-down pass suffices. The result is deterministic: ties go to the smaller id.
 */

export interface DisclosureGroup {
  id: string
  /** The enclosing group; null for a root. */
  parentId: string | null
  /** People attached to this group itself, not to a sub-group. */
  ownN: number
}

export type SuppressionReason = 'primary' | 'complementary' | 'parent'

export interface SuppressionResult {
  /** Total people per group (own plus sub-groups). */
  counts: Map<string, number>
  /** Why a group is hidden; a group not in the map is shown. */
  suppressed: Map<string, SuppressionReason>
}

/** The smallest group shown (a common rule of employee-survey providers; the 5). */
export const DEFAULT_MIN_GROUP = 5

function hierarchyInvalid(path: string, reason: string): ValidationError {
  return new ValidationError('VALUE_OUT_OF_RANGE', `Group hierarchy: ${reason}.`, [
    { path, reason, allowed: 'unique ids, known parents, no cycles, whole counts ≥ 0' },
  ])
}

function childrenOf(groups: readonly DisclosureGroup[]): Map<string | null, DisclosureGroup[]> {
  const ids = new Set<string>()
  const children = new Map<string | null, DisclosureGroup[]>()
  groups.forEach((group, index) => {
    if (ids.has(group.id)) throw hierarchyInvalid(`${index}.id`, `id ${group.id} appears twice`)
    if (!Number.isInteger(group.ownN) || group.ownN < 0) {
      throw hierarchyInvalid(`${index}.ownN`, `count ${group.ownN} is not a whole number ≥ 0`)
    }
    ids.add(group.id)
  })
  groups.forEach((group, index) => {
    if (group.parentId !== null && !ids.has(group.parentId)) {
      throw hierarchyInvalid(`${index}.parentId`, `parent ${group.parentId} is not a group`)
    }
    const list = children.get(group.parentId) ?? []
    list.push(group)
    children.set(group.parentId, list)
  })
  for (const list of children.values()) list.sort((a, b) => (a.id < b.id ? -1 : 1))
  return children
}

/** Totals per group by depth-first walk from the roots; a group never reached lies on a cycle. */
function totalsOf(
  groups: readonly DisclosureGroup[],
  children: Map<string | null, DisclosureGroup[]>,
): { counts: Map<string, number>; order: DisclosureGroup[] } {
  const counts = new Map<string, number>()
  const order: DisclosureGroup[] = []
  const visit = (group: DisclosureGroup): number => {
    order.push(group)
    let total = group.ownN
    for (const child of children.get(group.id) ?? []) total += visit(child)
    counts.set(group.id, total)
    return total
  }
  for (const root of children.get(null) ?? []) visit(root)
  const stray = groups.find((g) => !counts.has(g.id))
  if (stray) throw hierarchyInvalid('parentId', `group ${stray.id} lies on a cycle`)
  return { counts, order }
}

/**
 * Whether a relation's hidden cells are safe: parent minus the shown cells gives their pooled sum,
 * which must be nobody or at least minGroup people. A lone hidden cell is then ≥ minGroup (only a
 * residual can be: a hidden sub-group is < minGroup or a complement chosen beside another).
 */
function relationSafe(hiddenCells: readonly number[], minGroup: number): boolean {
  const mass = hiddenCells.reduce((a, b) => a + b, 0)
  return mass === 0 || mass >= minGroup
}

export function suppressSmallGroups(
  groups: readonly DisclosureGroup[],
  minGroup: number = DEFAULT_MIN_GROUP,
): SuppressionResult {
  checkParameter(
    'minGroup',
    minGroup,
    Number.isInteger(minGroup) && minGroup >= 2 && minGroup <= 1000,
    'a whole number from 2 to 1000',
  )
  const children = childrenOf(groups)
  const { counts, order } = totalsOf(groups, children)
  const suppressed = new Map<string, SuppressionReason>()
  const hideSubtree = (group: DisclosureGroup, reason: SuppressionReason) => {
    if (!suppressed.has(group.id)) suppressed.set(group.id, reason)
    for (const child of children.get(group.id) ?? []) hideSubtree(child, 'parent')
  }
  for (const group of order) {
    const n = counts.get(group.id)!
    if (n > 0 && n < minGroup && !suppressed.has(group.id)) hideSubtree(group, 'primary')
  }
  // `order` is pre-order, so a relation is fixed before any relation below it.
  for (const parent of order) {
    if (suppressed.has(parent.id)) continue
    const subGroups = children.get(parent.id) ?? []
    const hiddenCells = () => [
      parent.ownN,
      ...subGroups.filter((c) => suppressed.has(c.id)).map((c) => counts.get(c.id)!),
    ]
    while (!relationSafe(hiddenCells(), minGroup)) {
      const complement = subGroups
        .filter((c) => !suppressed.has(c.id) && counts.get(c.id)! > 0)
        .sort((a, b) => counts.get(a.id)! - counts.get(b.id)! || (a.id < b.id ? -1 : 1))[0]
      // Unreachable: a shown parent holds ≥ minGroup, so hiding every sub-group is always safe.
      if (!complement) throw hierarchyInvalid(parent.id, 'no complement left')
      hideSubtree(complement, 'complementary')
    }
  }
  return { counts, suppressed }
}
