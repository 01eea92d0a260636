import { Select } from 'antd'
import {
  DATE_RANGE_PRESETS,
  type DateRange,
  type DateRangePreset,
} from '../../../../src/shared/date-range-preset'
import { useWorkbenchWords } from './workbench-words'

/**
 * Which answers a survey analysis reads: all, those of a period that moves on with the calendar,
 * or fixed dates (the period shared by the other pages, when the reader chose dates there).
 */
export function PeriodSelect({
  value,
  onChange,
}: {
  value: DateRange | undefined
  onChange: (next: DateRange | undefined) => void
}) {
  const { t } = useWorkbenchWords()
  return (
    <div>
      <div id="analysis-period-label">{t('wbs.period')}</div>
      <Select<DateRangePreset | 'all' | 'fixed'>
        style={{ width: 200 }}
        value={value === undefined ? 'all' : 'preset' in value ? value.preset : 'fixed'}
        aria-labelledby="analysis-period-label"
        data-testid="analysis-period"
        onChange={(v) => v !== 'fixed' && onChange(v === 'all' ? undefined : { preset: v })}
        options={[
          { value: 'all', label: t('wbs.allTime') },
          ...DATE_RANGE_PRESETS.map((p) => ({ value: p, label: t(`range.${p}`) })),
          ...(value && 'from' in value
            ? [{ value: 'fixed' as const, label: t('wbs.fixedPeriod', value) }]
            : []),
        ]}
      />
    </div>
  )
}
