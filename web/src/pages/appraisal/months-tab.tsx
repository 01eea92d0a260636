import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  Button,
  Card,
  Empty,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd'
import { useState } from 'react'
import { useOrgTime } from '../../components/org-time'
import {
  type AppraisalMonthSummary,
  approveMonth,
  computeMonth,
  exportUrl,
  fetchMonth,
  fetchMonths,
  recentMonths,
  reviseMonth,
} from './appraisal-api'
import { AppraisalResultsTable } from './appraisal-results-table'
import type { AppraisalWords } from './appraisal-words'
import { DisputesCard } from './disputes-card'

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

/**
 * A unit's months: score one as a draft, approve it (locked), revise an approved one with a reason,
 * export it for payroll, and read every employee's points with the inputs behind them.
 */
export function MonthsTab(props: {
  words: AppraisalWords
  unitId: string
  unitLabel: (id: string) => string
}) {
  const { words, unitId, unitLabel } = props
  const { t, locale, errorText } = words
  const orgTime = useOrgTime()
  const queryClient = useQueryClient()
  const choices = recentMonths(Date.now(), 13).slice(1)
  const [month, setMonth] = useState(choices[0]!)
  const [selectedId, setSelectedId] = useState<string>()
  const [revising, setRevising] = useState(false)
  const [reason, setReason] = useState('')
  const months = useQuery({ queryKey: ['appraisals', unitId], queryFn: () => fetchMonths(unitId) })
  // Newest month first, and within a month its latest revision first.
  const listed = [...(months.data ?? [])].sort(
    (a, b) => b.month.localeCompare(a.month) || b.revision - a.revision,
  )
  const shownId = selectedId ?? listed[0]?.id
  const detail = useQuery({
    queryKey: ['appraisal', shownId],
    queryFn: () => fetchMonth(shownId!),
    enabled: shownId !== undefined,
  })
  const settle = async (id: string) => {
    setSelectedId(id)
    await queryClient.invalidateQueries({ queryKey: ['appraisals', unitId] })
    await queryClient.invalidateQueries({ queryKey: ['appraisal', id] })
  }
  const run = useMutation({
    mutationFn: () => computeMonth(unitId, month),
    onSuccess: (m) => settle(m.id),
  })
  const approve = useMutation({
    mutationFn: (id: string) => approveMonth(id),
    onSuccess: (m) => settle(m.id),
  })
  const revise = useMutation({
    mutationFn: (id: string) => reviseMonth(id, reason.trim()),
    onSuccess: (m) => {
      setRevising(false)
      setReason('')
      return settle(m.id)
    },
  })
  const error = run.error ?? approve.error ?? months.error ?? detail.error
  const m = detail.data
  const statusTag = (s: AppraisalMonthSummary) => (
    <Space size={4} wrap>
      <Tag color={s.status === 'approved' ? 'green' : 'gold'}>{t(`ap.status.${s.status}`)}</Tag>
      {s.superseded && <Tag>{t('ap.superseded')}</Tag>}
    </Space>
  )
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card>
        <Typography.Paragraph type="secondary">{t('ap.run.hint')}</Typography.Paragraph>
        <Space wrap>
          <span>{t('ap.month')}</span>
          <Select
            value={month}
            onChange={setMonth}
            options={choices.map((c) => ({ value: c, label: c }))}
            style={{ width: 120 }}
            data-testid="ap-month"
            aria-label={t('ap.month')}
          />
          <Button
            type="primary"
            onClick={() => run.mutate()}
            loading={run.isPending}
            data-testid="ap-run"
          >
            {t('ap.run')}
          </Button>
        </Space>
        {error && (
          <Alert type="error" showIcon title={errorText(error)} style={{ marginTop: 12 }} />
        )}
      </Card>
      <Card title={t('ap.months.list')}>
        <Table
          size="small"
          rowKey="id"
          loading={months.isLoading}
          dataSource={listed}
          pagination={{ pageSize: 12, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description={t('ap.months.none')} /> }}
          onRow={(r) => ({ onClick: () => setSelectedId(r.id), style: { cursor: 'pointer' } })}
          rowClassName={(r) => (r.id === shownId ? 'ant-table-row-selected' : '')}
          data-testid="ap-months"
          columns={[
            {
              title: t('ap.month'),
              render: (_, r) => (
                <span data-testid={`ap-month-${r.month}-${r.revision}`}>{r.month}</span>
              ),
            },
            { title: '#', render: (_, r) => t('ap.revision', { revision: r.revision }) },
            { title: t('ap.status'), render: (_, r) => statusTag(r) },
          ]}
        />
      </Card>
      {m && (
        <Card
          title={
            <span style={{ whiteSpace: 'normal', display: 'block', padding: '8px 0' }}>
              {t('ap.detail', {
                unit: unitLabel(m.unitId),
                month: m.month,
                revision: m.revision,
                version: m.formulaVersion,
              })}
            </span>
          }
          data-testid="ap-detail"
        >
          <Space wrap style={{ marginBottom: 12 }}>
            <span data-testid="ap-status">{statusTag(m)}</span>
            {m.approvedAt !== null && (
              <Typography.Text type="secondary">
                {t('ap.approvedAt', { date: orgTime.labelled(iso(m.approvedAt)!) })}
              </Typography.Text>
            )}
            {m.status === 'draft' && !m.superseded && (
              <Popconfirm
                title={t('ap.approve.confirm')}
                onConfirm={() => approve.mutate(m.id)}
                okButtonProps={{ 'data-testid': 'ap-approve-ok' } as Record<string, string>}
              >
                <Button type="primary" loading={approve.isPending} data-testid="ap-approve">
                  {t('ap.approve')}
                </Button>
              </Popconfirm>
            )}
            {m.status === 'approved' && !m.superseded && (
              <Button onClick={() => setRevising(true)} data-testid="ap-revise">
                {t('ap.revise')}
              </Button>
            )}
            <Button href={exportUrl(m.id, locale)} data-testid="ap-export">
              {t('ap.export')}
            </Button>
          </Space>
          {m.reason && (
            <Typography.Paragraph>{t('ap.reason', { reason: m.reason })}</Typography.Paragraph>
          )}
          <AppraisalResultsTable results={m.results} words={words} testId="ap-results" />
        </Card>
      )}
      {m && <DisputesCard month={m} words={words} />}
      <Modal
        open={revising}
        title={t('ap.revise')}
        onCancel={() => setRevising(false)}
        onOk={() => m && revise.mutate(m.id)}
        okText={t('ap.revise.ok')}
        okButtonProps={{ disabled: reason.trim().length < 5, loading: revise.isPending }}
      >
        <Input.TextArea
          rows={3}
          value={reason}
          placeholder={t('ap.revise.reason')}
          onChange={(e) => setReason(e.target.value)}
          data-testid="ap-revise-reason"
          aria-label={t('ap.revise.reason')}
        />
        {revise.error && <Alert type="error" showIcon title={errorText(revise.error)} />}
      </Modal>
    </Space>
  )
}
