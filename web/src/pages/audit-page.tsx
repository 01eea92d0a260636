import { useInfiniteQuery, useQuery } from '@tanstack/react-query'
import { Alert, Button, Card, DatePicker, Input, Select, Space, Table, Typography } from 'antd'
import type { Dayjs } from 'dayjs'
import { useState } from 'react'
import { api } from '../api/client'
import { fetchMe } from '../api/endpoints'
import type { AuditEntry, AuditLogPage, UserSummary } from '../api/types'
import { useOrgTime } from '../components/org-time'
import { useI18n } from '../i18n/i18n'
import { AuditChainStatus } from './audit-chain-status'
import {
  AUDIT_ENTITIES,
  auditActionLabel,
  auditActorLabel,
  auditEntityLabel,
} from './audit-actions'
import { auditDetailText } from './audit-detail'

/** Filters offered: families (`survey.*`) and single actions; the API takes any of them, comma-separated. */
const ACTIONS = [
  'auth.*',
  'user.*',
  'role.*',
  'sso.*',
  'personal-data.*',
  'personal-data.reveal',
  'token.create',
  'survey.*',
  'survey.update',
  'survey.publish',
  'survey.close',
  'responses.export',
  'responses.import',
  'cases.export',
  'attachment.download',
  'response_file.download',
  'case.*',
  'compensation.*',
  'case_config.*',
  'feedback.create',
  'distribution.*',
  'contact_list.import',
  'link_secret.read',
  'text_config.update',
  'demo.load',
  'audit.*',
]

interface Filters {
  actions: string[]
  range: [Dayjs, Dayjs] | null
  actor: string | null
  entity: string | null
  entityId: string
  text: string
}

const NO_FILTERS: Filters = {
  actions: [],
  range: null,
  actor: null,
  entity: null,
  entityId: '',
  text: '',
}

/** The filters as the API's query (also the export's). */
function filterQuery(f: Filters): URLSearchParams {
  const query = new URLSearchParams()
  if (f.actions.length > 0) query.set('action', f.actions.join(','))
  if (f.range) {
    query.set('from', f.range[0].format('YYYY-MM-DD'))
    query.set('to', f.range[1].format('YYYY-MM-DD'))
  }
  if (f.actor) query.set('actor', f.actor)
  if (f.entity) query.set('entity', f.entity)
  if (f.entityId.trim()) query.set('entityId', f.entityId.trim())
  if (f.text.trim()) query.set('q', f.text.trim())
  return query
}

/**
 * Auditors read who did what and when — writes, exports, downloads, sign-ins — newest first, page
 * after page, searched by action, person, object and text; export what they found; and see
 * whether the log's hash chain is whole.
 */
export function AuditPage() {
  const { t, errorText, locale } = useI18n()
  // When, on the organisation's clock (not the reading browser's), the zone named once.
  const time = useOrgTime()
  const [filters, setFilters] = useState<Filters>(NO_FILTERS)
  const set = (change: Partial<Filters>) => setFilters((f) => ({ ...f, ...change }))
  const me = useQuery({ queryKey: ['me'], queryFn: fetchMe, retry: false })
  const may = (permission: string) => me.data?.permissions.includes(permission) ?? false
  // Names only for readers allowed the user list; the log itself holds ids.
  const users = useQuery({
    queryKey: ['users'],
    queryFn: () => api<{ users: UserSummary[] }>('GET', '/users').then((r) => r.users),
    enabled: may('users:read'),
  })
  const query = filterQuery(filters)
  const audit = useInfiniteQuery({
    queryKey: ['audit', query.toString()],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const page = new URLSearchParams(query)
      page.set('limit', '100')
      if (pageParam) page.set('cursor', pageParam)
      return api<AuditLogPage>('GET', `/audit?${page.toString()}`)
    },
    getNextPageParam: (last) => last.nextCursor,
  })
  const names = new Map((users.data ?? []).map((u) => [u.id, u.displayName]))
  const entries = audit.data?.pages.flatMap((p) => p.entries) ?? []
  const exportUrl = (format: 'csv' | 'xlsx') => {
    const q = new URLSearchParams(query)
    q.set('format', format)
    q.set('lang', locale)
    return `/api/v1/audit/export?${q.toString()}`
  }
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('auditLog')}
        </Typography.Title>
        <AuditChainStatus />
      </Space>
      <Card size="small">
        <Space wrap>
          <Select
            mode="multiple"
            allowClear
            placeholder={t('auditAllActions')}
            style={{ minWidth: 240, maxWidth: '100%' }}
            value={filters.actions}
            onChange={(actions) => set({ actions })}
            options={ACTIONS.map((a) => ({ value: a, label: auditActionLabel(a, locale) }))}
            data-testid="audit-actions"
          />
          <DatePicker.RangePicker
            value={filters.range}
            onChange={(v) => set({ range: v?.[0] && v[1] ? [v[0], v[1]] : null })}
          />
          {users.data ? (
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              placeholder={t('auditActor')}
              style={{ width: 180 }}
              value={filters.actor}
              onChange={(actor) => set({ actor: actor ?? null })}
              options={users.data.map((u) => ({ value: u.id, label: u.displayName }))}
              data-testid="audit-actor"
            />
          ) : (
            <Input.Search
              allowClear
              placeholder={t('auditActorId')}
              style={{ width: 200 }}
              onSearch={(actor) => set({ actor: actor.trim() || null })}
              data-testid="audit-actor"
            />
          )}
          <Select
            allowClear
            placeholder={t('auditAllObjectTypes')}
            style={{ width: 160 }}
            value={filters.entity}
            onChange={(entity) => set({ entity: entity ?? null })}
            options={AUDIT_ENTITIES.map((e) => ({ value: e, label: auditEntityLabel(e, locale) }))}
            data-testid="audit-entity"
          />
          <Input.Search
            allowClear
            placeholder={t('auditObjectId')}
            style={{ width: 200 }}
            onSearch={(entityId) => set({ entityId })}
            data-testid="audit-entity-id"
          />
          <Input.Search
            allowClear
            placeholder={t('auditSearch')}
            style={{ width: 220 }}
            onSearch={(text) => set({ text })}
            data-testid="audit-search"
          />
        </Space>
      </Card>
      {may('audit:export') && (
        <Space wrap>
          <Button href={exportUrl('xlsx')} data-testid="audit-export-xlsx">
            {t('auditExportXlsx')}
          </Button>
          <Button href={exportUrl('csv')} data-testid="audit-export-csv">
            {t('auditExportCsv')}
          </Button>
        </Space>
      )}
      {audit.isError && <Alert type="error" showIcon title={errorText(audit.error)} />}
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        loading={audit.isPending}
        dataSource={entries}
        scroll={{ x: 960 }}
        data-testid="audit-table"
        columns={[
          { title: t('auditSeq'), dataIndex: 'seq', width: 80 },
          {
            title: <span data-testid="audit-time-heading">{time.heading(t('auditTime'))}</span>,
            dataIndex: 'createdAt',
            width: 190,
            render: (v: string) => time.dateTime(v),
          },
          {
            title: t('auditActor'),
            render: (_, e: AuditEntry) =>
              e.actorType === 'user'
                ? (e.actorName ?? names.get(e.actorId) ?? e.actorId)
                : auditActorLabel(e.actorType, e.actorId, locale),
          },
          {
            title: t('auditAction'),
            dataIndex: 'action',
            render: (v: string) => (
              <span title={v} data-action={v} data-testid="audit-action">
                {auditActionLabel(v, locale)}
              </span>
            ),
          },
          {
            title: t('auditObject'),
            render: (_, e: AuditEntry) => `${auditEntityLabel(e.entity, locale)} ${e.entityId}`,
          },
          {
            title: t('auditDetail'),
            render: (_, e: AuditEntry) => (
              <Typography.Text
                type="secondary"
                style={{ fontSize: 12 }}
                title={Object.keys(e.detail).length > 0 ? JSON.stringify(e.detail) : undefined}
              >
                {auditDetailText(e.detail, locale)}
              </Typography.Text>
            ),
          },
        ]}
      />
      {audit.hasNextPage && (
        <Button
          onClick={() => void audit.fetchNextPage()}
          loading={audit.isFetchingNextPage}
          data-testid="audit-more"
        >
          {t('auditMore')}
        </Button>
      )}
    </Space>
  )
}
