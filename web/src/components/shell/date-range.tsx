import { DatePicker, Space, Typography } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useState } from 'react'
import { useI18n } from '../../i18n/i18n'
import { useOrgToday } from '../org-today'

/** The same default on every page that shows figures over time: the last 90 days, today included. */
export const DEFAULT_RANGE_DAYS = 90

export type DateRange = [Dayjs, Dayjs]

/**
 * The reader's chosen period, shared by the pages that show figures over time (home, dashboard,
 * complaints, text insights) and remembered for them per person and organisation in this browser:
 * a preset ("last 30 days") is kept as the preset, so it moves on with the calendar; a fixed
 * period is kept as its dates.
 */
type Stored = { preset: '30d' | '90d' | '12m' } | { from: string; to: string }

const keyOf = (who: string) => `manyi.dateRange.${who}`

function rangeOf(stored: Stored | null, today: Dayjs): DateRange {
  if (stored && 'from' in stored) {
    const from = dayjs(stored.from)
    const to = dayjs(stored.to)
    if (from.isValid() && to.isValid() && !from.isAfter(to)) return [from, to]
  }
  const preset = stored && 'preset' in stored ? stored.preset : '90d'
  if (preset === '30d') return [today.subtract(29, 'day'), today]
  if (preset === '12m') return [today.subtract(12, 'month'), today]
  return [today.subtract(DEFAULT_RANGE_DAYS - 1, 'day'), today]
}

function read(who: string): Stored | null {
  try {
    const value = JSON.parse(localStorage.getItem(keyOf(who)) ?? 'null') as Stored | null
    return value && typeof value === 'object' ? value : null
  } catch {
    return null
  }
}

/** The period and its setter; `who` is the person and organisation (e.g. `${orgId}:${userId}`). */
export function useSharedDateRange(who: string): [DateRange, (next: DateRange) => void] {
  const today = useOrgToday()
  const [stored, setStored] = useState<Stored | null>(() => read(who))
  const range = rangeOf(stored, today)
  const set = (next: DateRange) => {
    const presets = { '30d': rangeOf({ preset: '30d' }, today), '90d': rangeOf(null, today) }
    const same = (a: DateRange) => a[0].isSame(next[0], 'day') && a[1].isSame(next[1], 'day')
    const value: Stored = same(presets['30d'])
      ? { preset: '30d' }
      : same(presets['90d'])
        ? { preset: '90d' }
        : same(rangeOf({ preset: '12m' }, today))
          ? { preset: '12m' }
          : { from: next[0].format('YYYY-MM-DD'), to: next[1].format('YYYY-MM-DD') }
    localStorage.setItem(keyOf(who), JSON.stringify(value))
    setStored(value)
  }
  return [range, set]
}

/** The period picker with the usual presets, labelled for screen readers. */
export function DateRangeField({
  value,
  onChange,
}: {
  value: DateRange
  onChange: (next: DateRange) => void
}) {
  const { t } = useI18n()
  const today = useOrgToday()
  return (
    <Space wrap>
      <Typography.Text id="date-range-label">{t('dateRange')}</Typography.Text>
      <DatePicker.RangePicker
        value={value}
        allowClear={false}
        aria-labelledby="date-range-label"
        data-testid="date-range"
        onChange={(v) => v?.[0] && v[1] && onChange([v[0], v[1]])}
        presets={[
          { label: t('preset.30d'), value: [today.subtract(29, 'day'), today] },
          { label: t('preset.90d'), value: [today.subtract(89, 'day'), today] },
          { label: t('preset.12m'), value: [today.subtract(12, 'month'), today] },
        ]}
      />
    </Space>
  )
}
