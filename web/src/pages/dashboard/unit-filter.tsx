import { useQuery } from '@tanstack/react-query'
import { Select, Typography } from 'antd'
import type { DashboardUnits } from '../../../../src/responses/summary.schema'
import { api } from '../../api/client'
import { usePageWords } from '../../i18n/page-words'
import { unitNameIn } from '../units/unit-name'

/** Words of the dashboard's unit filter (usePageWords: they load with the dashboard). */
export const dashboardUnitZhCN = {
  'dashUnit.label': '单元',
  'dashUnit.all': '全部单元',
  'dashUnit.closed': '已关闭',
}

export const dashboardUnitEnUS: Record<keyof typeof dashboardUnitZhCN, string> = {
  'dashUnit.label': 'Unit',
  'dashUnit.all': 'All units',
  'dashUnit.closed': 'closed',
}

export const fetchDashboardUnits = (surveyId: string) =>
  api<DashboardUnits>('GET', `/surveys/${encodeURIComponent(surveyId)}/units`).then((r) => r.units)

type Unit = DashboardUnits['units'][number]

/** The units in tree order (each under its parent), with their depth among the listed ones. */
export function unitsInTreeOrder(units: readonly Unit[]): Array<Unit & { depth: number }> {
  const listed = new Set(units.map((u) => u.id))
  const children = new Map<string | null, Unit[]>()
  for (const unit of units) {
    // A unit whose parent is not listed (above the reader's units) starts a tree of its own.
    const parent = unit.parentId !== null && listed.has(unit.parentId) ? unit.parentId : null
    children.set(parent, [...(children.get(parent) ?? []), unit])
  }
  const out: Array<Unit & { depth: number }> = []
  const walk = (parent: string | null, depth: number) => {
    for (const unit of children.get(parent) ?? []) {
      out.push({ ...unit, depth })
      walk(unit.id, depth + 1)
    }
  }
  walk(null, 0)
  return out
}

/**
 * The per-survey dashboard's unit filter: one of the reader's units (and everything below it), or
 * all of them. The server lists only the reader's units and refuses any other; nothing is shown
 * where the organisation has no units.
 */
export function UnitFilter({
  surveyId,
  value,
  onChange,
}: {
  surveyId: string
  value: string | undefined
  onChange: (unit: string | undefined) => void
}) {
  const { t, locale } = usePageWords(dashboardUnitZhCN, dashboardUnitEnUS)
  const units = useQuery({
    queryKey: ['dashboard-units', surveyId],
    queryFn: () => fetchDashboardUnits(surveyId),
  })
  if (!units.data || units.data.length === 0) return null
  const name = (u: Unit) => unitNameIn(u, locale)
  return (
    <>
      <Typography.Text id="dashboard-unit-label">{t('dashUnit.label')}</Typography.Text>
      <Select
        allowClear
        showSearch={{ optionFilterProp: 'title' }}
        placeholder={t('dashUnit.all')}
        aria-labelledby="dashboard-unit-label"
        style={{ width: 200, maxWidth: '80vw' }}
        value={value}
        onChange={(unit?: string) => onChange(unit)}
        data-testid="unit-filter"
        options={unitsInTreeOrder(units.data).map((u) => ({
          value: u.id,
          title: `${name(u)} ${u.code}`,
          label: (
            <span
              style={{ paddingInlineStart: u.depth * 12 }}
              data-testid={`unit-option-${u.code}`}
            >
              {name(u)}
              {u.closed && (
                <Typography.Text type="secondary"> · {t('dashUnit.closed')}</Typography.Text>
              )}
            </span>
          ),
        }))}
      />
    </>
  )
}
