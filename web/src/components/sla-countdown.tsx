import { Tag } from 'antd'
import { useI18n } from '../i18n/i18n'

/** Time left to a deadline ("2h 15m", "2小时15分"), red once it has passed. */
export function SlaCountdown({
  deadline,
  now = Date.now(),
}: {
  deadline: string | null
  now?: number
}) {
  const { t } = useI18n()
  if (!deadline) return <Tag>{t('slaStopped')}</Tag>
  const minutes = Math.round((Date.parse(deadline) - now) / 60_000)
  const span = Math.abs(minutes)
  // In the reader's language: "2d 0h" read as English inside Chinese words.
  const text =
    span >= 1440
      ? t('slaSpanDays', { d: Math.floor(span / 1440), h: Math.floor((span % 1440) / 60) })
      : t('slaSpanHours', { h: Math.floor(span / 60), m: span % 60 })
  if (minutes < 0)
    return (
      <Tag color="red" data-testid="sla-overdue">
        {t('slaOverdue', { time: text })}
      </Tag>
    )
  return <Tag color={minutes < 60 ? 'orange' : 'green'}>{t('slaLeft', { time: text })}</Tag>
}
