import { useQuery } from '@tanstack/react-query'
import { Button, DatePicker, Input, Select, Space, Tag, Typography } from 'antd'
import dayjs from 'dayjs'
import type { CaseSummary } from '../api/endpoints'
import { fetchCaseConfig } from '../api/endpoints'
import { useI18n, type MessageKey } from '../i18n/i18n'
import { useCaseOwners } from './case-owner-picker'

// The case list's filters: one control per filter above the list, and the active ones as chips
// worded for people (an owner's name, a cause's label, a status in words), never as ids. The
// filters live in the page's address, so a drill-down link from the analytics or the SLA board
// opens the list already filtered.

export const CASE_STATUSES = [
  'new',
  'acknowledged',
  'investigating',
  'resolved',
  'followed_up',
  'closed',
] as const
export const CASE_PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const
export const CASE_CHANNELS = [
  'survey',
  'web',
  'hotline',
  'email',
  'social',
  'store',
  'note',
  'api',
] as const
export const SLA_STATES = ['breached', 'at_risk', 'on_track'] as const
/** The owner filter's value for unassigned cases (the server's UNASSIGNED). */
export const UNASSIGNED = 'none'

/** The address parameters that filter the list (view, cursor and page size are not filters). */
export const FILTER_KEYS = [
  'q',
  'kind',
  'status',
  'priority',
  'ownerId',
  'department',
  'channel',
  'cause',
  'sla',
  'store',
  'customerRef',
  'from',
  'to',
  'breached',
] as const
export type FilterKey = (typeof FILTER_KEYS)[number]
export type Filters = Partial<Record<FilterKey, string>>

/** Words for a filter's value: the same on the chips and in the controls. */
export function useFilterWords(cases: readonly CaseSummary[]) {
  const { t, locale } = useI18n()
  const owners = useCaseOwners()
  const config = useQuery({
    queryKey: ['case-config'],
    queryFn: fetchCaseConfig,
    staleTime: 60_000,
  })
  const causeLabel = (key: string) => {
    const cause = config.data?.causes.find((c) => c.key === key)
    if (!cause) return key
    return (locale === 'en-US' ? cause.label['en-US'] : undefined) ?? cause.label['zh-CN']
  }
  const ownerName = (id: string) => {
    if (id === UNASSIGNED) return t('unassigned')
    // An owner no longer active is not in the picker; the cases listed for them carry the name.
    return (
      owners.data?.find((o) => o.id === id)?.name ??
      cases.find((c) => c.ownerId === id)?.ownerName ??
      t('caseOwnerUnknown')
    )
  }
  const word = (key: FilterKey, value: string): string => {
    switch (key) {
      case 'kind':
        return t(`caseKind.${value}` as MessageKey)
      case 'status':
        return t(`caseStatus.${value}` as MessageKey)
      case 'priority':
        return value
          .split(',')
          .map((p) => t(`priority.${p}` as MessageKey))
          .join(' / ')
      case 'ownerId':
        return ownerName(value)
      case 'channel':
        return t(`caseChannel.${value}` as MessageKey)
      case 'cause':
        return causeLabel(value)
      case 'sla':
        return t(`caseSla.${value}` as MessageKey)
      case 'breached':
        return t(value === 'true' ? 'caseSla.breached' : 'caseSlaNotBreached')
      default:
        return value
    }
  }
  const label: Record<FilterKey, MessageKey> = {
    q: 'caseSearchChip',
    kind: 'caseKind',
    status: 'status',
    priority: 'priority',
    ownerId: 'owner',
    department: 'department',
    channel: 'channel',
    cause: 'cause',
    sla: 'caseSlaState',
    store: 'storeFilter',
    customerRef: 'caseCustomerRef',
    from: 'caseOpenedFrom',
    to: 'caseOpenedTo',
    breached: 'caseSlaState',
  }
  return { word, label: (key: FilterKey) => t(label[key]), owners, config }
}

/** The filter controls and the active filters as closable chips. */
export function CaseListFilters({
  filters,
  cases,
  onChange,
}: {
  filters: Filters
  cases: readonly CaseSummary[]
  onChange(next: Filters): void
}) {
  const { t } = useI18n()
  const { word, label, owners, config } = useFilterWords(cases)
  const set = (key: FilterKey, value: string | undefined) => {
    const next = { ...filters }
    if (value) next[key] = value
    else delete next[key]
    onChange(next)
  }
  const active = FILTER_KEYS.filter((k) => filters[k])
  // The departments cases go to: the configured ones and those of the people who own cases.
  const departments = [
    ...new Set(
      [
        config.data?.defaultDepartment,
        ...(config.data?.routing ?? []).map((r) => r.department),
        ...(owners.data ?? []).map((o) => o.department),
        filters.department,
      ].filter((d): d is string => Boolean(d)),
    ),
  ].sort((a, b) => a.localeCompare(b, 'zh-CN'))
  const range =
    filters.from || filters.to
      ? ([filters.from ? dayjs(filters.from) : null, filters.to ? dayjs(filters.to) : null] as [
          dayjs.Dayjs | null,
          dayjs.Dayjs | null,
        ])
      : null
  return (
    <Space orientation="vertical" size="small" style={{ width: '100%' }}>
      <Space wrap data-testid="case-filter-bar">
        <Select
          allowClear
          placeholder={t('status')}
          value={filters.status}
          onChange={(v: string | undefined) => set('status', v)}
          style={{ minWidth: 120 }}
          data-testid="filter-status"
          options={CASE_STATUSES.map((s) => ({ value: s, label: word('status', s) }))}
        />
        <Select
          mode="multiple"
          allowClear
          placeholder={t('priority')}
          value={filters.priority ? filters.priority.split(',') : []}
          onChange={(v: string[]) => set('priority', v.join(','))}
          style={{ minWidth: 140 }}
          data-testid="filter-priority"
          options={CASE_PRIORITIES.map((p) => ({ value: p, label: t(`priority.${p}`) }))}
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('owner')}
          value={filters.ownerId}
          onChange={(v: string | undefined) => set('ownerId', v)}
          style={{ minWidth: 150 }}
          loading={owners.isPending}
          data-testid="filter-owner"
          options={[
            { value: UNASSIGNED, label: t('unassigned') },
            ...(owners.data ?? []).map((o) => ({ value: o.id, label: o.name })),
            // A drill-down to someone no longer active still shows their name.
            ...(filters.ownerId &&
            filters.ownerId !== UNASSIGNED &&
            !owners.data?.some((o) => o.id === filters.ownerId)
              ? [{ value: filters.ownerId, label: word('ownerId', filters.ownerId) }]
              : []),
          ]}
        />
        <Select
          allowClear
          placeholder={t('department')}
          value={filters.department}
          onChange={(v: string | undefined) => set('department', v)}
          style={{ minWidth: 130 }}
          data-testid="filter-department"
          options={departments.map((d) => ({ value: d, label: d }))}
        />
        <Select
          allowClear
          placeholder={t('channel')}
          value={filters.channel}
          onChange={(v: string | undefined) => set('channel', v)}
          style={{ minWidth: 120 }}
          data-testid="filter-channel"
          options={CASE_CHANNELS.map((c) => ({ value: c, label: word('channel', c) }))}
        />
        <Select
          allowClear
          placeholder={t('cause')}
          value={filters.cause}
          onChange={(v: string | undefined) => set('cause', v)}
          style={{ minWidth: 130 }}
          data-testid="filter-cause"
          options={(config.data?.causes ?? []).map((c) => ({
            value: c.key,
            label: word('cause', c.key),
          }))}
        />
        <Select
          allowClear
          placeholder={t('caseSlaState')}
          value={filters.sla}
          onChange={(v: string | undefined) => set('sla', v)}
          style={{ minWidth: 120 }}
          data-testid="filter-sla"
          options={SLA_STATES.map((s) => ({ value: s, label: word('sla', s) }))}
        />
        <Input
          allowClear
          placeholder={t('storeFilter')}
          defaultValue={filters.store}
          key={`store-${filters.store ?? ''}`}
          onPressEnter={(e) => set('store', e.currentTarget.value.trim() || undefined)}
          onBlur={(e) => set('store', e.currentTarget.value.trim() || undefined)}
          style={{ width: 120 }}
          data-testid="filter-store"
        />
        <DatePicker.RangePicker
          value={range}
          allowEmpty={[true, true]}
          onChange={(v) => {
            const next = { ...filters }
            delete next.from
            delete next.to
            if (v?.[0]) next.from = v[0].format('YYYY-MM-DD')
            if (v?.[1]) next.to = v[1].format('YYYY-MM-DD')
            onChange(next)
          }}
          data-testid="filter-dates"
        />
      </Space>
      {active.length > 0 && (
        <Space wrap size={[4, 4]} data-testid="case-filters">
          <Typography.Text type="secondary">{t('filteredBy')}</Typography.Text>
          {active.map((k) => (
            <Tag
              key={k}
              closable
              onClose={(e) => {
                e.preventDefault()
                set(k, undefined)
              }}
              data-testid={`case-filter-chip-${k}`}
            >
              {label(k)}: {word(k, filters[k]!)}
            </Tag>
          ))}
          <Button type="link" size="small" onClick={() => onChange({})}>
            {t('clearFilters')}
          </Button>
        </Space>
      )}
    </Space>
  )
}
