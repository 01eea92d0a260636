import { Alert, Button, Card, Checkbox, Select, Space, Typography, Upload } from 'antd'
import { useState } from 'react'
import { api } from '../../api/client'
import { readFileAsBase64 } from '../../api/file-upload'
import { useI18n } from '../../i18n/i18n'
import type { FeedbackImportReport } from '../../api/types'

/** Hotline records and social-media posts from a CSV/XLSX file. */
export function FeedbackImportCard() {
  const { t, errorText } = useI18n()
  const [channel, setChannel] = useState<'hotline' | 'social'>('hotline')
  const [skipInvalid, setSkipInvalid] = useState(false)
  const [result, setResult] = useState<{
    type: 'success' | 'warning' | 'error'
    text: string
  } | null>(null)
  const upload = async (file: File) => {
    setResult(null)
    try {
      const report = await api<FeedbackImportReport>('POST', '/feedback/import', {
        channel,
        skipInvalid,
        file: { name: file.name, contentBase64: await readFileAsBase64(file) },
      })
      const text = t('feedbackImported', {
        imported: report.imported,
        duplicates: report.duplicates,
        cases: report.cases,
        rows: report.rows,
      })
      setResult({
        type: report.issues.length > 0 ? 'warning' : 'success',
        text:
          report.issues.length > 0
            ? `${text} ${report.issues
                .slice(0, 5)
                .map((i) => `${i.path}: ${i.reason}`)
                .join('; ')}`
            : text,
      })
    } catch (e) {
      setResult({ type: 'error', text: errorText(e) })
    }
  }
  return (
    <Card size="small" title={t('importFeedback')}>
      <Space wrap>
        <Select
          value={channel}
          onChange={setChannel}
          style={{ width: 160 }}
          options={[
            { value: 'hotline', label: t('channelHotline') },
            { value: 'social', label: t('channelSocial') },
          ]}
        />
        <Checkbox checked={skipInvalid} onChange={(e) => setSkipInvalid(e.target.checked)}>
          {t('importSkipInvalid')}
        </Checkbox>
        <Upload
          accept=".csv,.xlsx"
          showUploadList={false}
          beforeUpload={(file) => {
            void upload(file)
            return false
          }}
        >
          <Button>{t('uploadFile')}</Button>
        </Upload>
      </Space>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t('feedbackImportHelp')}
      </Typography.Paragraph>
      {result && <Alert type={result.type} title={result.text} showIcon />}
    </Card>
  )
}
