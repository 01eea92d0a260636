import { useMutation } from '@tanstack/react-query'
import { Select } from 'antd'
import { api } from '../api/client'
import type { Me } from '../api/types'
import { useI18n } from '../i18n/i18n'

const switchOrganisation = (orgId: string) =>
  api<{ mfaRequired?: boolean; challenge?: string; enrolRequired?: boolean }>(
    'POST',
    '/auth/switch-organisation',
    { orgId },
  )

/**
 * The organisation switcher in the header: shown only to a person with two or more usable
 * memberships (`/auth/me`); choosing one moves the session there and reloads everything.
 */
export function OrgSwitcher({ me }: { me: Me }) {
  const { t, errorText } = useI18n()
  const move = useMutation({
    mutationFn: switchOrganisation,
    // A fresh start of the app, so nothing of the organisation left behind shows in the next one.
    // An organisation requiring two-factor sign-in of a person without an authenticator answers a
    // challenge instead: the login page takes it from the fragment and asks them to enrol.
    onSuccess: (answer) =>
      window.location.assign(
        answer.mfaRequired && answer.challenge
          ? `/app/#mfa=${encodeURIComponent(answer.challenge)}${answer.enrolRequired ? '&enrol=1' : ''}`
          : '/app/',
      ),
  })
  if (me.memberships.length < 2) return null
  return (
    <Select
      size="small"
      className="app-org-switcher"
      aria-label={t('orgSwitcher')}
      title={move.error ? errorText(move.error) : t('orgSwitcher')}
      status={move.error ? 'error' : undefined}
      value={me.organisation.id}
      loading={move.isPending}
      disabled={move.isPending}
      onChange={(orgId: string) => move.mutate(orgId)}
      popupMatchSelectWidth={false}
      style={{ maxWidth: 200 }}
      data-testid="org-switcher"
      options={me.memberships.map((m) => ({ value: m.orgId, label: m.name }))}
    />
  )
}
