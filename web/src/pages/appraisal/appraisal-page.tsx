import { useQuery } from '@tanstack/react-query'
import { Card, Empty, Select, Space, Tabs, Typography } from 'antd'
import { useState } from 'react'
import { fetchMe } from '../../api/endpoints'
import { fetchEmployees } from '../employees/employees-api'
import { useVisibleUnits } from '../units/use-visible-units'
import { useAppraisalWords } from './appraisal-words'
import { FormulaTab } from './formula-tab'
import { MonthsTab } from './months-tab'
import { unitNameIn } from '../units/unit-name'

/**
 * Appraisal and incentives (issue 19): the organisation's versioned scoring formula with a preview
 * on last month, and a unit's monthly results (draft → approved and locked → revised with a
 * reason), the payroll XLSX and employees' disputes (src/server/routes/appraisal.routes.ts).
 */
export function AppraisalPage() {
  const words = useAppraisalWords()
  const { t, locale } = words
  const me = useQuery({ queryKey: ['me'], queryFn: fetchMe })
  const units = useVisibleUnits()
  const employees = useQuery({ queryKey: ['employees'], queryFn: fetchEmployees })
  const [chosen, setChosen] = useState<string>()
  // Units with staff the caller may see: the employees list keeps to the caller's units, and a
  // unit without employees has nobody to appraise.
  const staffed = new Set(
    (employees.data ?? []).filter((e) => e.status === 'active').map((e) => e.unitId),
  )
  const list = (units.data ?? []).filter((u) => u.closedAt === null && staffed.has(u.id))
  const unitId = chosen ?? list[0]?.id
  const unitLabel = (id: string) => {
    const unit = units.data?.find((u) => u.id === id)
    if (!unit) return id
    return unitNameIn(unit, locale)
  }
  const mayConfigure = me.data?.permissions.includes('appraisal:configure') ?? false
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={t('ap.title')}>
        <Typography.Paragraph type="secondary">{t('ap.intro')}</Typography.Paragraph>
        <Space wrap>
          <span>{t('ap.unit')}</span>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            value={unitId}
            onChange={setChosen}
            placeholder={t('ap.pickUnit')}
            options={list.map((u) => ({ value: u.id, label: `${unitLabel(u.id)} (${u.code})` }))}
            style={{ width: 280, maxWidth: '100%' }}
            data-testid="ap-unit"
            aria-label={t('ap.unit')}
          />
        </Space>
      </Card>
      {units.isSuccess && employees.isSuccess && list.length === 0 ? (
        <Card>
          <Empty description={t('ap.noUnits')} data-testid="ap-no-units" />
        </Card>
      ) : (
        <Tabs
          defaultActiveKey="formula"
          items={[
            {
              key: 'formula',
              label: <span data-testid="ap-tab-formula">{t('ap.tab.formula')}</span>,
              children: (
                <FormulaTab
                  words={words}
                  unitId={unitId}
                  unitLabel={unitLabel}
                  mayConfigure={mayConfigure}
                />
              ),
            },
            {
              key: 'months',
              label: <span data-testid="ap-tab-months">{t('ap.tab.months')}</span>,
              children: unitId ? (
                <MonthsTab key={unitId} words={words} unitId={unitId} unitLabel={unitLabel} />
              ) : null,
            },
          ]}
        />
      )}
    </Space>
  )
}
