import { Alert, Button, Card, Checkbox, Select, Space, Table, Tag, Typography, Upload } from 'antd'
import { useState } from 'react'
import type { ImportSource } from '../../../../src/feedback/feedback.schema'
import { api } from '../../api/client'
import { readFileAsBase64 } from '../../api/file-upload'
import type { FeedbackImportReport } from '../../api/types'
import { usePageWords } from '../../i18n/page-words'
import { IMPORT_EN, IMPORT_ZH } from './feedback-import-words'

const SOURCES: ImportSource[] = ['generic', 'ctrip', 'meituan', 'workorder95598', 'workorder12345']
const OUTCOME_COLOR = { imported: 'green', duplicate: 'default', invalid: 'red' } as const

/**
 * Feedback from a CSV/XLSX file: hotline records and social-media posts in Manyi's own layout,
 * or a platform's export (携程 and 美团/大众点评 reviews, 95598 and 12345 work orders), each with
 * the columns it needs named below the choice; the report shows what became of each row.
 */
export function FeedbackImportCard() {
  const { t, errorText } = usePageWords(IMPORT_ZH, IMPORT_EN)
  const [source, setSource] = useState<ImportSource>('generic')
  const [channel, setChannel] = useState<'hotline' | 'social'>('hotline')
  const [skipInvalid, setSkipInvalid] = useState(false)
  const [report, setReport] = useState<FeedbackImportReport | null>(null)
  const [result, setResult] = useState<{
    type: 'success' | 'warning' | 'error'
    text: string
  } | null>(null)
  const upload = async (file: File) => {
    setResult(null)
    setReport(null)
    try {
      const answer = await api<FeedbackImportReport>('POST', '/feedback/import', {
        source,
        channel,
        skipInvalid,
        file: { name: file.name, contentBase64: await readFileAsBase64(file) },
      })
      const text = t('feedbackImported', {
        imported: answer.imported,
        duplicates: answer.duplicates,
        cases: answer.cases,
        rows: answer.rows,
      })
      setReport(answer)
      setResult({
        type: answer.issues.length > 0 ? 'warning' : 'success',
        text:
          answer.issues.length > 0
            ? `${text} ${answer.issues
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
    <Card size="small" title={t('importFeedback')} data-testid="feedback-import">
      <Space wrap>
        <Select
          value={source}
          onChange={setSource}
          aria-label={t('importSource')}
          data-testid="feedback-import-source"
          style={{ width: 260, maxWidth: '100%' }}
          options={SOURCES.map((value) => ({ value, label: t(`source.${value}`) }))}
        />
        {source === 'generic' && (
          <Select
            value={channel}
            onChange={setChannel}
            style={{ width: 160 }}
            options={[
              { value: 'hotline', label: t('channelHotline') },
              { value: 'social', label: t('channelSocial') },
            ]}
          />
        )}
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
      <Typography.Paragraph
        type="secondary"
        style={{ marginTop: 8 }}
        data-testid="feedback-import-help"
      >
        {source === 'generic' ? t('feedbackImportHelp') : t(`help.${source}`)}
      </Typography.Paragraph>
      {result && <Alert type={result.type} title={result.text} showIcon />}
      {report && report.lines.length > 0 && (
        <Table
          size="small"
          style={{ marginTop: 8 }}
          rowKey="row"
          data-testid="feedback-import-lines"
          dataSource={report.lines}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          scroll={{ x: true }}
          columns={[
            { title: t('lineRow'), dataIndex: 'row', width: 56 },
            { title: t('lineId'), dataIndex: 'id', render: (id: string | null) => id ?? '—' },
            {
              title: t('lineOutcome'),
              dataIndex: 'outcome',
              render: (outcome: keyof typeof OUTCOME_COLOR) => (
                <Tag color={OUTCOME_COLOR[outcome]}>{t(`outcome.${outcome}`)}</Tag>
              ),
            },
            {
              title: t('lineKind'),
              dataIndex: 'kind',
              // The rating beside the kind: five columns do not fit a phone's width.
              render: (kind: string | null, line: FeedbackImportReport['lines'][number]) =>
                kind
                  ? `${t(`kind.${kind}` as 'kind.complaint')}${line.rating === null ? '' : ` · ${line.rating}`}`
                  : '—',
            },
          ]}
        />
      )}
    </Card>
  )
}
