import { useQuery } from '@tanstack/react-query'
import { Card, Col, Empty, Row, Select, Space, Table, Tag, Typography } from 'antd'
import { useState } from 'react'
import {
  fetchCommitmentPerformance,
  fetchCommitments,
  fetchQueueWaits,
  type QueueWaits,
} from '../../api/commitments-api'
import { DateRangeField } from '../../components/shell/date-range'
import { usePageWords } from '../../i18n/page-words'
import { useVisibleUnits } from '../units/use-visible-units'
import { PerceivedWaitCard } from './perceived-wait-card'
import { WaitPromiseCard } from './wait-promise-card'
import { hourPoints, weekdayPoints } from './wait-pattern'
import { WaitPatternChart } from './wait-pattern-chart'
import { periodDays, usePagePeriod } from './use-page-period'
import { unitNameIn } from '../units/unit-name'

// Service commitments and waiting: the promises, how each unit kept them (Wilson 95% intervals),
// and the waits at each hall (median, p90, mean with its interval). Words live with the page.

const ZH = {
  pageTitle: '服务承诺与排队',
  promises: '服务承诺',
  code: '代码',
  promise: '承诺',
  limit: '时限',
  minutes: '{n} 分钟',
  businessMinutes: '{n} 个工作分钟',
  workingDays: '{n} 个工作日',
  published: '已公开',
  notPublished: '未公开',
  kept: '兑现情况（{from} 至 {to}）',
  unit: '单位',
  allUnits: '合计',
  rate: '兑现率',
  interval: '95% 区间',
  keptMissed: '按时 / 超时 / 进行中',
  waits: '排队等候（{from} 至 {to}，分钟）',
  hall: '营业厅',
  tickets: '取号',
  abandoned: '未办离开',
  median: '中位数',
  p90: '90 分位',
  mean: '平均（95% 区间）',
  none: '暂无数据',
  patternHall: '查看营业厅',
  byHour: '按取号时段',
  byWeekday: '按星期',
  medianWait: '等候中位数',
  p90Wait: '90 分位等候',
  minutesAxis: '分钟',
  ticketsN: '取号 {n} 张',
  noTickets: '该营业厅在所选期间没有取号记录',
  weekdays: '周一,周二,周三,周四,周五,周六,周日',
} as const
const EN: Record<keyof typeof ZH, string> = {
  pageTitle: 'Commitments and waiting',
  promises: 'Service commitments',
  code: 'Code',
  promise: 'Promise',
  limit: 'Limit',
  minutes: '{n} min',
  businessMinutes: '{n} working min',
  workingDays: '{n} working days',
  published: 'Public',
  notPublished: 'Not public',
  kept: 'Kept ({from} – {to})',
  unit: 'Unit',
  allUnits: 'All units',
  rate: 'Kept rate',
  interval: '95% interval',
  keptMissed: 'Kept / missed / running',
  waits: 'Waiting ({from} – {to}, minutes)',
  hall: 'Hall',
  tickets: 'Tickets',
  abandoned: 'Walk-outs',
  median: 'Median',
  p90: '90th pct',
  mean: 'Mean (95% interval)',
  none: 'No data yet',
  patternHall: 'Hall shown',
  byHour: 'By hour the ticket was taken',
  byWeekday: 'By weekday',
  medianWait: 'Median wait',
  p90Wait: '90th percentile',
  minutesAxis: 'min',
  ticketsN: '{n} tickets',
  noTickets: 'No tickets at this hall in this period',
  weekdays: 'Mon,Tue,Wed,Thu,Fri,Sat,Sun',
}

/** Titles naming the period wrap at phone width rather than losing its end. */
const WRAPPING_TITLE = { title: { whiteSpace: 'normal' as const } }

const pct = (x: number | null | undefined) => (x == null ? '—' : `${Math.round(x * 100)}%`)
const num = (x: number | null | undefined) => (x == null ? '—' : x.toFixed(1))

export function CommitmentsPage() {
  const { t, locale } = usePageWords(ZH, EN)
  const list = useQuery({ queryKey: ['commitments'], queryFn: fetchCommitments })
  // The reader's shared period, which every figure over time on the page reads (the waiting
  // promise's card excepted: it judges today and now).
  const { range, setRange, period } = usePagePeriod()
  const days = periodDays(range)
  const performance = useQuery({
    queryKey: ['commitments-performance', period?.from ?? '', period?.to ?? ''],
    queryFn: () => fetchCommitmentPerformance(period!),
    enabled: period !== null,
  })
  const waits = useQuery({
    queryKey: ['queue-waits', period?.from ?? '', period?.to ?? ''],
    queryFn: () => fetchQueueWaits(period!),
    enabled: period !== null,
  })
  const units = useVisibleUnits()
  const [patternHallId, setPatternHallId] = useState<string>()
  const unitName = (id: string | null) => {
    const unit = units.data?.find((u) => u.id === id)
    if (!unit) return id ?? '—'
    return unitNameIn(unit, locale)
  }
  const titleOf = (title: { 'zh-CN': string; 'en-US'?: string }) =>
    locale === 'en-US' ? (title['en-US'] ?? title['zh-CN']) : title['zh-CN']
  const commitments = list.data?.commitments ?? []
  const rows = (performance.data?.commitments ?? []).flatMap((p) =>
    [
      { ...p.total, unitId: null as string | null, total: true },
      ...p.units.map((u) => ({ ...u, total: false })),
    ].map((u, i) => ({
      key: `${p.commitment.id}-${i}`,
      promise: titleOf(p.commitment.title),
      ...u,
    })),
  )
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="commitments-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('pageTitle')}
      </Typography.Title>
      <div data-testid="commitments-period">
        <DateRangeField value={range} onChange={setRange} />
      </div>
      <Card title={t('promises')} size="small">
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          scroll={{ x: 'max-content' }}
          loading={list.isLoading}
          locale={{ emptyText: t('none') }}
          dataSource={commitments}
          data-testid="commitments-list"
          columns={[
            { title: t('code'), dataIndex: 'code' },
            { title: t('promise'), render: (_, c) => titleOf(c.title) },
            {
              title: t('limit'),
              render: (_, c) =>
                t(
                  c.clock === 'continuous'
                    ? 'minutes'
                    : c.clock === 'business_hours'
                      ? 'businessMinutes'
                      : 'workingDays',
                  { n: c.limit },
                ),
            },
            {
              title: t('published'),
              render: (_, c) =>
                c.published ? (
                  <Tag color="green">{t('published')}</Tag>
                ) : (
                  <Tag>{t('notPublished')}</Tag>
                ),
            },
          ]}
        />
      </Card>
      <Card
        title={t('kept', days)}
        styles={WRAPPING_TITLE}
        size="small"
        data-testid="commitments-performance-card"
      >
        <Table
          size="small"
          pagination={false}
          scroll={{ x: 'max-content' }}
          loading={performance.isPending}
          locale={{ emptyText: t('none') }}
          dataSource={rows}
          data-testid="commitments-performance"
          columns={[
            { title: t('promise'), dataIndex: 'promise' },
            {
              title: t('unit'),
              render: (_, r) => (r.total ? <strong>{t('allUnits')}</strong> : unitName(r.unitId)),
            },
            { title: t('rate'), render: (_, r) => pct(r.keptRate) },
            {
              title: t('interval'),
              render: (_, r) => (r.interval ? `${pct(r.interval[0])}–${pct(r.interval[1])}` : '—'),
            },
            { title: t('keptMissed'), render: (_, r) => `${r.kept} / ${r.missed} / ${r.running}` },
          ]}
        />
      </Card>
      <Card
        title={t('waits', days)}
        styles={WRAPPING_TITLE}
        size="small"
        data-testid="queue-waits-card"
      >
        <Table
          size="small"
          rowKey="unitId"
          pagination={false}
          scroll={{ x: 'max-content' }}
          loading={waits.isPending}
          locale={{ emptyText: t('none') }}
          dataSource={waits.data?.units ?? []}
          data-testid="queue-waits"
          columns={[
            { title: t('hall'), render: (_, u) => unitName(u.unitId) },
            { title: t('tickets'), dataIndex: 'tickets' },
            { title: t('abandoned'), dataIndex: 'abandoned' },
            { title: t('median'), render: (_, u) => num(u.total.median) },
            { title: t('p90'), render: (_, u) => num(u.total.p90) },
            {
              title: t('mean'),
              render: (_, u) =>
                u.total.meanInterval
                  ? `${num(u.total.mean)} (${num(u.total.meanInterval[0])}–${num(u.total.meanInterval[1])})`
                  : num(u.total.mean),
            },
          ]}
        />
        <WaitPatterns
          halls={waits.data?.units ?? []}
          hallId={patternHallId}
          onHall={setPatternHallId}
          unitName={unitName}
          t={t}
        />
      </Card>
      <WaitPromiseCard />
      <PerceivedWaitCard unitName={unitName} period={period} days={days} />
    </Space>
  )
}

type Halls = QueueWaits['units']

/** One hall's waits by hour of day and by weekday (the hall with the most tickets first). */
function WaitPatterns({
  halls,
  hallId,
  onHall,
  unitName,
  t,
}: {
  halls: Halls
  hallId: string | undefined
  onHall: (id: string) => void
  unitName: (id: string) => string
  t: (key: keyof typeof ZH, vars?: Record<string, string | number>) => string
}) {
  if (halls.length === 0) return null
  const busiest = [...halls].sort((a, b) => b.tickets - a.tickets)[0]!
  const hall = halls.find((h) => h.unitId === hallId) ?? busiest
  const weekdays = t('weekdays').split(',')
  const words = {
    median: t('medianWait'),
    p90: t('p90Wait'),
    minutes: t('minutesAxis'),
    tickets: (n: number) => t('ticketsN', { n }),
  }
  return (
    <div style={{ marginTop: 16 }} data-testid="wait-patterns">
      {halls.length > 1 && (
        <Space wrap style={{ marginBottom: 8 }}>
          <Typography.Text>{t('patternHall')}</Typography.Text>
          <Select
            data-testid="wait-pattern-hall"
            value={hall.unitId}
            onChange={onHall}
            style={{ minWidth: 180 }}
            options={halls.map((h) => ({ value: h.unitId, label: unitName(h.unitId) }))}
          />
        </Space>
      )}
      {hall.total.n === 0 ? (
        <Empty description={t('noTickets')} data-testid="wait-pattern-empty" />
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={12}>
            <Typography.Text strong>{t('byHour')}</Typography.Text>
            <WaitPatternChart
              testId="wait-by-hour"
              points={hourPoints(hall)}
              labelOf={(hour) => `${String(hour).padStart(2, '0')}:00`}
              words={words}
            />
          </Col>
          <Col xs={24} lg={12}>
            <Typography.Text strong>{t('byWeekday')}</Typography.Text>
            <WaitPatternChart
              testId="wait-by-weekday"
              points={weekdayPoints(hall)}
              labelOf={(day) => weekdays[day - 1] ?? String(day)}
              words={words}
            />
          </Col>
        </Row>
      )}
    </div>
  )
}
