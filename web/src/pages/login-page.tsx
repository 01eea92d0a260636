import { useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Card, Form, Input, Typography } from 'antd'
import { useEffect, useState } from 'react'
import {
  enrolAtSignIn,
  type SignInButton,
  signIn,
  signInSecondStep,
  signInWithDirectory,
  type TotpEnrolment,
} from '../api/account'
import { ApiError } from '../api/client'
import { useI18n } from '../i18n/i18n'
import { RecoveryCodes } from './account/recovery-codes'
import { signInOrganisation, SsoButtons, takeSsoReturn } from './account/sso-buttons'
import { CodeForm, TotpEnrol } from './account/totp-enrol'

/** The second step after a right password: the challenge, and the new authenticator when enrolling. */
interface SecondStep {
  challenge: string
  enrolRequired: boolean
  enrolment?: TotpEnrolment
}

/** A throttled or locked login: until when, and whether it is the lock. */
interface Wait {
  until: number
  locked: boolean
}

export function LoginPage() {
  const { t, errorText, locale, setLocale } = useI18n()
  const queryClient = useQueryClient()
  const [error, setError] = useState<string | null>(null)
  const [wait, setWait] = useState<Wait | null>(null)
  const [now, setNow] = useState(() => Date.now())
  const [busy, setBusy] = useState(false)
  const [second, setSecond] = useState<SecondStep | null>(null)
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null)
  const [org] = useState(signInOrganisation)
  // Signing in with a directory (LDAP) login instead of the e-mail and password.
  const [directory, setDirectory] = useState<SignInButton | null>(null)
  const signedIn = () => queryClient.invalidateQueries({ queryKey: ['me'] })
  // Back from a single sign-on provider: its second step, or why it failed.
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, on arrival
  useEffect(() => {
    const back = takeSsoReturn()
    if (back?.error) setError(errorText(new ApiError(401, back.error, back.error)))
    if (!back?.challenge) return
    const step: SecondStep = { challenge: back.challenge, enrolRequired: back.enrol }
    if (!back.enrol) return setSecond(step)
    enrolAtSignIn(back.challenge)
      .then((enrolment) => setSecond({ ...step, enrolment }))
      .catch((e) => setError(errorText(e)))
  }, [])
  // The time left counts down once a second while the user waits, and the notice goes when it is over.
  useEffect(() => {
    if (!wait) return
    const timer = setInterval(() => {
      setNow(Date.now())
      if (Date.now() >= wait.until) setWait(null)
    }, 1000)
    return () => clearInterval(timer)
  }, [wait])
  const submit = async (values: { email: string; password: string }) => {
    setBusy(true)
    setError(null)
    setWait(null)
    try {
      const answer = directory
        ? await signInWithDirectory(directory.id, values.email, values.password)
        : await signIn(values.email, values.password)
      if ('mfaRequired' in answer) {
        const step: SecondStep = {
          challenge: answer.challenge,
          enrolRequired: answer.enrolRequired,
        }
        if (answer.enrolRequired) step.enrolment = await enrolAtSignIn(answer.challenge)
        setSecond(step)
      } else await signedIn()
    } catch (e) {
      if (
        e instanceof ApiError &&
        (e.code === 'LOGIN_LOCKED' || e.code === 'LOGIN_THROTTLED') &&
        typeof e.extra.retryAfter === 'number'
      ) {
        setNow(Date.now())
        setWait({
          until: Date.now() + e.extra.retryAfter * 1000,
          locked: e.code === 'LOGIN_LOCKED',
        })
      } else setError(errorText(e))
    } finally {
      setBusy(false)
    }
  }
  const submitCode = async (code: string) => {
    if (!second) return
    setBusy(true)
    setError(null)
    try {
      const answer = await signInSecondStep(second.challenge, code)
      // A new authenticator's recovery codes are shown before the app opens.
      if (answer.recoveryCodes) setRecoveryCodes(answer.recoveryCodes)
      else await signedIn()
    } catch (e) {
      if (e instanceof ApiError && e.code === 'MFA_CHALLENGE_INVALID') setSecond(null)
      setError(errorText(e))
    } finally {
      setBusy(false)
    }
  }
  const secondsLeft = wait ? Math.max(1, Math.ceil((wait.until - now) / 1000)) : 0
  const timeLeft =
    secondsLeft > 90
      ? t('durationMinutes', { n: Math.ceil(secondsLeft / 60) })
      : t('durationSeconds', { n: secondsLeft })
  return (
    <div
      style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f5f7fa' }}
    >
      <Card style={{ width: 380 }}>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('loginTitle')}
        </Typography.Title>
        {error && (
          <Alert
            type="error"
            title={error}
            style={{ marginBottom: 16 }}
            showIcon
            data-testid="login-error"
          />
        )}
        {wait && (
          <Alert
            type="warning"
            title={t(wait.locked ? 'loginLockedFor' : 'loginWaitFor', { time: timeLeft })}
            style={{ marginBottom: 16 }}
            showIcon
            data-testid="login-wait"
          />
        )}
        {recoveryCodes ? (
          <>
            <RecoveryCodes codes={recoveryCodes} />
            <Button type="primary" block onClick={() => void signedIn()} data-testid="mfa-continue">
              {t('mfaContinue')}
            </Button>
          </>
        ) : second?.enrolment ? (
          <>
            <Typography.Title level={5}>{t('mfaEnrolStepTitle')}</Typography.Title>
            <TotpEnrol enrolment={second.enrolment} busy={busy} onCode={submitCode} />
          </>
        ) : second ? (
          <>
            <Typography.Title level={5}>{t('mfaStepTitle')}</Typography.Title>
            <CodeForm busy={busy} onCode={submitCode} submitLabel={t('mfaVerify')} />
          </>
        ) : (
          <Form layout="vertical" onFinish={submit} requiredMark={false}>
            {directory && (
              <Typography.Paragraph data-testid="directory-sign-in">
                {t('ssoSignInWith', { name: directory.name })}{' '}
                <Button type="link" style={{ padding: 0 }} onClick={() => setDirectory(null)}>
                  {t('back')}
                </Button>
              </Typography.Paragraph>
            )}
            <Form.Item
              label={t(directory ? 'directoryLogin' : 'email')}
              name="email"
              rules={[{ required: true, ...(directory ? {} : { type: 'email' as const }) }]}
            >
              <Input autoComplete="username" />
            </Form.Item>
            <Form.Item label={t('password')} name="password" rules={[{ required: true }]}>
              <Input.Password autoComplete="current-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy} disabled={wait !== null}>
              {t('login')}
            </Button>
          </Form>
        )}
        {!second && !recoveryCodes && !directory && org && (
          <SsoButtons org={org} onDirectory={setDirectory} />
        )}
        <Button
          type="link"
          onClick={() => setLocale(locale === 'zh-CN' ? 'en-US' : 'zh-CN')}
          style={{ padding: 0, marginTop: 12 }}
        >
          {t('language')}
        </Button>
      </Card>
    </div>
  )
}
