import { Space, Tag, Typography } from 'antd'
import type { InvitationView } from '../../api/endpoints'
import { useOrgTime } from '../../components/org-time'
import { usePageWords } from '../../i18n/page-words'
import type { SkipCounts } from './programmes-api'
import { PROGRAMMES_EN, PROGRAMMES_ZH } from './programmes-words'

const COUNTS = [
  ['capped', 'skips.capped', 'orange'],
  ['optedOut', 'skips.optedOut', 'default'],
  ['noConsent', 'skips.noConsent', 'purple'],
  ['noAddress', 'skips.noAddress', 'default'],
  ['deferred', 'skips.deferred', 'blue'],
] as const

/** How many invitations of a send the contact rules held back, by reason ("None" when none). */
export function SkipCountTags({ skips, testId }: { skips: SkipCounts; testId?: string }) {
  const { t } = usePageWords(PROGRAMMES_ZH, PROGRAMMES_EN)
  const shown = COUNTS.filter(([key]) => skips[key] > 0)
  return (
    <span data-testid={testId ?? 'skip-counts'}>
      {shown.length === 0 ? (
        <Typography.Text type="secondary">{t('skips.none')}</Typography.Text>
      ) : (
        <Space size={4} wrap>
          {shown.map(([key, label, color]) => (
            <Tag key={key} color={color} data-testid={`skip-${key}`}>
              {t(label)} {skips[key]}
            </Tag>
          ))}
        </Space>
      )}
    </span>
  )
}

/** Why one invitation was not sent (or waits), with the date that explains it; empty when sent. */
export function InvitationSkipReason({ invitation }: { invitation: InvitationView }) {
  const { t } = usePageWords(PROGRAMMES_ZH, PROGRAMMES_EN)
  const time = useOrgTime()
  const reason = invitation.skipReason
  if (!reason) return null
  // A quiet-hours deferral already sent is history, not a reason.
  if (reason === 'quiet_hours' && invitation.status !== 'pending') return null
  const date = invitation.skipDetail ? time.labelled(invitation.skipDetail) : ''
  return (
    <Typography.Text type="secondary" data-testid="invitation-skip-reason">
      {t(`skips.reason.${reason}`, { date })}
    </Typography.Text>
  )
}

export { usePageWords }
