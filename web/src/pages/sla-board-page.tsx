import { useQuery } from '@tanstack/react-query'
import { Card, Space, Statistic, Table, Tag, Tooltip, Typography } from 'antd'
import { Link } from 'react-router'
import { fetchSlaBoardView } from '../api/case-list-api'
import { fetchPendingApprovals, type SlaBoardRowView } from '../api/endpoints'
import { useI18n } from '../i18n/i18n'

const pct = (v: number | null) => (v === null ? null : `${(v * 100).toFixed(1)}%`)

/** The cases of a board row, with more filters: each figure opens the list behind it. */
function rowLink(r: SlaBoardRowView, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams({
    view: 'queue',
    department: r.department,
    ownerId: r.ownerId ?? 'none',
    ...extra,
  })
  return `/cases?${params}`
}

/**
 * The supervisor's view: open cases per department and owner (on track, at risk, breached,
 * escalated) with each row's SLA compliance over the last days' cases, and compensation
 * waiting for approval.
 */
export function SlaBoardPage() {
  const { t } = useI18n()
  const board = useQuery({
    queryKey: ['sla-board'],
    queryFn: fetchSlaBoardView,
    refetchInterval: 15_000,
  })
  const approvals = useQuery({
    queryKey: ['approvals'],
    queryFn: fetchPendingApprovals,
    refetchInterval: 15_000,
  })
  const days = board.data?.complianceDays ?? 30
  const total = board.data?.total
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('slaBoard')}
      </Typography.Title>
      <Card size="small">
        <Space wrap size="large">
          <Statistic
            title={
              <Tooltip title={t('slaComplianceHelp')}>
                <span>{t('slaBoardTotal', { days })}</span>
              </Tooltip>
            }
            value={pct(total?.compliance ?? null) ?? t('slaComplianceNone')}
            loading={board.isPending}
            data-testid="sla-board-compliance"
          />
          <Statistic
            title={t('slaBoardDue')}
            value={total ? `${total.met} / ${total.due}` : '—'}
            loading={board.isPending}
          />
        </Space>
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
          {t('slaComplianceHelp')}
        </Typography.Paragraph>
      </Card>
      <Card size="small">
        <Table<SlaBoardRowView>
          size="small"
          rowKey={(r) => `${r.department}|${r.ownerId ?? ''}`}
          loading={board.isPending}
          dataSource={board.data?.rows ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-testid="sla-board"
          columns={[
            {
              title: t('department'),
              dataIndex: 'department',
              render: (d: string) => (
                <Link to={`/cases?${new URLSearchParams({ view: 'all', department: d })}`}>
                  {d}
                </Link>
              ),
            },
            {
              title: t('owner'),
              dataIndex: 'ownerName',
              render: (n: string | null, r) => (
                <Link
                  to={`/cases?${new URLSearchParams({ view: 'all', ownerId: r.ownerId ?? 'none' })}`}
                  data-testid="sla-board-owner"
                >
                  {r.ownerId ? (n ?? t('caseOwnerUnknown')) : t('unassigned')}
                </Link>
              ),
            },
            {
              title: t('open'),
              dataIndex: 'open',
              render: (n: number, r) => (n > 0 ? <Link to={rowLink(r)}>{n}</Link> : 0),
            },
            {
              title: t('atRisk'),
              dataIndex: 'atRisk',
              render: (n: number, r) =>
                n > 0 ? (
                  <Link to={rowLink(r, { sla: 'at_risk' })}>
                    <Tag color="orange">{n}</Tag>
                  </Link>
                ) : (
                  0
                ),
            },
            {
              title: t('breached'),
              dataIndex: 'breached',
              render: (n: number, r) =>
                n > 0 ? (
                  <Link to={rowLink(r, { sla: 'breached' })}>
                    <Tag color="red">{n}</Tag>
                  </Link>
                ) : (
                  0
                ),
            },
            { title: t('escalated'), dataIndex: 'escalated' },
            {
              title: (
                <Tooltip title={t('slaComplianceHelp')}>
                  <span>{t('slaBoardCompliance', { days })}</span>
                </Tooltip>
              ),
              dataIndex: 'compliance',
              align: 'right',
              render: (v: number | null, r) =>
                v === null ? (
                  <Typography.Text type="secondary">{t('slaComplianceNone')}</Typography.Text>
                ) : (
                  <span data-testid="sla-board-row-compliance">
                    {pct(v)}{' '}
                    <Typography.Text type="secondary">
                      ({r.met}/{r.due})
                    </Typography.Text>
                  </span>
                ),
            },
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
