import { useQuery } from '@tanstack/react-query'
import { Button, Divider, Space } from 'antd'
import { fetchSignInButtons, type SignInButton, ssoStartUrl } from '../../api/account'
import { useI18n } from '../../i18n/i18n'

const ORG_KEY = 'manyi.signInOrg'

/**
 * The organisation whose sign-in providers the login page offers: `?org=` of the link staff were
 * given (remembered for next time on this browser), else the one remembered.
 */
export function signInOrganisation(): string | null {
  const fromLink = new URLSearchParams(window.location.search).get('org')
  if (fromLink) localStorage.setItem(ORG_KEY, fromLink)
  return fromLink ?? localStorage.getItem(ORG_KEY)
}

/**
 * A button per single sign-on provider: a redirect provider's leaves for it and comes back signed
 * in; a directory's (LDAP) switches the form to that directory's login.
 */
export function SsoButtons({
  org,
  onDirectory,
}: {
  org: string
  onDirectory: (provider: SignInButton) => void
}) {
  const { t } = useI18n()
  const providers = useQuery({
    queryKey: ['sign-in-buttons', org],
    queryFn: () => fetchSignInButtons(org),
    retry: false,
  })
  if (!providers.data?.length) return null
  return (
    <>
      <Divider plain>{t('ssoOr')}</Divider>
      <Space direction="vertical" style={{ width: '100%' }}>
        {providers.data.map((p) =>
          p.kind === 'ldap' ? (
            <Button key={p.id} block onClick={() => onDirectory(p)} data-testid="sso-button">
              {t('ssoSignInWith', { name: p.name })}
            </Button>
          ) : (
            <Button key={p.id} block href={ssoStartUrl(p.id)} data-testid="sso-button">
              {t('ssoSignInWith', { name: p.name })}
            </Button>
          ),
        )}
      </Space>
    </>
  )
}

/** What the single sign-on callback left in the address's fragment: a second step or an error. */
export function takeSsoReturn(): { challenge?: string; enrol: boolean; error?: string } | null {
  if (!window.location.hash) return null
  const params = new URLSearchParams(window.location.hash.slice(1))
  const challenge = params.get('mfa') ?? undefined
  const error = params.get('ssoError') ?? undefined
  if (!challenge && !error) return null
  // The challenge is a secret: off the address bar and out of the history at once.
  window.history.replaceState(null, '', window.location.pathname + window.location.search)
  return {
    enrol: params.get('enrol') === '1',
    ...(challenge ? { challenge } : {}),
    ...(error ? { error } : {}),
  }
}
