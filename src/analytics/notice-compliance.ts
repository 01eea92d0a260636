import { wilsonInterval } from './proportion-interval.js'

/** One message of a notice: whom it was for and when it left (null: not sent, or failed). */
export interface NoticeMessageTiming {
  recipient: string
  sentAt: number | null
}

export interface NoticeComplianceFigures {
  recipients: number
  notifiedAhead: number
  /** notifiedAhead / recipients; null without recipients. */
  share: number | null
  /** Wilson 95% interval of the share. */
  interval: [number, number] | null
}

const DAY_MS = 86_400_000

/**
 * Notice compliance: the share of a notice's recipients told at least `leadDays` days before the
 * start (a recipient counts once, told when any of their messages left in time). The yardstick
 * is the advance-notice rule for planned outages (供电营业规则 1996, art. 67: seven days ahead);
 * the lead is counted in whole 24-hour days before the start time.
 */
export function noticeCompliance(
  messages: readonly NoticeMessageTiming[],
  startsAt: number,
  leadDays: number,
): NoticeComplianceFigures {
  if (!Number.isInteger(leadDays) || leadDays < 0)
    throw new RangeError(`leadDays must be a whole number of days ≥ 0, got ${leadDays}`)
  if (!Number.isFinite(startsAt)) throw new RangeError('startsAt must be a time')
  const deadline = startsAt - leadDays * DAY_MS
  const told = new Map<string, boolean>()
  for (const m of messages) {
    const inTime = m.sentAt !== null && m.sentAt <= deadline
    told.set(m.recipient, (told.get(m.recipient) ?? false) || inTime)
  }
  return figures(told.size, [...told.values()].filter((t) => t).length)
}

/** Several notices' figures pooled: recipients and those told in time summed. */
export function pooledCompliance(
  rows: readonly NoticeComplianceFigures[],
): NoticeComplianceFigures {
  return figures(
    rows.reduce((s, r) => s + r.recipients, 0),
    rows.reduce((s, r) => s + r.notifiedAhead, 0),
  )
}

function figures(recipients: number, notifiedAhead: number): NoticeComplianceFigures {
  return {
    recipients,
    notifiedAhead,
    share: recipients > 0 ? notifiedAhead / recipients : null,
    interval: wilsonInterval(notifiedAhead, recipients),
  }
}
