import { Alert, Button, Modal, Radio, Space, Table, Tag, Typography, Upload } from 'antd'
import { useState } from 'react'
import { readFileAsBase64 } from '../api/file-upload'

const OUTCOME_COLOR = {
  created: 'green',
  updated: 'blue',
  unchanged: 'default',
  invalid: 'red',
} as const

export type ImportMode = 'all-or-nothing' | 'skip-invalid'

/** What an import of rows answers (units, employees): counts, whether it was applied, each row. */
export interface RowImportReport {
  applied: boolean
  created: number
  updated: number
  unchanged: number
  invalid: number
  rows: ReadonlyArray<{
    line: number
    code?: string | null
    outcome: keyof typeof OUTCOME_COLOR
    error?: string | null
  }>
}

/** The page's words: its own dictionary's keys under `{kind}.` and the app's error words. */
interface ImportWords {
  t(key: string, vars?: Record<string, string | number>): string
  errorText(error: unknown): string
}

/**
 * Import rows of `kind` (units, employees) from a CSV or Excel file, all-or-nothing or skipping
 * invalid rows; a report per row. Words are the page's `{kind}.import…` keys; test ids start with
 * `testId` (unit-import-run, employee-import-report, …).
 */
export function RowImportDialog({
  kind,
  testId,
  words,
  importFile,
  onClose,
  onImported,
}: {
  kind: 'units' | 'employees'
  testId: string
  words: ImportWords
  importFile: (
    file: { name: string; contentBase64: string },
    mode: ImportMode,
  ) => Promise<RowImportReport>
  onClose: () => void
  onImported: () => Promise<unknown>
}) {
  const { errorText } = words
  const t = (key: string, vars?: Record<string, string | number>) => words.t(`${kind}.${key}`, vars)
  const [file, setFile] = useState<File | null>(null)
  const [mode, setMode] = useState<ImportMode>('all-or-nothing')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [report, setReport] = useState<RowImportReport | null>(null)
  const run = async () => {
    if (!file) return
    setBusy(true)
    setError(null)
    try {
      const contentBase64 = await readFileAsBase64(file)
      const result = await importFile({ name: file.name, contentBase64 }, mode)
      setReport(result)
      if (result.applied) await onImported()
    } catch (e) {
      setError(errorText(e))
    } finally {
      setBusy(false)
    }
  }
  // A row's problem in the reader's language, by its error code.
  const problem = (code: string | undefined) => (code ? words.t(`error.${code}`) || code : '')
  return (
    <Modal
      open
      width={720}
      title={t('importTitle')}
      onCancel={onClose}
      footer={
        <Space>
          <Button onClick={onClose}>{t('cancel')}</Button>
          <Button
            type="primary"
            disabled={!file}
            loading={busy}
            onClick={() => void run()}
            data-testid={`${testId}-import-run`}
          >
            {t('importRun')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('importHelp')}</Typography.Paragraph>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Upload
          accept=".csv,.xlsx"
          maxCount={1}
          beforeUpload={(f) => {
            setFile(f)
            setReport(null)
            return false
          }}
          onRemove={() => setFile(null)}
        >
          <Button data-testid={`${testId}-import-file`}>{t('importFile')}</Button>
        </Upload>
        <div>
          <Typography.Text>{t('importMode')}</Typography.Text>{' '}
          <Radio.Group
            value={mode}
            onChange={(e) => setMode(e.target.value)}
            options={[
              { value: 'all-or-nothing', label: t('importAllOrNothing') },
              { value: 'skip-invalid', label: t('importSkipInvalid') },
            ]}
          />
        </div>
        {error && <Alert type="error" title={error} showIcon />}
        {report && (
          <>
            <Alert
              type={report.invalid > 0 ? 'warning' : 'success'}
              showIcon
              data-testid={`${testId}-import-summary`}
              title={t('importSummary', {
                created: String(report.created),
                updated: String(report.updated),
                unchanged: String(report.unchanged),
                invalid: String(report.invalid),
              })}
              description={report.applied ? undefined : t('importNothing')}
            />
            <Table
              size="small"
              rowKey={(r) => `${r.line}`}
              dataSource={report.rows}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              scroll={{ x: 'max-content' }}
              data-testid={`${testId}-import-report`}
              columns={[
                { title: t('importLine'), dataIndex: 'line', width: 64 },
                { title: t('code'), dataIndex: 'code' },
                {
                  title: t('importOutcome'),
                  dataIndex: 'outcome',
                  render: (o: keyof typeof OUTCOME_COLOR) => (
                    <Tag color={OUTCOME_COLOR[o]}>{t(`outcome.${o}`)}</Tag>
                  ),
                },
                {
                  title: t('importProblem'),
                  dataIndex: 'error',
                  render: (code: string | undefined) => problem(code),
                },
              ]}
            />
          </>
        )}
      </Space>
    </Modal>
  )
}
