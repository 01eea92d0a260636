import { useQuery } from '@tanstack/react-query'
import { fetchMe } from '../../api/endpoints'
import { type DateRange, useSharedDateRange } from '../../components/shell/date-range'
import { periodInstants } from './period-instants'

/**
 * The waiting page's period: the reader's shared one (as the dashboard's), its days read on the
 * organisation's clock as the instants [from, to) the APIs take — null until the organisation's
 * time zone is known, so no card asks for a period on the browser's clock first.
 */
export function usePagePeriod(): {
  range: DateRange
  setRange: (next: DateRange) => void
  period: { from: string; to: string } | null
} {
  const [range, setRange] = useSharedDateRange()
  const me = useQuery({ queryKey: ['me'], queryFn: fetchMe, retry: false })
  const timezone = me.data?.organisation.timezone
  return { range, setRange, period: timezone ? periodInstants(range, timezone) : null }
}

/** The period's first and last day as the cards' titles show them. */
export const periodDays = (range: DateRange) =>
  ({ from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') }) as const
