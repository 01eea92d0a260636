import { useInfiniteQuery, useQuery } from '@tanstack/react-query'
import { Alert, Button, Card, DatePicker, Select, Space, Table, Typography } from 'antd'
import type { Dayjs } from 'dayjs'
import { useState } from 'react'
import { api } from '../api/client'
import type { AuditEntry, AuditLogPage, UserSummary } from '../api/types'
import { useOrgTime } from '../components/org-time'
import { useI18n } from '../i18n/i18n'
import { auditActionLabel, auditActorLabel, auditEntityLabel } from './audit-actions'

/** Filters offered: families (`survey.*`) and single actions; the API takes any of them, comma-separated. */
const ACTIONS = [
  'auth.*',
  'user.*',
  'token.create',
  'survey.*',
  'survey.update',
  'survey.publish',
  'survey.close',
  'responses.export',
  'responses.import',
  'cases.export',
  'attachment.download',
  'case.*',
  'compensation.*',
  'case_config.*',
  'feedback.create',
  'distribution.*',
  'contact_list.import',
  'link_secret.read',
  'text_config.update',
  'demo.load',
]

/** Administrators read who did what and when — writes, exports and downloads — newest first, page after page. */
export function AuditPage() {
  const { t, errorText, locale } = useI18n()
  // When, on the organisation's clock (not the reading browser's), the zone named once.
  const time = useOrgTime()
  const [actions, setActions] = useState<string[]>([])
  const [range, setRange] = useState<[Dayjs, Dayjs] | null>(null)
  const users = useQuery({
    queryKey: ['users'],
    queryFn: () => api<{ users: UserSummary[] }>('GET', '/users').then((r) => r.users),
  })
  const filters = new URLSearchParams({ limit: '100' })
  if (actions.length > 0) filters.set('action', actions.join(','))
  if (range) {
    filters.set('from', range[0].format('YYYY-MM-DD'))
    filters.set('to', range[1].format('YYYY-MM-DD'))
  }
  const audit = useInfiniteQuery({
    queryKey: ['audit', filters.toString()],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const query = new URLSearchParams(filters)
      if (pageParam) query.set('cursor', pageParam)
      return api<AuditLogPage>('GET', `/audit?${query.toString()}`)
    },
    getNextPageParam: (last) => last.nextCursor,
  })
  const names = new Map((users.data ?? []).map((u) => [u.id, u.displayName]))
  const entries = audit.data?.pages.flatMap((p) => p.entries) ?? []
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('auditLog')}
      </Typography.Title>
      <Card size="small">
        <Space wrap>
          <Select
            mode="multiple"
            allowClear
            placeholder={t('auditAllActions')}
            style={{ minWidth: 320 }}
            value={actions}
            onChange={setActions}
            options={ACTIONS.map((a) => ({ value: a, label: auditActionLabel(a, locale) }))}
            data-testid="audit-actions"
          />
          <DatePicker.RangePicker
            value={range}
            onChange={(v) => setRange(v?.[0] && v[1] ? [v[0], v[1]] : null)}
          />
        </Space>
      </Card>
      {audit.isError && <Alert type="error" showIcon title={errorText(audit.error)} />}
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        loading={audit.isPending}
        dataSource={entries}
        data-testid="audit-table"
        columns={[
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
                ? (names.get(e.actorId) ?? e.actorId)
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
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {Object.keys(e.detail).length > 0 ? JSON.stringify(e.detail) : ''}
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
