import { Select } from 'antd'
import { DATE_RANGE_PRESETS, type DateRangePreset } from '../../../../src/shared/date-range-preset'
import { useWorkbenchWords } from './workbench-words'

/** Which answers a survey analysis reads: all, or those of a period that moves on with the calendar. */
export function PeriodSelect({
  value,
  onChange,
}: {
  value: DateRangePreset | undefined
  onChange: (next: DateRangePreset | undefined) => void
}) {
  const { t } = useWorkbenchWords()
  return (
    <div>
      <div id="analysis-period-label">{t('wbs.period')}</div>
      <Select<DateRangePreset | 'all'>
        style={{ width: 200 }}
        value={value ?? 'all'}
        aria-labelledby="analysis-period-label"
        data-testid="analysis-period"
        onChange={(v) => onChange(v === 'all' ? undefined : v)}
        options={[
          { value: 'all', label: t('wbs.allTime') },
          ...DATE_RANGE_PRESETS.map((p) => ({ value: p, label: t(`range.${p}`) })),
        ]}
      />
    </div>
  )
}
