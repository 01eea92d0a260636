import { useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Progress, Select, Space, Table, Typography, Upload } from 'antd'
import { useState } from 'react'
import { api } from '../api/client'
import { readFileAsBase64 } from '../api/file-upload'
import { useI18n } from '../i18n/i18n'

interface ImportReport {
  rows: number
  imported: number
  duplicates: number
  invalid: number
  issues: Array<{ row: number; column: string; reason: string; allowed?: string }>
}

/** Export links and an import form for one survey's answers. */
export function ResponseFiles({ surveyId }: { surveyId: string }) {
  const { t, locale, errorText } = useI18n()
  const queryClient = useQueryClient()
  const [mode, setMode] = useState<'all-or-nothing' | 'skip-invalid'>('all-or-nothing')
  const [progress, setProgress] = useState<number | null>(null)
  const [report, setReport] = useState<ImportReport | null>(null)
  const [error, setError] = useState<string | null>(null)
  const exportUrl = (format: 'csv' | 'xlsx') => `/api/v1/surveys/${surveyId}/responses/export?format=${format}&lang=${locale}`

  const upload = async (file: File) => {
    setError(null)
    setReport(null)
    setProgress(0)
    try {
      const contentBase64 = await readFileAsBase64(file, (p) => setProgress(Math.round(p / 2)))
      setProgress(60)
      const result = await api<ImportReport>('POST', `/surveys/${surveyId}/responses/import`, { file: { name: file.name, contentBase64 }, options: { mode } })
      setProgress(100)
      setReport(result)
      await queryClient.invalidateQueries({ queryKey: ['summary', surveyId] })
    } catch (e) {
      setError(errorText(e))
      setProgress(null)
    }
  }

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Typography.Text strong>{t('responsesFile')}</Typography.Text>
        <Button href={exportUrl('csv')} data-testid="export-csv">{t('exportCsv')}</Button>
        <Button href={exportUrl('xlsx')}>{t('exportXlsx')}</Button>
        <Select value={mode} onChange={setMode} style={{ width: 180 }} options={[{ value: 'all-or-nothing', label: t('importAllOrNothing') }, { value: 'skip-invalid', label: t('importSkipInvalid') }]} />
        <Upload accept=".csv,.xlsx" showUploadList={false} beforeUpload={(file) => { void upload(file); return false }}>
          <Button data-testid="import-responses">{t('importResponses')}</Button>
        </Upload>
      </Space>
      {progress !== null && progress < 100 && <Progress percent={progress} size="small" status="active" />}
      {error && <Alert type="error" title={error} showIcon />}
      {report && (
        <>
          <Alert
            type={report.invalid > 0 ? 'warning' : 'success'}
            showIcon
            data-testid="import-report"
            title={t('importReport', { imported: report.imported, duplicates: report.duplicates, invalid: report.invalid, rows: report.rows })}
          />
          {report.issues.length > 0 && (
            <Table size="small" rowKey={(r) => `${r.row}-${r.column}`} pagination={{ pageSize: 10 }} dataSource={report.issues}
              columns={[{ title: t('row'), dataIndex: 'row' }, { title: t('column'), dataIndex: 'column' }, { title: t('reason'), dataIndex: 'reason' }, { title: t('allowed'), dataIndex: 'allowed' }]} />
          )}
        </>
      )}
    </Space>
  )
}
