import { Alert, Button, Modal, Radio, Space, Table, Tag, Typography, Upload } from 'antd'
import { useState } from 'react'
import { readFileAsBase64 } from '../../api/file-upload'
import type { MessageKey } from '../../i18n/i18n'
import { useUnitWords } from './unit-words'
import { importUnits, type UnitImportReport } from './units-api'

const OUTCOME_COLOR = {
  created: 'green',
  updated: 'blue',
  unchanged: 'default',
  invalid: 'red',
} as const

/** Import units from a CSV or Excel file, all-or-nothing or skipping invalid rows; a report per row. */
export function UnitImportDialog({
  onClose,
  onImported,
}: {
  onClose: () => void
  onImported: () => Promise<unknown>
}) {
  const { t, errorText } = useUnitWords()
  const [file, setFile] = useState<File | null>(null)
  const [mode, setMode] = useState<'all-or-nothing' | 'skip-invalid'>('all-or-nothing')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [report, setReport] = useState<UnitImportReport | null>(null)
  const run = async () => {
    if (!file) return
    setBusy(true)
    setError(null)
    try {
      const contentBase64 = await readFileAsBase64(file)
      const result = await importUnits({ name: file.name, contentBase64 }, mode)
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
      title={t('units.importTitle')}
      onCancel={onClose}
      footer={
        <Space>
          <Button onClick={onClose}>{t('units.cancel')}</Button>
          <Button
            type="primary"
            disabled={!file}
            loading={busy}
            onClick={() => void run()}
            data-testid="unit-import-run"
          >
            {t('units.importRun')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('units.importHelp')}</Typography.Paragraph>
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
          <Button data-testid="unit-import-file">{t('units.importFile')}</Button>
        </Upload>
        <div>
          <Typography.Text>{t('units.importMode')}</Typography.Text>{' '}
          <Radio.Group
            value={mode}
            onChange={(e) => setMode(e.target.value)}
            options={[
              { value: 'all-or-nothing', label: t('units.importAllOrNothing') },
              { value: 'skip-invalid', label: t('units.importSkipInvalid') },
            ]}
          />
        </div>
        {error && <Alert type="error" title={error} showIcon />}
        {report && (
          <>
            <Alert
              type={report.invalid > 0 ? 'warning' : 'success'}
              showIcon
              data-testid="unit-import-summary"
              title={t('units.importSummary', {
                created: String(report.created),
                updated: String(report.updated),
                unchanged: String(report.unchanged),
                invalid: String(report.invalid),
              })}
              description={report.applied ? undefined : t('units.importNothing')}
            />
            <Table
              size="small"
              rowKey={(r) => `${r.line}`}
              dataSource={report.rows}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              scroll={{ x: 'max-content' }}
              data-testid="unit-import-report"
              columns={[
                { title: t('units.importLine'), dataIndex: 'line', width: 64 },
                { title: t('units.code'), dataIndex: 'code' },
                {
                  title: t('units.importOutcome'),
                  dataIndex: 'outcome',
                  render: (o: keyof typeof OUTCOME_COLOR) => (
                    <Tag color={OUTCOME_COLOR[o]}>{t(`units.outcome.${o}` as MessageKey)}</Tag>
                  ),
                },
                {
                  title: t('units.importProblem'),
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
