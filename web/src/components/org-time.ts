import { useQuery } from '@tanstack/react-query'
import { timeZoneLabel } from '../../../src/shared/time-zone-label'
import { formatInTimeZone } from '../../../src/shared/timezone'
import { fetchMe } from '../api/endpoints'
import { useI18n } from '../i18n/i18n'

/** Until the organisation is known (the app loads it before any page): the zone new ones get. */
const DEFAULT_TIME_ZONE = 'Asia/Shanghai'

/**
 * Times as the organisation's people read them: on its clock, whatever the browser's zone (a
 * laptop on UTC or abroad), and labelled once per table or card with the zone's name, the same
 * words the case page and the exports use.
 */
export interface OrgTime {
  timeZone: string
  /** 北京时间, UTC+8, or the zone's name for a zone with summer time. */
  label: string
  /** "2026-06-15 13:00" on the organisation's clock; "—" for none. */
  dateTime(iso: string | null | undefined): string
  /** A heading that names the zone its times are in: 创建时间（北京时间）, Created (UTC+8). */
  heading(text: string): string
  /** A time with its zone: 2026-06-15 13:00（北京时间）. */
  labelled(iso: string): string
}

export function orgTimeOf(
  timeZone: string,
  locale: 'zh-CN' | 'en-US',
  now: number = Date.now(),
): OrgTime {
  const label = timeZoneLabel(timeZone, locale, now)
  const heading = (text: string) =>
    locale === 'zh-CN' ? `${text}（${label}）` : `${text} (${label})`
  const dateTime = (iso: string | null | undefined) =>
    iso ? formatInTimeZone(Date.parse(iso), timeZone) : '—'
  return { timeZone, label, dateTime, heading, labelled: (iso) => heading(dateTime(iso)) }
}

/** orgTimeOf for the logged-in organisation, in the reader's language. */
export function useOrgTime(): OrgTime {
  const { locale } = useI18n()
  const me = useQuery({ queryKey: ['me'], queryFn: fetchMe, retry: false })
  return orgTimeOf(me.data?.organisation.timezone ?? DEFAULT_TIME_ZONE, locale)
}
