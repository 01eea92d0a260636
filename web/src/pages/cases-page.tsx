import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { Alert, Button, Card, Input, Segmented, Space, Table, Tag, Tooltip, Typography } from 'antd'
import { useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import { fetchCasePage } from '../api/case-list-api'
import { fetchMe, type CaseSummary } from '../api/endpoints'
import { CaseAssignButton, CaseBulkActions } from '../components/case-bulk-actions'
import {
  CaseListFilters,
  FILTER_KEYS,
  type Filters,
  useFilterWords,
} from '../components/case-list-filters'
import { useOrgTime } from '../components/org-time'
import { SlaCountdown } from '../components/sla-countdown'
import { useI18n } from '../i18n/i18n'
import { CASE_KINDS, KIND_COLOR } from './case/case-kind'

const PRIORITY_COLOR: Record<string, string> = {
  urgent: 'red',
  high: 'volcano',
  normal: 'blue',
  low: 'default',
}
const PAGE_SIZE = 50

/**
 * The agent workspace: my cases, the queue by SLA urgency, or all cases, filtered by status,
 * priority, owner, channel, cause, SLA state, store and dates (drill-down links from the
 * analytics and the SLA board arrive filtered), one page of 50 at a time over every case.
 * Agents start on their own cases, supervisors and administrators on the queue; those who may
 * assign a case do so from its row, and supervisors assign or close the selected rows at once.
 */
export function CasesPage({ role }: { role: string }) {
  const { t, errorText } = useI18n()
  const [params, setParams] = useSearchParams()
  const me = useQuery({ queryKey: ['me'], queryFn: fetchMe })
  // Creation times and deadlines on the organisation's clock, the zone named in the heading.
  const time = useOrgTime()
  const can = (permission: string) => me.data?.permissions.includes(permission) ?? false
  const view = params.get('view') ?? (role === 'agent' ? 'mine' : 'queue')
  const filters: Filters = Object.fromEntries(
    FILTER_KEYS.flatMap((k) => (params.get(k) ? [[k, params.get(k)!]] : [])),
  )
  const listKey = JSON.stringify([view, filters])
  // The cursors of the pages before this one; a new view or filter starts again at page 1.
  const [paging, setPaging] = useState<{ key: string; cursors: string[] }>({
    key: listKey,
    cursors: [],
  })
  const cursors = paging.key === listKey ? paging.cursors : []
  const cursor = cursors.at(-1)
  const [selected, setSelected] = useState<string[]>([])
  const cases = useQuery({
    queryKey: ['cases', view, filters, cursor ?? null],
    queryFn: () =>
      fetchCasePage({
        view,
        ...filters,
        limit: String(PAGE_SIZE),
        ...(cursor ? { cursor } : {}),
      }),
    refetchInterval: 15_000,
    placeholderData: keepPreviousData,
  })
  const rows = cases.data?.cases ?? []
  const { word } = useFilterWords(rows)
  const go = (next: { view?: string; filters?: Filters }) => {
    setSelected([])
    setParams({ view: next.view ?? view, ...(next.filters ?? filters) })
  }
  const turn = (nextCursors: string[]) => {
    setSelected([])
    setPaging({ key: listKey, cursors: nextCursors })
  }
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
            style={{ width: 280, maxWidth: '100%' }}
            onSearch={(text) => {
              const { q: _previous, ...rest } = filters
              go(
                text.trim()
                  ? { view: 'all', filters: { ...rest, q: text.trim() } }
                  : { filters: rest },
              )
            }}
            data-testid="case-search"
          />
          <Segmented
            value={view}
            onChange={(v) => go({ view: String(v) })}
            options={[
              { value: 'mine', label: t('casesMine') },
              { value: 'queue', label: t('casesQueue') },
              { value: 'all', label: t('casesAll') },
            ]}
            data-testid="case-view"
          />
        </Space>
      </Space>
      {/* Each kind of request has its own queue: complaints, inquiries, suggestions, praise. */}
      <Segmented
        value={filters.kind ?? 'all'}
        onChange={(v) => {
          const { kind: _previous, ...rest } = filters
          go({ filters: v === 'all' ? rest : { ...rest, kind: String(v) } })
        }}
        options={['all', ...CASE_KINDS].map((k) => ({
          value: k,
          label: t(`caseKind.${k}` as 'caseKind.all'),
        }))}
        data-testid="case-kind-tabs"
      />
      <CaseListFilters filters={filters} cases={rows} onChange={(next) => go({ filters: next })} />
      {can('cases:supervise') && (
        <CaseBulkActions selected={selected} onDone={() => setSelected([])} />
      )}
      {cases.isError && <Alert type="error" showIcon title={errorText(cases.error)} />}
      <Card size="small">
        <Table<CaseSummary>
          size="small"
          rowKey="id"
          loading={cases.isPending || cases.isPlaceholderData}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-testid="case-table"
          rowSelection={
            can('cases:supervise')
              ? {
                  selectedRowKeys: selected,
                  onChange: (keys) => setSelected(keys.map(String)),
                  preserveSelectedRowKeys: false,
                }
              : undefined
          }
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
            {
              title: t('title'),
              dataIndex: 'title',
              ellipsis: true,
              width: 240,
              // An anonymous survey's case comes without its title (the server withholds it).
              render: (title: string, c) =>
                c.answerWithheld ? (
                  <Typography.Text type="secondary" italic data-testid="case-title-withheld">
                    {t('caseAnswerWithheldTitle')}
                  </Typography.Text>
                ) : (
                  title
                ),
            },
            {
              title: t('caseKind'),
              dataIndex: 'kind',
              render: (k: string) => (
                <Tag color={KIND_COLOR[k]} data-testid="case-kind">
                  {t(`caseKind.${k}` as 'caseKind.complaint')}
                </Tag>
              ),
            },
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
            {
              title: t('channel'),
              dataIndex: 'channel',
              render: (c: string) => word('channel', c),
            },
            { title: t('storeFilter'), dataIndex: 'store', render: (s: string | null) => s ?? '—' },
            { title: t('department'), dataIndex: 'department' },
            {
              title: t('owner'),
              dataIndex: 'ownerName',
              render: (n: string | null, c) => (
                <Space size={0} data-testid="case-owner">
                  {n ?? <Typography.Text type="secondary">{t('unassigned')}</Typography.Text>}
                  {can('cases:work') && (
                    <CaseAssignButton caseId={c.id} number={c.number} ownerId={c.ownerId} />
                  )}
                </Space>
              ),
            },
            {
              title: t('sla'),
              render: (_, c) => (
                <Tooltip title={c.nextDeadline ? time.labelled(c.nextDeadline) : undefined}>
                  <span>
                    <SlaCountdown deadline={c.nextDeadline} />
                  </span>
                </Tooltip>
              ),
            },
            {
              title: <span data-testid="case-created-heading">{time.heading(t('created'))}</span>,
              dataIndex: 'createdAt',
              render: (d: string) => <span data-testid="case-created">{time.dateTime(d)}</span>,
            },
          ]}
        />
        <Space
          style={{ justifyContent: 'space-between', width: '100%', marginTop: 12 }}
          wrap
          data-testid="case-pager"
        >
          <Typography.Text type="secondary" data-testid="case-total">
            {cases.data ? t('caseTotal', { n: cases.data.total }) : ''}
          </Typography.Text>
          <Space>
            <Button
              disabled={cursors.length === 0}
              onClick={() => turn(cursors.slice(0, -1))}
              data-testid="case-prev"
            >
              {t('casePrev')}
            </Button>
            <Typography.Text data-testid="case-page">
              {t('casePageN', { page: cursors.length + 1 })}
            </Typography.Text>
            <Button
              disabled={!cases.data?.nextCursor || cases.isPlaceholderData}
              onClick={() => turn([...cursors, cases.data!.nextCursor!])}
              data-testid="case-next"
            >
              {t('caseNext')}
            </Button>
          </Space>
        </Space>
      </Card>
    </Space>
  )
}
