import { Alert, Button, Modal, Radio, Space, Table, Tag, Typography, Upload } from 'antd'
import { useState } from 'react'
import { readFileAsBase64 } from '../../api/file-upload'
import type { MessageKey } from '../../i18n/i18n'
import { useEmployeeWords } from './employee-words'
import { importEmployees, type EmployeeImportReport } from './employees-api'

const OUTCOME_COLOR = {
  created: 'green',
  updated: 'blue',
  unchanged: 'default',
  invalid: 'red',
} as const

/** Import employees from a CSV or Excel file, all-or-nothing or skipping invalid rows; a report per row. */
export function EmployeeImportDialog({
  onClose,
  onImported,
}: {
  onClose: () => void
  onImported: () => Promise<unknown>
}) {
  const { t, errorText } = useEmployeeWords()
  const [file, setFile] = useState<File | null>(null)
  const [mode, setMode] = useState<'all-or-nothing' | 'skip-invalid'>('all-or-nothing')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [report, setReport] = useState<EmployeeImportReport | null>(null)
  const run = async () => {
    if (!file) return
    setBusy(true)
    setError(null)
    try {
      const contentBase64 = await readFileAsBase64(file)
      const result = await importEmployees({ name: file.name, contentBase64 }, mode)
      setReport(result)
      if (result.applied) await onImported()
    } catch (e) {
      setError(errorText(e))
    } finally {
      setBusy(false)
    }
  }
  // A row's problem in the reader's language, by its error code.
  const problem = (code: string | undefined) =>
    code ? t(`error.${code}` as MessageKey) || code : ''
  return (
    <Modal
      open
      width={720}
      title={t('employees.importTitle')}
      onCancel={onClose}
      footer={
        <Space>
          <Button onClick={onClose}>{t('employees.cancel')}</Button>
          <Button
            type="primary"
            disabled={!file}
            loading={busy}
            onClick={() => void run()}
            data-testid="employee-import-run"
          >
            {t('employees.importRun')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('employees.importHelp')}</Typography.Paragraph>
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
          <Button data-testid="employee-import-file">{t('employees.importFile')}</Button>
        </Upload>
        <div>
          <Typography.Text>{t('employees.importMode')}</Typography.Text>{' '}
          <Radio.Group
            value={mode}
            onChange={(e) => setMode(e.target.value)}
            options={[
              { value: 'all-or-nothing', label: t('employees.importAllOrNothing') },
              { value: 'skip-invalid', label: t('employees.importSkipInvalid') },
            ]}
          />
        </div>
        {error && <Alert type="error" title={error} showIcon />}
        {report && (
          <>
            <Alert
              type={report.invalid > 0 ? 'warning' : 'success'}
              showIcon
              data-testid="employee-import-summary"
              title={t('employees.importSummary', {
                created: String(report.created),
                updated: String(report.updated),
                unchanged: String(report.unchanged),
                invalid: String(report.invalid),
              })}
              description={report.applied ? undefined : t('employees.importNothing')}
            />
            <Table
              size="small"
              rowKey={(r) => `${r.line}`}
              dataSource={report.rows}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              scroll={{ x: 'max-content' }}
              data-testid="employee-import-report"
              columns={[
                { title: t('employees.importLine'), dataIndex: 'line', width: 64 },
                { title: t('employees.code'), dataIndex: 'code' },
                {
                  title: t('employees.importOutcome'),
                  dataIndex: 'outcome',
                  render: (o: keyof typeof OUTCOME_COLOR) => (
                    <Tag color={OUTCOME_COLOR[o]}>{t(`employees.outcome.${o}` as MessageKey)}</Tag>
                  ),
                },
                {
                  title: t('employees.importProblem'),
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
