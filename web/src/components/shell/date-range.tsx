import { useQuery, useQueryClient } from '@tanstack/react-query'
import { DatePicker, Space, Typography } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import type { UserPreferences } from '../../../../src/auth/user-preference.schema'
import {
  DATE_RANGE_PRESETS,
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

/**
 * The reader's chosen period, shared by the pages that show figures over time (home, dashboard,
 * complaints, text insights) and kept for them on the server per person and organisation (GET/PUT
 * /api/v1/me/preferences), so it follows them to another browser: a preset ("this quarter") is
 * kept as the preset, so it moves on with the calendar; a fixed period is kept as its dates.
 */
export function useSharedDateRange(): [DateRange, (next: DateRange) => void] {
  const today = useOrgToday()
  const queryClient = useQueryClient()
  const preferences = useQuery({
    queryKey: PREFERENCES,
    queryFn: fetchPreferences,
    staleTime: 60_000,
  })
  const stored = preferences.data?.dateRange ?? DEFAULT_RANGE
  const set = (next: DateRange) => {
    const same = (preset: StoredRange) => {
      const [from, to] = datesOf(preset, today)
      return from.isSame(next[0], 'day') && to.isSame(next[1], 'day')
    }
    const preset = DATE_RANGE_PRESETS.map((p) => ({ preset: p })).find(same)
    const value: StoredRange = preset ?? {
      from: next[0].format('YYYY-MM-DD'),
      to: next[1].format('YYYY-MM-DD'),
    }
    queryClient.setQueryData<UserPreferences>(PREFERENCES, (old) => ({ ...old, dateRange: value }))
    void api<UserPreferences>('PUT', '/me/preferences', { dateRange: value }).catch(() =>
      queryClient.invalidateQueries({ queryKey: PREFERENCES }),
    )
  }
  return [datesOf(stored, today), set]
}

/** The period picker with the usual presets, labelled for screen readers. */
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
