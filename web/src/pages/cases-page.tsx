import { useQuery } from '@tanstack/react-query'
import { Card, Input, Segmented, Space, Table, Tag, Typography } from 'antd'
import dayjs from 'dayjs'
import { Link, useSearchParams } from 'react-router'
import { fetchCases, type CaseSummary } from '../api/endpoints'
import { SlaCountdown } from '../components/sla-countdown'
import { useI18n } from '../i18n/i18n'

const PRIORITY_COLOR: Record<string, string> = {
  urgent: 'red',
  high: 'volcano',
  normal: 'blue',
  low: 'default',
}

/**
 * The agent workspace: my cases, the queue by SLA urgency, or all cases (with
 * drill-down filters from the analytics). Agents start on their own cases,
 * supervisors and administrators on the queue.
 */
export function CasesPage({ role }: { role: string }) {
  const { t } = useI18n()
  const [params, setParams] = useSearchParams()
  const view = params.get('view') ?? (role === 'agent' ? 'mine' : 'queue')
  const filters = Object.fromEntries([...params].filter(([k]) => k !== 'view'))
  const cases = useQuery({
    queryKey: ['cases', view, filters],
    queryFn: () => fetchCases({ view, ...filters }),
    refetchInterval: 15_000,
  })
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('cases')}
        </Typography.Title>
        <Space wrap>
          {/* A search looks through all cases, not just the current view. */}
          <Input.Search
            key={params.get('q') ?? ''}
            defaultValue={params.get('q') ?? ''}
            placeholder={t('caseSearch')}
            allowClear
            style={{ width: 280 }}
            onSearch={(text) => setParams(text.trim() ? { view: 'all', q: text.trim() } : { view })}
            data-testid="case-search"
          />
          <Segmented
            value={view}
            onChange={(v) => setParams({ view: String(v) })}
            options={[
              { value: 'mine', label: t('casesMine') },
              { value: 'queue', label: t('casesQueue') },
              { value: 'all', label: t('casesAll') },
            ]}
            data-testid="case-view"
          />
        </Space>
      </Space>
      {Object.keys(filters).length > 0 && (
        <Typography.Text type="secondary" data-testid="case-filters">
          {t('filteredBy')}{' '}
          {Object.entries(filters)
            .map(([k, v]) => `${k}=${v}`)
            .join(', ')}{' '}
          · <Link to="/cases?view=all">{t('clearFilters')}</Link>
        </Typography.Text>
      )}
      <Card size="small">
        <Table<CaseSummary>
          size="small"
          rowKey="id"
          loading={cases.isPending}
          dataSource={cases.data ?? []}
          pagination={{ pageSize: 20 }}
          columns={[
            {
              title: t('caseNumber'),
              dataIndex: 'number',
              render: (n: string, c) => (
                <Link to={`/cases/${c.id}`} data-testid="case-link">
                  {n}
                </Link>
              ),
            },
            { title: t('title'), dataIndex: 'title', ellipsis: true },
            {
              title: t('priority'),
              dataIndex: 'priority',
              render: (p: string) => (
                <Tag color={PRIORITY_COLOR[p]}>{t(`priority.${p}` as 'priority.high')}</Tag>
              ),
            },
            {
              title: t('status'),
              dataIndex: 'status',
              render: (s: string) => <Tag>{t(`caseStatus.${s}` as 'caseStatus.new')}</Tag>,
            },
            { title: t('department'), dataIndex: 'department' },
            {
              title: t('owner'),
              dataIndex: 'ownerName',
              render: (n: string | null) =>
                n ?? <Typography.Text type="secondary">{t('unassigned')}</Typography.Text>,
            },
            { title: t('sla'), render: (_, c) => <SlaCountdown deadline={c.nextDeadline} /> },
            {
              title: t('created'),
              dataIndex: 'createdAt',
              render: (d: string) => dayjs(d).format('YYYY-MM-DD HH:mm'),
            },
          ]}
        />
      </Card>
    </Space>
  )
}
