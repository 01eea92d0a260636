import { DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import { Button, InputNumber, Select, Space } from 'antd'
import type { FilterOperator } from '../../../../src/analyses/analysis.schema'
import {
  type FilterDraft,
  OPERATOR_ORDER,
  valueEntry,
  valuesForOperator,
} from './filter-conditions'
import { useWorkbenchWords } from './workbench-words'

/** Conditions a run may carry (the API takes up to 10). */
const MAX_CONDITIONS = 10

/** A new, empty condition: pick a column, keep the rows holding one of some values. */
export const EMPTY_CONDITION: FilterDraft = { operator: 'in', values: [] }

function NumberValue({
  value,
  label,
  testId,
  onChange,
}: {
  value: string | undefined
  label: string
  testId: string
  onChange: (next: string | undefined) => void
}) {
  return (
    <InputNumber
      aria-label={label}
      placeholder={label}
      style={{ width: 110 }}
      value={value === undefined || value === '' ? null : Number(value)}
      data-testid={testId}
      onChange={(n) => onChange(n === null || n === undefined ? undefined : String(n))}
    />
  )
}

/**
 * Keep only some rows: conditions, each a column (a store, a channel, any question) picked from
 * the table's own, an operator (is one of, is not one of, contains, ≥, ≤, between, empty, not
 * empty) and its values; rows meeting every condition are analysed. No condition, every row.
 */
export function FilterPicker({
  columns,
  value,
  onChange,
}: {
  columns: Array<{ value: string; label: string }>
  value: FilterDraft[]
  onChange: (next: FilterDraft[]) => void
}) {
  const { t } = useWorkbenchWords()
  const conditions = value.length > 0 ? value : [EMPTY_CONDITION]
  const change = (i: number, next: FilterDraft) =>
    onChange(conditions.map((c, j) => (j === i ? next : c)))
  const remove = (i: number) => onChange(conditions.filter((_, j) => j !== i))
  return (
    <div data-testid="analysis-filters">
      <div id="analysis-filter-label">{t('wbs.filter')}</div>
      <Space orientation="vertical" size={4}>
        {conditions.map((condition, i) => {
          const entry = valueEntry(condition.operator)
          const setValue = (k: number, v: string | undefined) => {
            const values = [...condition.values]
            values[k] = v ?? ''
            change(i, { ...condition, values })
          }
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: conditions have no id; their place is their identity
            <Space key={i} wrap data-testid={`analysis-filter-${i}`}>
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                style={{ width: 220, maxWidth: '80vw' }}
                placeholder={t('wbs.filterColumn')}
                aria-labelledby="analysis-filter-label"
                value={condition.column}
                options={columns}
                data-testid={`analysis-filter-column-${i}`}
                onChange={(column?: string) =>
                  change(i, {
                    ...condition,
                    column,
                    values: column === condition.column ? condition.values : [],
                  })
                }
              />
              <Select<FilterOperator>
                style={{ width: 130 }}
                aria-label={t('wbs.filterOperator')}
                value={condition.operator}
                data-testid={`analysis-filter-operator-${i}`}
                options={OPERATOR_ORDER.map((op) => ({
                  value: op,
                  label: t(`wbs.op.${op}` as const),
                }))}
                onChange={(operator) =>
                  change(i, {
                    ...condition,
                    operator,
                    values: valuesForOperator(condition.values, operator),
                  })
                }
              />
              {entry === 'list' && (
                <Select
                  mode="tags"
                  style={{ minWidth: 200, maxWidth: '80vw' }}
                  aria-label={t('wbs.filterValues')}
                  placeholder={t('wbs.filterValues')}
                  value={condition.values}
                  data-testid={`analysis-filter-values-${i}`}
                  onChange={(values: string[]) => change(i, { ...condition, values })}
                />
              )}
              {entry === 'number' && (
                <NumberValue
                  value={condition.values[0]}
                  label={t('wbs.filterNumber')}
                  testId={`analysis-filter-number-${i}`}
                  onChange={(v) => setValue(0, v)}
                />
              )}
              {entry === 'range' && (
                <>
                  <NumberValue
                    value={condition.values[0]}
                    label={t('wbs.filterFrom')}
                    testId={`analysis-filter-from-${i}`}
                    onChange={(v) => setValue(0, v)}
                  />
                  <NumberValue
                    value={condition.values[1]}
                    label={t('wbs.filterTo')}
                    testId={`analysis-filter-to-${i}`}
                    onChange={(v) => setValue(1, v)}
                  />
                </>
              )}
              {(conditions.length > 1 || condition.column !== undefined) && (
                <Button
                  type="text"
                  icon={<DeleteOutlined />}
                  aria-label={t('wbs.filterRemove')}
                  title={t('wbs.filterRemove')}
                  data-testid={`analysis-filter-remove-${i}`}
                  onClick={() => remove(i)}
                />
              )}
            </Space>
          )
        })}
        {conditions.length < MAX_CONDITIONS && (
          <Button
            size="small"
            type="dashed"
            icon={<PlusOutlined />}
            data-testid="analysis-filter-add"
            onClick={() => onChange([...conditions, EMPTY_CONDITION])}
          >
            {t('wbs.filterAdd')}
          </Button>
        )}
      </Space>
    </div>
  )
}
