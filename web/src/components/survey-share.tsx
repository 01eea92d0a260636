import { Button, Input, Space, Typography } from 'antd'
import { useState } from 'react'
import { qrCodeUrl } from '../api/endpoints'
import { useI18n } from '../i18n/i18n'

export function SurveyShare({ surveyId, publicUrl }: { surveyId: string; publicUrl: string }) {
  const { t } = useI18n()
  const [copied, setCopied] = useState(false)
  const copy = async () => {
    await navigator.clipboard?.writeText(publicUrl)
    setCopied(true)
  }
  return (
    <Space wrap align="center">
      <Typography.Text strong>{t('publicLink')}</Typography.Text>
      {/* Never wider than a phone's screen less the page's and card's padding. */}
      <Input
        readOnly
        value={publicUrl}
        style={{ width: 360, maxWidth: 'calc(100vw - 48px)' }}
        data-testid="public-link"
      />
      <Button onClick={copy}>{copied ? t('copied') : t('copy')}</Button>
      <Button href={qrCodeUrl(surveyId, 'png')} data-testid="qr-png">
        {t('downloadQr')} PNG
      </Button>
      <Button href={qrCodeUrl(surveyId, 'svg')}>SVG</Button>
    </Space>
  )
}
