import { Select, Space } from 'antd'
import type { AnalysisFilter } from '../../../../src/analyses/analysis.schema'
import { useWorkbenchWords } from './workbench-words'

/**
 * Keep only the rows of one segment: a column (a store, a channel, any question) picked from the
 * table's own, and the values to keep typed or chosen; nothing picked, every row.
 */
export function FilterPicker({
  columns,
  value,
  onChange,
}: {
  columns: Array<{ value: string; label: string }>
  value: AnalysisFilter | null
  onChange: (next: AnalysisFilter | null) => void
}) {
  const { t } = useWorkbenchWords()
  return (
    <div>
      <div id="analysis-filter-label">{t('wbs.filter')}</div>
      <Space wrap>
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: 220, maxWidth: '80vw' }}
          placeholder={t('wbs.filterColumn')}
          aria-labelledby="analysis-filter-label"
          value={value?.column}
          options={columns}
          data-testid="analysis-filter-column"
          onChange={(column?: string) =>
            onChange(
              column ? { column, values: value?.column === column ? value.values : [] } : null,
            )
          }
        />
        {value && (
          <Select
            mode="tags"
            style={{ minWidth: 200, maxWidth: '80vw' }}
            placeholder={t('wbs.filterValues')}
            value={value.values}
            data-testid="analysis-filter-values"
            onChange={(values: string[]) => onChange({ column: value.column, values })}
          />
        )}
      </Space>
    </div>
  )
}
