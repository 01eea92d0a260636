import { Button, Form, Input, Typography } from 'antd'
import type { TotpEnrolment } from '../../api/account'
import { useI18n } from '../../i18n/i18n'

/**
 * A new authenticator: its QR code (an SVG made by the server from the otpauth URI; data URL, so
 * no markup of it is put into the page), the key to type in by hand, and the confirming code.
 */
export function TotpEnrol({
  enrolment,
  busy,
  onCode,
}: {
  enrolment: TotpEnrolment
  busy: boolean
  onCode: (code: string) => void
}) {
  const { t } = useI18n()
  const qr = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(enrolment.qrSvg)}`
  return (
    <div data-testid="totp-enrol">
      <Typography.Paragraph>{t('mfaScan')}</Typography.Paragraph>
      <img src={qr} alt={t('mfaQrAlt')} width={200} height={200} style={{ display: 'block' }} />
      <Typography.Paragraph copyable={{ text: enrolment.secret }} style={{ marginTop: 8 }}>
        <Typography.Text code data-testid="totp-secret" style={{ wordBreak: 'break-all' }}>
          {enrolment.secret}
        </Typography.Text>
      </Typography.Paragraph>
      <CodeForm busy={busy} onCode={onCode} submitLabel={t('mfaConfirm')} digitsOnly />
    </div>
  )
}

/** One code: six digits, or (unless digitsOnly) a recovery code. */
export function CodeForm({
  busy,
  onCode,
  submitLabel,
  digitsOnly = false,
}: {
  busy: boolean
  onCode: (code: string) => void
  submitLabel: string
  digitsOnly?: boolean
}) {
  const { t } = useI18n()
  return (
    <Form
      layout="vertical"
      requiredMark={false}
      onFinish={(values: { code: string }) => onCode(values.code.trim())}
    >
      <Form.Item
        label={t('mfaCode')}
        name="code"
        extra={digitsOnly ? undefined : t('mfaCodeHint')}
        rules={[{ required: true }]}
      >
        <Input
          autoComplete="one-time-code"
          inputMode={digitsOnly ? 'numeric' : 'text'}
          maxLength={20}
          data-testid="mfa-code"
        />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy} data-testid="mfa-submit">
        {submitLabel}
      </Button>
    </Form>
  )
}
