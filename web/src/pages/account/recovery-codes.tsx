import { Alert, Typography } from 'antd'
import { useI18n } from '../../i18n/i18n'

/** Recovery codes, shown once right after they were made. */
export function RecoveryCodes({ codes }: { codes: string[] }) {
  const { t } = useI18n()
  return (
    <div data-testid="recovery-codes">
      <Alert type="warning" showIcon title={t('mfaRecoveryHint')} style={{ marginBottom: 12 }} />
      <Typography.Paragraph copyable={{ text: codes.join('\n') }}>
        <ul className="recovery-codes">
          {codes.map((code) => (
            <li key={code}>
              <Typography.Text code>{code}</Typography.Text>
            </li>
          ))}
        </ul>
      </Typography.Paragraph>
    </div>
  )
}
