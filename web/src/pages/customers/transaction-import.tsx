import {
  Alert,
  Button,
  Card,
  Input,
  Progress,
  Select,
  Space,
  Table,
  Typography,
  Upload,
} from 'antd'
import { useState } from 'react'
import { api, ApiError, type ErrorDetail } from '../../api/client'
import { uploadRaw } from '../../api/raw-upload'
import { usePageWords } from '../../i18n/page-words'
import type { z } from 'zod'
import type { TransactionImportJobSchema } from '../../../../src/customers/transaction-import-job.schema'
import { CUSTOMERS_EN, CUSTOMERS_ZH } from './customers-words'
import { TX_IMPORT_EN, TX_IMPORT_ZH } from './transaction-import-words'

type Job = z.infer<typeof TransactionImportJobSchema>
type Report = NonNullable<Job['report']>
type Issue = Report['issues'][number]

const KINDS = ['account', 'member', 'phone', 'email', 'external', 'openid'] as const
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The server's reasons for a row's VALIDATION_FAILED, by the start of their words (customer-transactions.service.ts). */
const VALIDATION_REASONS = [
  ['not a date', 'txImport.reason.date'],
  ['not a number', 'txImport.reason.amount'],
  ['a transaction id', 'txImport.reason.id'],
] as const

/**
 * A transaction file imported in the background (POST /customer-transactions/import-jobs with
 * the raw file): the columns and options, the job's phase and rows done of total while it runs,
 * then the report and a row per problem in the reader's language.
 */
export function TransactionImport() {
  const words = usePageWords<keyof typeof TX_IMPORT_ZH | keyof typeof CUSTOMERS_ZH>(
    { ...TX_IMPORT_ZH, ...CUSTOMERS_ZH },
    { ...TX_IMPORT_EN, ...CUSTOMERS_EN },
  )
  const { t, errorText } = words
  const [kind, setKind] = useState<(typeof KINDS)[number]>('account')
  const [columns, setColumns] = useState({
    customer: 'customer',
    at: 'date',
    amount: 'amount',
    id: '',
  })
  const [mode, setMode] = useState<'all-or-nothing' | 'skip-invalid'>('all-or-nothing')
  const [unknown, setUnknown] = useState<'create' | 'refuse'>('create')
  const [progress, setProgress] = useState<number | null>(null)
  const [phase, setPhase] = useState('')
  const [report, setReport] = useState<Report | null>(null)
  const [error, setError] = useState<string | null>(null)

  const reasonOf = (issue: Issue) => {
    if (issue.code !== 'VALIDATION_FAILED') {
      const key = `txImport.reason.${issue.code}` as keyof typeof TX_IMPORT_ZH
      return key in TX_IMPORT_ZH ? t(key) : t('txImport.reason.other')
    }
    const known = VALIDATION_REASONS.find(([start]) => issue.reason.startsWith(start))
    return t(known ? known[1] : 'txImport.reason.other')
  }

  const upload = async (file: File) => {
    setError(null)
    setReport(null)
    setProgress(0)
    setPhase(t('txImport.uploading'))
    try {
      const options = encodeURIComponent(
        JSON.stringify({
          customerKind: kind,
          columns: {
            customer: columns.customer,
            at: columns.at,
            amount: columns.amount,
            ...(columns.id.trim() ? { id: columns.id.trim() } : {}),
          },
          mode,
          unknownCustomers: unknown,
        }),
      )
      let job = await uploadRaw<Job>(
        `/customer-transactions/import-jobs?file=${encodeURIComponent(file.name)}&options=${options}`,
        file,
        (p) => setProgress(Math.round(p * 0.2)),
      )
      // Upload 0–20 %, checking 20–50 % (all or nothing), writing up to 100 %.
      while (job.status !== 'done' && job.status !== 'failed') {
        await pause(500)
        job = await api<Job>('GET', `/customer-transactions/import-jobs/${job.id}`)
        const share = job.total > 0 ? job.done / job.total : 0
        setPhase(t(`txImport.phase.${job.status}`, { done: job.done, total: job.total }))
        setProgress(
          job.status === 'writing'
            ? (mode === 'skip-invalid' ? 20 : 50) +
                Math.round((mode === 'skip-invalid' ? 80 : 50) * share)
            : job.status === 'checking'
              ? 20 + Math.round(30 * share)
              : 20,
        )
      }
      if (job.error)
        throw new ApiError(
          400,
          job.error.code,
          job.error.message,
          job.error.details as ErrorDetail[],
        )
      setProgress(100)
      setReport(job.report)
    } catch (e) {
      setError(errorText(e))
      setProgress(null)
    }
  }

  const column = (key: keyof typeof columns, label: keyof typeof TX_IMPORT_ZH) => (
    <Space orientation="vertical" size={2}>
      <Typography.Text type="secondary">{t(label)}</Typography.Text>
      <Input
        value={columns[key]}
        onChange={(e) => setColumns({ ...columns, [key]: e.target.value })}
        style={{ width: 160 }}
        aria-label={t(label)}
        data-testid={`tx-column-${key}`}
      />
    </Space>
  )

  return (
    <Card title={t('txImport.title')} data-testid="transaction-import">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('txImport.intro')}
        </Typography.Paragraph>
        <Space wrap align="end">
          <Space orientation="vertical" size={2}>
            <Typography.Text type="secondary">{t('txImport.kind')}</Typography.Text>
            <Select
              value={kind}
              onChange={setKind}
              style={{ width: 160 }}
              aria-label={t('txImport.kind')}
              options={KINDS.map((k) => ({ value: k, label: t(`customers.kind.${k}`) }))}
            />
          </Space>
          {column('customer', 'txImport.customerColumn')}
          {column('at', 'txImport.dateColumn')}
          {column('amount', 'txImport.amountColumn')}
          {column('id', 'txImport.idColumn')}
        </Space>
        <Space wrap>
          <Select
            value={mode}
            onChange={setMode}
            style={{ width: 200 }}
            data-testid="tx-mode"
            options={[
              { value: 'all-or-nothing', label: t('txImport.allOrNothing') },
              { value: 'skip-invalid', label: t('txImport.skipInvalid') },
            ]}
          />
          <Select
            value={unknown}
            onChange={setUnknown}
            style={{ width: 240 }}
            options={[
              { value: 'create', label: t('txImport.create') },
              { value: 'refuse', label: t('txImport.refuse') },
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
            <Button type="primary" data-testid="tx-import-file">
              {t('txImport.choose')}
            </Button>
          </Upload>
        </Space>
        {progress !== null && progress < 100 && (
          <div data-testid="tx-import-progress">
            <Progress percent={progress} size="small" status="active" />
            <Typography.Text type="secondary">{phase}</Typography.Text>
          </div>
        )}
        {error && <Alert type="error" title={error} showIcon data-testid="tx-import-error" />}
        {report && (
          <>
            <Alert
              type={report.invalid > 0 ? 'warning' : 'success'}
              showIcon
              data-testid="tx-import-report"
              title={t('txImport.report', {
                rows: report.rows,
                imported: report.imported,
                duplicates: report.duplicates,
                invalid: report.invalid,
                refunds: report.refunds,
                created: report.createdCustomers,
              })}
              description={
                report.invalid > 0 && report.mode === 'all-or-nothing'
                  ? t('txImport.nothingWritten')
                  : undefined
              }
            />
            {report.issues.length > 0 && (
              <Table
                size="small"
                data-testid="tx-import-issues"
                rowKey={(r) => `${r.row}-${r.column}`}
                pagination={{ pageSize: 10 }}
                dataSource={report.issues}
                scroll={{ x: true }}
                footer={
                  report.invalid > report.issues.length
                    ? () =>
                        t('txImport.moreIssues', {
                          shown: report.issues.length,
                          invalid: report.invalid,
                        })
                    : undefined
                }
                columns={[
                  { title: t('txImport.row'), dataIndex: 'row', width: 80 },
                  { title: t('txImport.column'), dataIndex: 'column', width: 140 },
                  { title: t('txImport.reason'), key: 'reason', render: (_, r) => reasonOf(r) },
                ]}
              />
            )}
          </>
        )}
      </Space>
    </Card>
  )
}
