import { useQuery } from '@tanstack/react-query'
import dayjs, { type Dayjs } from 'dayjs'
import { fetchMe } from '../api/endpoints'

/**
 * Today's date in the organisation's time zone. Answers count on the
 * organisation's calendar day, so a browser elsewhere (or set to UTC) must not
 * end its default ranges a day early — between 16:00 and 24:00 UTC a UTC
 * browser's "today" is yesterday in Shanghai.
 */
export function orgToday(timeZone: string | undefined, now = new Date()): Dayjs {
  if (!timeZone) return dayjs(now)
  return dayjs(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(now),
  )
}

/** orgToday for the logged-in organisation (the app loads it before any page). */
export function useOrgToday(): Dayjs {
  const me = useQuery({ queryKey: ['me'], queryFn: fetchMe, retry: false })
  return orgToday(me.data?.organisation.timezone)
}
