import { useQuery } from '@tanstack/react-query'
import { Alert, Tag } from 'antd'
import type { InvitationView } from '../api/endpoints'
import { fetchOutboundChannels } from '../api/organisation'
import { useI18n } from '../i18n/i18n'

/**
 * Whether this server can send by e-mail (a mail server is configured): asked before sending, so
 * the distribution page says why instead of leaving every invitation "sending" and then failed.
 */
export function useEmailConfigured(): boolean | undefined {
  const outbound = useQuery({
    queryKey: ['outbound-channels'],
    queryFn: fetchOutboundChannels,
    staleTime: 60_000,
  })
  return outbound.data?.emailConfigured
}

/** The warning shown where an e-mail distribution would be made or sent without a mail server. */
export function MailNotConfiguredAlert() {
  const { t } = useI18n()
  return (
    <Alert
      type="warning"
      showIcon
      title={t('mailNotConfigured')}
      data-testid="mail-not-configured"
    />
  )
}

/** An invitation's delivery status; a skipped one says why (a contact without an e-mail address). */
export function InvitationStatusTag({ invitation }: { invitation: InvitationView }) {
  const { t } = useI18n()
  const s = invitation.status
  const label = t(`invitationStatus.${s}` as 'invitationStatus.sent')
  // Skipped with a recorded reason (contact rules, no address): the reason column says why.
  if (s === 'skipped' && invitation.skipReason) return <Tag color="orange">{label}</Tag>
  if (s === 'skipped')
    return (
      <span data-testid="invitation-skipped">
        <Tag color="orange">{label}</Tag>
        {t('invitationSkippedNoEmail')}
      </span>
    )
  return (
    <Tag
      color={s === 'failed' ? 'red' : s === 'sent' ? 'blue' : 'default'}
      title={invitation.error ?? undefined}
    >
      {label}
    </Tag>
  )
}
