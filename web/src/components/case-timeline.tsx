import { Tag, Timeline, Typography } from 'antd'
import type { CaseDetail } from '../api/endpoints'
import { useI18n } from '../i18n/i18n'
import { zonedTime } from './zoned-time'

/**
 * A reply's delivery in words: by SMS or WeChat when it went that way, else by e-mail; an SMS
 * cloud's receipt makes an SMS delivered (or failed).
 */
function deliveryLabel(delivery: string, via: unknown) {
  const route = (via === 'sms' || via === 'wechat') && delivery !== 'none' ? `${via}.` : ''
  return `delivery.${route}${delivery}` as 'delivery.sent'
}

/** An amount in cents as yuan, as cases show compensation. */
const yuan = (cents: number) => `¥${(cents / 100).toFixed(2)}`

/**
 * A case's history, oldest first: status changes (with a phone follow-up's result), replies and
 * their delivery, notes, compensation — each time on the clock of the case's deadlines.
 */
export function CaseTimeline({
  events,
  timeZone,
}: {
  events: CaseDetail['events']
  timeZone: string
}) {
  const { t } = useI18n()
  return (
    <Timeline
      style={{ marginTop: 16 }}
      items={events.map((e) => ({
        color:
          e.visibility === 'customer'
            ? 'green'
            : e.type === 'escalated'
              ? 'red'
              : e.type === 'warned'
                ? 'orange'
                : 'blue',
        children: (
          <div data-testid="timeline-item">
            <Typography.Text strong>{t(`event.${e.type}` as 'event.created')}</Typography.Text>{' '}
            <Typography.Text type="secondary">
              {e.actorName ?? (e.actorType === 'system' ? t('system') : e.actorType)} ·{' '}
              {zonedTime(e.createdAt, timeZone)}
            </Typography.Text>
            {e.visibility === 'customer' && (
              <Tag color="green" style={{ marginLeft: 8 }}>
                {t('toCustomer')}
              </Tag>
            )}
            {e.delivery && (
              <Tag
                color={
                  e.delivery === 'delivered'
                    ? 'green'
                    : e.delivery === 'sent'
                      ? 'blue'
                      : e.delivery === 'failed'
                        ? 'red'
                        : 'default'
                }
                title={e.deliveryError ?? undefined}
                data-testid="reply-delivery"
              >
                {/* A status change told to the customer (its note stays internal), not a reply. */}
                {e.detail.notice ? `${t('delivery.statusNotice')} · ` : ''}
                {t(deliveryLabel(e.delivery, e.detail.via))}
              </Tag>
            )}
            {/* A customer's e-mail threaded into the case: from whom. */}
            {e.type === 'customer_message' && typeof e.detail.from === 'string' && (
              <div>
                <Typography.Text type="secondary" data-testid="timeline-email-from">
                  {e.detail.from}
                </Typography.Text>
              </div>
            )}
            {e.body && <div style={{ whiteSpace: 'pre-wrap' }}>{e.body}</div>}
            {(e.type === 'status' || e.type === 'reopened') && (
              <div>
                {t(`caseStatus.${String(e.detail.from)}` as 'caseStatus.new')} →{' '}
                {t(`caseStatus.${String(e.detail.to)}` as 'caseStatus.new')}
              </div>
            )}
            {/* A phone follow-up (status change) or the follow-up survey's answer. */}
            {typeof e.detail.satisfied === 'boolean' && (
              <Tag color={e.detail.satisfied ? 'green' : 'red'} data-testid="timeline-follow-up">
                {t('followUpEvent', {
                  result: e.detail.satisfied ? t('satisfied') : t('notSatisfied'),
                })}
              </Tag>
            )}
            {e.type === 'compensation' && (
              <div>
                {t(`compensation.${String(e.detail.kind)}` as 'compensation.refund')}{' '}
                {yuan(Number(e.detail.amount))} ·{' '}
                {t(`compensationStatus.${String(e.detail.status)}` as 'compensationStatus.granted')}
              </div>
            )}
          </div>
        ),
      }))}
    />
  )
}
