import { Space, Typography } from 'antd'
import type { Me } from '../api/types'
import { useI18n } from '../i18n/i18n'
import { MfaCard } from './account/mfa-card'
import { SessionsCard } from './account/sessions-card'
import { SignInPolicyCard } from './account/sign-in-policy-card'
import { SsoProvidersCard } from './account/sso-providers-card'
import { AuditRetentionCard } from './audit-retention-card'

/**
 * My account: two-factor sign-in, recovery codes, sessions; for those who set them, the sign-in
 * policy, the sign-in providers and how long the audit log is kept.
 */
export function AccountPage({ me }: { me: Me }) {
  const { t } = useI18n()
  const person = me.actorType === 'user'
  return (
    <Space direction="vertical" size="large" style={{ width: '100%', maxWidth: 880 }}>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('accountSecurity')}
      </Typography.Title>
      {me.user && (
        <Typography.Text type="secondary">
          {me.user.displayName} · {me.user.email}
        </Typography.Text>
      )}
      {person && <MfaCard />}
      {person && <SessionsCard />}
      {me.permissions.includes('security:manage') && <SignInPolicyCard />}
      {me.permissions.includes('security:manage') && (
        <SsoProvidersCard orgId={me.organisation.id} />
      )}
      {me.permissions.includes('security:manage') && <AuditRetentionCard />}
    </Space>
  )
}
