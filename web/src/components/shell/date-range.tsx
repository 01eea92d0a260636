import { useQuery, useQueryClient } from '@tanstack/react-query'
import { DatePicker, Select, Space, Typography } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import type { UserPreferences } from '../../../../src/auth/user-preference.schema'
import {
  DATE_RANGE_PRESETS,
  type DateRangePreset,
  type DateRange as StoredRange,
  datesOfRange,
} from '../../../../src/shared/date-range-preset'
import { api } from '../../api/client'
import { dateRangeEnUS } from '../../i18n/date-range.en-US'
import { dateRangeZhCN } from '../../i18n/date-range.zh-CN'
import { usePageWords } from '../../i18n/page-words'
import { useOrgToday } from '../org-today'

/** The same default on every page that shows figures over time: the last 90 days, today included. */
export const DEFAULT_RANGE_DAYS = 90
const DEFAULT_RANGE: StoredRange = { preset: '90d' }

export type DateRange = [Dayjs, Dayjs]

const PREFERENCES = ['preferences'] as const
const fetchPreferences = () => api<UserPreferences>('GET', '/me/preferences')

function datesOf(stored: StoredRange, today: Dayjs): DateRange {
  const { from, to } = datesOfRange(stored, today.format('YYYY-MM-DD'))
  return [dayjs(from), dayjs(to)]
}

/** The period the reader last chose (a preset, or fixed dates), or the default before any choice. */
export function useSharedPeriod(): StoredRange {
  const preferences = useQuery({
    queryKey: PREFERENCES,
    queryFn: fetchPreferences,
    staleTime: 60_000,
  })
  return preferences.data?.dateRange ?? DEFAULT_RANGE
}

/**
 * The reader's chosen period, shared by the pages that show figures over time (home, dashboard,
 * complaints, text insights, segment comparison, the plans' findings; the workbench starts from
 * it) and kept for them on the server per person and organisation (GET/PUT
 * /api/v1/me/preferences), so it follows them to another browser: a preset ("this quarter") is
 * kept as the preset, so it moves on with the calendar; a fixed period is kept as its dates.
 */
export function useSharedDateRange(): [DateRange, (next: DateRange) => void] {
  const today = useOrgToday()
  const queryClient = useQueryClient()
  const stored = useSharedPeriod()
  const set = (next: DateRange) => {
    const preset = presetOf(next, today)
    const value: StoredRange = preset
      ? { preset }
      : { from: next[0].format('YYYY-MM-DD'), to: next[1].format('YYYY-MM-DD') }
    queryClient.setQueryData<UserPreferences>(PREFERENCES, (old) => ({ ...old, dateRange: value }))
    void api<UserPreferences>('PUT', '/me/preferences', { dateRange: value }).catch(() =>
      queryClient.invalidateQueries({ queryKey: PREFERENCES }),
    )
  }
  return [datesOf(stored, today), set]
}

/** Which preset covers exactly these dates today, if one does. */
function presetOf(range: DateRange, today: Dayjs): DateRangePreset | undefined {
  return DATE_RANGE_PRESETS.find((preset) => {
    const [from, to] = datesOf({ preset }, today)
    return from.isSame(range[0], 'day') && to.isSame(range[1], 'day')
  })
}

/**
 * The period picker, labelled for screen readers: the usual presets in a list of their own (on a
 * phone the calendar's two months and its preset column are wider than the screen, so the presets
 * there would be out of reach) and the calendar for other dates.
 */
export function DateRangeField({
  value,
  onChange,
}: {
  value: DateRange
  onChange: (next: DateRange) => void
}) {
  const { t } = usePageWords(dateRangeZhCN, dateRangeEnUS)
  const today = useOrgToday()
  return (
    <Space wrap>
      <Typography.Text id="date-range-label">{t('dateRange')}</Typography.Text>
      <Select<DateRangePreset | 'custom'>
        value={presetOf(value, today) ?? 'custom'}
        onChange={(preset) => preset !== 'custom' && onChange(datesOf({ preset }, today))}
        aria-labelledby="date-range-label"
        data-testid="date-range-preset"
        style={{ minWidth: 140 }}
        popupMatchSelectWidth={false}
        options={[
          ...DATE_RANGE_PRESETS.map((preset) => ({
            value: preset,
            label: t(`range.${preset}`),
          })),
          { value: 'custom', label: t('range.custom'), disabled: true },
        ]}
      />
      <DatePicker.RangePicker
        value={value}
        allowClear={false}
        aria-labelledby="date-range-label"
        title={t('range.shared')}
        data-testid="date-range"
        onChange={(v) => v?.[0] && v[1] && onChange([v[0], v[1]])}
        presets={DATE_RANGE_PRESETS.map((preset) => ({
          label: <span data-testid={`range-${preset}`}>{t(`range.${preset}`)}</span>,
          value: datesOf({ preset }, today),
        }))}
      />
    </Space>
  )
}
