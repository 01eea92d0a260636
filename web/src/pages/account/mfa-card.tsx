import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Card, Space, Tag, Typography } from 'antd'
import { useState } from 'react'
import {
  confirmEnrolment,
  disableMfa,
  fetchMfaStatus,
  renewRecoveryCodes,
  startEnrolment,
} from '../../api/account'
import { useI18n } from '../../i18n/i18n'
import { RecoveryCodes } from './recovery-codes'
import { CodeForm, TotpEnrol } from './totp-enrol'

/** What the card is asking for besides showing the status. */
type Step = 'none' | 'disable' | 'renew'

/** One's two-factor sign-in: turn it on (QR code, confirming code), recovery codes, turn it off. */
export function MfaCard() {
  const { t, errorText } = useI18n()
  const queryClient = useQueryClient()
  const status = useQuery({ queryKey: ['mfa'], queryFn: fetchMfaStatus })
  const [codes, setCodes] = useState<string[] | null>(null)
  const [step, setStep] = useState<Step>('none')
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['mfa'] })
  const start = useMutation({ mutationFn: startEnrolment })
  const confirm = useMutation({
    mutationFn: confirmEnrolment,
    onSuccess: async (answer) => {
      setCodes(answer.recoveryCodes)
      start.reset()
      await refresh()
    },
  })
  const disable = useMutation({
    mutationFn: disableMfa,
    onSuccess: async () => {
      setStep('none')
      setCodes(null)
      await refresh()
    },
  })
  const renew = useMutation({
    mutationFn: renewRecoveryCodes,
    onSuccess: async (answer) => {
      setStep('none')
      setCodes(answer.recoveryCodes)
      await refresh()
    },
  })
  const failure = start.error ?? confirm.error ?? disable.error ?? renew.error
  const data = status.data
  return (
    <Card title={t('mfaTitle')} loading={status.isPending} data-testid="mfa-card">
      {failure && (
        <Alert type="error" showIcon title={errorText(failure)} style={{ marginBottom: 12 }} />
      )}
      {data && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Space wrap>
            {data.enrolled ? (
              <Tag color="green" data-testid="mfa-state">
                {t('mfaOn')}
              </Tag>
            ) : (
              <Tag data-testid="mfa-state">{t('mfaOff')}</Tag>
            )}
            {data.required && <Tag color="orange">{t('mfaRequiredByOrg')}</Tag>}
            {data.enrolled && (
              <Typography.Text type="secondary">
                {t('mfaRecoveryLeft', { n: data.recoveryCodesLeft })}
              </Typography.Text>
            )}
          </Space>
          {codes && <RecoveryCodes codes={codes} />}
          {!data.enrolled && !start.data && (
            <Button type="primary" onClick={() => start.mutate()} loading={start.isPending}>
              {t('mfaEnable')}
            </Button>
          )}
          {!data.enrolled && start.data && (
            <TotpEnrol
              enrolment={start.data}
              busy={confirm.isPending}
              onCode={(code) => confirm.mutate(code)}
            />
          )}
          {data.enrolled && step === 'none' && (
            <Space wrap>
              <Button onClick={() => setStep('renew')}>{t('mfaRenewCodes')}</Button>
              <Button danger onClick={() => setStep('disable')}>
                {t('mfaDisable')}
              </Button>
            </Space>
          )}
          {data.enrolled && step !== 'none' && (
            <Space direction="vertical">
              <CodeForm
                busy={disable.isPending || renew.isPending}
                submitLabel={t(step === 'disable' ? 'mfaDisable' : 'mfaRenewCodes')}
                onCode={(code) => (step === 'disable' ? disable.mutate(code) : renew.mutate(code))}
              />
              <Button type="link" onClick={() => setStep('none')} style={{ padding: 0 }}>
                {t('back')}
              </Button>
            </Space>
          )}
        </Space>
      )}
    </Card>
  )
}
