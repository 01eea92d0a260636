import { useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Card, Form, Input, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { ApiError } from '../api/client'
import { login } from '../api/endpoints'
import { useI18n } from '../i18n/i18n'

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
      await login(values.email, values.password)
      await queryClient.invalidateQueries({ queryKey: ['me'] })
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
        <Form layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item label={t('email')} name="email" rules={[{ required: true, type: 'email' }]}>
            <Input autoComplete="username" />
          </Form.Item>
          <Form.Item label={t('password')} name="password" rules={[{ required: true }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} disabled={wait !== null}>
            {t('login')}
          </Button>
        </Form>
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
