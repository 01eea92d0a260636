import { childrenByParent, type UnitRecord } from './units-api'

export interface UnitTreeOption {
  value: string
  title: string
  disabled?: boolean
  children: UnitTreeOption[]
}

/** The units as TreeSelect options ("name code"), leaving out `exclude` and everything below it. */
export function unitTreeSelectData(
  units: readonly UnitRecord[],
  exclude?: string,
): UnitTreeOption[] {
  const children = childrenByParent(units)
  const build = (parent: string | null): UnitTreeOption[] =>
    (children.get(parent) ?? [])
      .filter((u) => u.id !== exclude)
      .map((u) => ({ value: u.id, title: `${u.nameZh} ${u.code}`, children: build(u.id) }))
  return build(null)
}
