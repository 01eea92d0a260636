import { useQuery } from '@tanstack/react-query'
import { Card, Space, Table, Tag, Typography } from 'antd'
import { Link } from 'react-router'
import { fetchPendingApprovals, fetchSlaBoard, type SlaBoardRowView } from '../api/endpoints'
import { useI18n } from '../i18n/i18n'

/** The supervisor's view: open cases per department and owner, and compensation waiting for approval. */
export function SlaBoardPage() {
  const { t } = useI18n()
  const board = useQuery({
    queryKey: ['sla-board'],
    queryFn: fetchSlaBoard,
    refetchInterval: 15_000,
  })
  const approvals = useQuery({
    queryKey: ['approvals'],
    queryFn: fetchPendingApprovals,
    refetchInterval: 15_000,
  })
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('slaBoard')}
      </Typography.Title>
      <Card size="small">
        <Table<SlaBoardRowView>
          size="small"
          rowKey={(r) => `${r.department}|${r.ownerId ?? ''}`}
          loading={board.isPending}
          dataSource={board.data ?? []}
          pagination={false}
          data-testid="sla-board"
          columns={[
            {
              title: t('department'),
              dataIndex: 'department',
              render: (d: string) => (
                <Link to={`/cases?view=all&department=${encodeURIComponent(d)}`}>{d}</Link>
              ),
            },
            {
              title: t('owner'),
              dataIndex: 'ownerName',
              render: (n: string | null, r) =>
                r.ownerId ? (
                  <Link to={`/cases?view=all&ownerId=${r.ownerId}`}>{n}</Link>
                ) : (
                  t('unassigned')
                ),
            },
            { title: t('open'), dataIndex: 'open' },
            {
              title: t('atRisk'),
              dataIndex: 'atRisk',
              render: (n: number) => (n > 0 ? <Tag color="orange">{n}</Tag> : 0),
            },
            {
              title: t('breached'),
              dataIndex: 'breached',
              render: (n: number) => (n > 0 ? <Tag color="red">{n}</Tag> : 0),
            },
            { title: t('escalated'), dataIndex: 'escalated' },
          ]}
        />
      </Card>
      <Card size="small" title={t('pendingApprovals', { n: approvals.data?.length ?? 0 })}>
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={approvals.data ?? []}
          columns={[
            {
              title: t('caseNumber'),
              dataIndex: 'caseNumber',
              render: (n: string, r) => <Link to={`/cases/${r.caseId}`}>{n}</Link>,
            },
            {
              title: t('kind'),
              dataIndex: 'kind',
              render: (k: string) => t(`compensation.${k}` as 'compensation.refund'),
            },
            {
              title: t('amount'),
              dataIndex: 'amount',
              render: (a: number) => `¥${(a / 100).toFixed(2)}`,
            },
            { title: t('note'), dataIndex: 'note' },
          ]}
        />
      </Card>
    </Space>
  )
}
