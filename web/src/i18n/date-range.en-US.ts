import type { dateRangeZhCN } from './date-range.zh-CN'

/** The shared date range's presets (web/src/components/shell/date-range.tsx). */
export const dateRangeEnUS: Record<keyof typeof dateRangeZhCN, string> = {
  'range.7d': 'Last 7 days',
  'range.30d': 'Last 30 days',
  'range.90d': 'Last 90 days',
  'range.12m': 'Last 12 months',
  'range.month': 'This month',
  'range.quarter': 'This quarter',
  'range.year': 'This year',
  'range.custom': 'Custom dates',
  'range.shared':
    'This date range is shared by the overview, dashboard, complaints, text insights and segment comparison pages and kept for you',
}
