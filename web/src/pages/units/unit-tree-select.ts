import { childrenByParent, type UnitRecord } from './units-api'

export interface UnitTreeOption {
  value: string
  title: string
  disabled?: boolean
  children: UnitTreeOption[]
}

/**
 * The units as TreeSelect options ("name code"), leaving out `exclude` and everything below it;
 * in English (`locale` en-US) by a unit's English name where it has one, as on the units page.
 */
export function unitTreeSelectData(
  units: readonly UnitRecord[],
  exclude?: string,
  locale?: string,
): UnitTreeOption[] {
  const children = childrenByParent(units)
  const name = (u: UnitRecord) => (locale === 'en-US' && u.nameEn ? u.nameEn : u.nameZh)
  const build = (parent: string | null): UnitTreeOption[] =>
    (children.get(parent) ?? [])
      .filter((u) => u.id !== exclude)
      .map((u) => ({ value: u.id, title: `${name(u)} ${u.code}`, children: build(u.id) }))
  return build(null)
}
