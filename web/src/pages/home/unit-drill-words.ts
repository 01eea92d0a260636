/** Words of the home page's unit drill-down (usePageWords). */
export const unitDrillZhCN = {
  'unitDrill.all': '全部单元',
  'unitDrill.showing': '只看本单元及下级单元',
  'unitDrill.league': '下级单元排名',
  'unitDrill.label': '单元层级',
}

export const unitDrillEnUS: Record<keyof typeof unitDrillZhCN, string> = {
  'unitDrill.all': 'All units',
  'unitDrill.showing': 'This unit and the units below it only',
  'unitDrill.league': 'League of the units below',
  'unitDrill.label': 'Unit hierarchy',
}
