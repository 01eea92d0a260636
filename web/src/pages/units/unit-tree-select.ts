import { unitNameIn } from './unit-name'
import { childrenByParent, type UnitRecord } from './units-api'

export interface UnitTreeOption {
  value: string
  title: string
  disabled?: boolean
  children: UnitTreeOption[]
}

/**
 * The units as TreeSelect options ("name code") named in the reader's `locale` (unitNameIn),
 * leaving out `exclude` and everything below it.
 */
export function unitTreeSelectData(
  units: readonly UnitRecord[],
  locale: string,
  exclude?: string,
): UnitTreeOption[] {
  const children = childrenByParent(units)
  const name = (u: UnitRecord) => unitNameIn(u, locale)
  const build = (parent: string | null): UnitTreeOption[] =>
    (children.get(parent) ?? [])
      .filter((u) => u.id !== exclude)
      .map((u) => ({ value: u.id, title: `${name(u)} ${u.code}`, children: build(u.id) }))
  return build(null)
}
