import { useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Progress, Select, Space, Table, Typography, Upload } from 'antd'
import { useState } from 'react'
import { api, ApiError, type ErrorDetail } from '../api/client'
import { uploadRaw } from '../api/raw-upload'
import { useI18n } from '../i18n/i18n'
import type { ImportJob, ImportReport } from '../api/types'

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Export links and an import form for one survey's answers; large files import in the background with progress. */
export function ResponseFiles({ surveyId }: { surveyId: string }) {
  const { t, locale, errorText } = useI18n()
  const queryClient = useQueryClient()
  const [mode, setMode] = useState<'all-or-nothing' | 'skip-invalid'>('all-or-nothing')
  const [progress, setProgress] = useState<number | null>(null)
  const [phase, setPhase] = useState<string>('')
  const [report, setReport] = useState<ImportReport | null>(null)
  const [error, setError] = useState<string | null>(null)
  const exportUrl = (format: 'csv' | 'xlsx') =>
    `/api/v1/surveys/${surveyId}/responses/export?format=${format}&lang=${locale}`

  const upload = async (file: File) => {
    setError(null)
    setReport(null)
    setProgress(0)
    setPhase(t('importUploading'))
    try {
      const options = encodeURIComponent(JSON.stringify({ mode }))
      let job = await uploadRaw<ImportJob>(
        `/surveys/${surveyId}/responses/import-jobs?file=${encodeURIComponent(file.name)}&options=${options}`,
        file,
        (p) => setProgress(Math.round(p * 0.3)),
      )
      // Checking counts for 30–60 %, writing for 60–100 %.
      while (job.status !== 'done' && job.status !== 'failed') {
        await pause(500)
        job = await api<ImportJob>('GET', `/import-jobs/${job.id}`)
        const share = job.total > 0 ? job.done / job.total : 0
        setPhase(
          t(`importPhase.${job.status}` as 'importPhase.reading', {
            done: job.done,
            total: job.total,
          }),
        )
        setProgress(
          job.status === 'writing'
            ? 60 + Math.round(40 * share)
            : job.status === 'checking'
              ? 30 + Math.round(30 * share)
              : 30,
        )
      }
      // A failed job keeps the error the import raised, details in the documented error shape.
      if (job.error)
        throw new ApiError(
          400,
          job.error.code,
          job.error.message,
          job.error.details as ErrorDetail[],
        )
      setProgress(100)
      setReport(job.report)
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
        <Button href={exportUrl('csv')} data-testid="export-csv">
          {t('exportCsv')}
        </Button>
        <Button href={exportUrl('xlsx')}>{t('exportXlsx')}</Button>
        <Select
          value={mode}
          onChange={setMode}
          style={{ width: 180 }}
          options={[
            { value: 'all-or-nothing', label: t('importAllOrNothing') },
            { value: 'skip-invalid', label: t('importSkipInvalid') },
          ]}
        />
        <Upload
          accept=".csv,.xlsx"
          showUploadList={false}
          beforeUpload={(file) => {
            void upload(file)
            return false
          }}
        >
          <Button data-testid="import-responses">{t('importResponses')}</Button>
        </Upload>
      </Space>
      {progress !== null && progress < 100 && (
        <div data-testid="import-progress">
          <Progress percent={progress} size="small" status="active" />
          <Typography.Text type="secondary">{phase}</Typography.Text>
        </div>
      )}
      {error && <Alert type="error" title={error} showIcon />}
      {report && (
        <>
          <Alert
            type={report.invalid > 0 ? 'warning' : 'success'}
            showIcon
            data-testid="import-report"
            title={t('importReport', {
              imported: report.imported,
              duplicates: report.duplicates,
              invalid: report.invalid,
              rows: report.rows,
            })}
          />
          {report.issues.length > 0 && (
            <Table
              size="small"
              rowKey={(r) => `${r.row}-${r.column}`}
              pagination={{ pageSize: 10 }}
              dataSource={report.issues}
              columns={[
                { title: t('row'), dataIndex: 'row' },
                { title: t('column'), dataIndex: 'column' },
                { title: t('reason'), dataIndex: 'reason' },
                { title: t('allowed'), dataIndex: 'allowed' },
              ]}
            />
          )}
        </>
      )}
    </Space>
  )
}
