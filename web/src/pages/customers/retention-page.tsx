import { useQuery } from '@tanstack/react-query'
import {
  Card,
  Col,
  DatePicker,
  Empty,
  Row,
  Space,
  Statistic,
  Table,
  TreeSelect,
  Typography,
} from 'antd'
import dayjs from 'dayjs'
import { Link, useSearchParams } from 'react-router'
import { api } from '../../api/client'
import { Chart } from '../../charts/chart'
import { escapeHtml } from '../../components/escape-html'
import { usePageWords } from '../../i18n/page-words'
import type { RetentionReport } from '../../../../src/customers/retention.schema'
import { useVisibleUnits } from '../units/use-visible-units'
import { unitTreeSelectData } from '../units/unit-tree-select'
import { RETENTION_EN, RETENTION_ZH } from './retention-words'

type Group = RetentionReport['byNpsGroup'][number]
type Words = ReturnType<typeof usePageWords<keyof typeof RETENTION_ZH>>

interface RetentionFilter {
  unitId?: string
  /** First and last month of purchases, YYYY-MM. */
  from?: string
  to?: string
}

const fetchRetention = (filter: RetentionFilter) => {
  const query = new URLSearchParams()
  for (const [key, value] of Object.entries(filter)) if (value) query.set(key, value)
  const text = query.toString()
  return api<RetentionReport>('GET', `/customers-retention${text ? `?${text}` : ''}`)
}
const percent = (x: number) => `${(x * 100).toFixed(1)}%`
const GROUP_WORDS = ['promoter', 'passive', 'detractor', 'recovered', 'unrecovered'] as const

/**
 * Customer retention (/customers/retention): cohorts by month of first purchase (a line per
 * cohort and a table), the repurchase and complaint rates, and repurchase and spend by NPS group
 * and by complaint recovery — each with the 95% interval the report gives (Wilson for shares, a
 * bootstrap interval that never goes below 0 for mean spend); filtered by unit and months, kept
 * in the address so a filtered view can be shared.
 */
export function RetentionPage() {
  const words = usePageWords(RETENTION_ZH, RETENTION_EN)
  const { t } = words
  const [search, setSearch] = useSearchParams()
  const filter: RetentionFilter = {
    unitId: search.get('unitId') ?? undefined,
    from: search.get('from') ?? undefined,
    to: search.get('to') ?? undefined,
  }
  const report = useQuery({
    queryKey: ['customers-retention', filter.unitId, filter.from, filter.to],
    queryFn: () => fetchRetention(filter),
  })
  const units = useVisibleUnits()
  const set = (values: RetentionFilter) => {
    const next = new URLSearchParams(search)
    for (const [key, value] of Object.entries(values))
      if (value) next.set(key, value)
      else next.delete(key)
    setSearch(next, { replace: true })
  }
  const r = report.data
  const interval = (ci: readonly [number, number], f: (x: number) => string) =>
    t('retention.interval', { low: f(ci[0]), high: f(ci[1]) })
  return (
    <Space
      direction="vertical"
      style={{ width: '100%' }}
      size="middle"
      data-testid="retention-page"
    >
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('retention.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('retention.intro')} <Link to="/customers">{t('retention.back')}</Link>
      </Typography.Paragraph>
      <Space wrap data-testid="retention-filters">
        <TreeSelect
          allowClear
          placeholder={t('retention.allUnits')}
          aria-label={t('retention.unit')}
          value={filter.unitId}
          treeData={unitTreeSelectData(units.data ?? [], words.locale)}
          onChange={(v: string | undefined) => set({ unitId: v })}
          style={{ minWidth: 220 }}
          data-testid="retention-unit"
        />
        <DatePicker.RangePicker
          picker="month"
          allowEmpty={[true, true]}
          placeholder={[t('retention.fromMonth'), t('retention.toMonth')]}
          aria-label={t('retention.months')}
          value={[
            filter.from ? dayjs(`${filter.from}-01`) : null,
            filter.to ? dayjs(`${filter.to}-01`) : null,
          ]}
          onChange={(v) => set({ from: v?.[0]?.format('YYYY-MM'), to: v?.[1]?.format('YYYY-MM') })}
          data-testid="retention-months"
        />
      </Space>
      {!r ? (
        <Card loading />
      ) : (
        <>
          <Card>
            <Space wrap size="large" data-testid="retention-summary">
              <Statistic title={t('retention.customers')} value={r.customers} />
              <Statistic
                title={t('retention.repurchase')}
                value={r.repurchase ? percent(r.repurchase.rate) : t('retention.none')}
                suffix={
                  r.repurchase && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {interval(r.repurchase.ci95, percent)}
                    </Typography.Text>
                  )
                }
              />
              <Statistic
                title={t('retention.complaintRate')}
                value={r.complaintRate ? r.complaintRate.rate.toFixed(0) : t('retention.none')}
                suffix={
                  r.complaintRate && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {interval(r.complaintRate.ci95, (x) => x.toFixed(0))}
                    </Typography.Text>
                  )
                }
              />
            </Space>
            {r.repurchase && (
              <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
                {t('retention.repurchaseNote', {
                  repeat: r.repurchase.repeat,
                  customers: r.repurchase.customers,
                })}
                {r.complaintRate &&
                  ` · ${t('retention.complaintNote', { n: r.complaintRate.complainants })}`}
              </Typography.Paragraph>
            )}
          </Card>
          <CohortCard report={r} words={words} />
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={12}>
              <GroupCard
                title={t('retention.byNps')}
                note={t('retention.byNpsNote')}
                empty={t('retention.byNpsNone')}
                groups={r.byNpsGroup}
                words={words}
                testId="retention-by-nps"
              />
            </Col>
            <Col xs={24} xl={12}>
              <GroupCard
                title={t('retention.byRecovery')}
                note={t('retention.byRecoveryNote')}
                empty={t('retention.byRecoveryNone')}
                groups={r.byRecovery}
                words={words}
                testId="retention-by-recovery"
              />
            </Col>
          </Row>
        </>
      )}
    </Space>
  )
}

/** A line per cohort over the months after its first purchase, and the table of the same shares. */
function CohortCard({ report, words }: { report: RetentionReport; words: Words }) {
  const { t } = words
  if (report.cohorts.length === 0)
    return (
      <Card title={t('retention.cohorts')}>
        <Empty description={t('retention.cohortsNone')} />
      </Card>
    )
  const longest = Math.max(...report.cohorts.map((c) => c.retention.length))
  const ks = Array.from({ length: longest }, (_, k) => k)
  return (
    <Card title={t('retention.cohorts')} data-testid="retention-cohorts">
      <Chart
        testId="retention-cohort-chart"
        height={260}
        option={{
          tooltip: {
            trigger: 'item',
            formatter: (params: unknown) => {
              const p = params as { seriesIndex: number; dataIndex: number }
              const cohort = report.cohorts[p.seriesIndex]!
              const point = cohort.retention[p.dataIndex]!
              return `${escapeHtml(cohort.cohort)} · ${escapeHtml(t('retention.monthsAfter', { k: point.k }))}<br/>${percent(point.share)} (${point.active}/${cohort.size})<br/>${escapeHtml(interval(point.ci95))}`
            },
          },
          legend: { top: 0, type: 'scroll', data: report.cohorts.map((c) => c.cohort) },
          grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
          xAxis: { type: 'category', data: ks.map((k) => `+${k}`) },
          yAxis: {
            type: 'value',
            min: 0,
            max: 1,
            axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` },
          },
          series: report.cohorts.map((c) => ({
            name: c.cohort,
            type: 'line',
            data: c.retention.map((x) => x.share),
          })),
        }}
      />
      <Table
        size="small"
        rowKey="cohort"
        pagination={false}
        scroll={{ x: true }}
        dataSource={report.cohorts}
        columns={[
          { title: t('retention.cohort'), dataIndex: 'cohort', fixed: 'left' },
          { title: t('retention.size'), dataIndex: 'size', align: 'right' },
          ...ks.map((k) => ({
            title: `+${k}`,
            key: `k${k}`,
            align: 'right' as const,
            render: (_: unknown, c: RetentionReport['cohorts'][number]) => {
              const x = c.retention[k]
              return x ? percent(x.share) : ''
            },
          })),
        ]}
      />
    </Card>
  )

  function interval(ci: readonly [number, number]) {
    return t('retention.interval', { low: percent(ci[0]), high: percent(ci[1]) })
  }
}

/** Repurchase rate by group as bars (interval in the tooltip), and a table with mean spend. */
function GroupCard({
  title,
  note,
  empty,
  groups,
  words,
  testId,
}: {
  title: string
  note: string
  empty: string
  groups: readonly Group[]
  words: Words
  testId: string
}) {
  const { t } = words
  const name = (g: string) =>
    (GROUP_WORDS as readonly string[]).includes(g)
      ? t(`retention.group.${g as (typeof GROUP_WORDS)[number]}`)
      : g
  const range = (ci: readonly [number, number] | null, f: (x: number) => string) =>
    ci ? `${f(ci[0])}–${f(ci[1])}` : '—'
  return (
    <Card title={title} data-testid={testId} style={{ height: '100%' }}>
      <Typography.Paragraph type="secondary">{note}</Typography.Paragraph>
      {groups.length === 0 ? (
        <Empty description={empty} />
      ) : (
        <>
          <Chart
            testId={`${testId}-chart`}
            height={200}
            option={{
              tooltip: {
                trigger: 'item',
                formatter: (params: unknown) => {
                  const g = groups[(params as { dataIndex: number }).dataIndex]!
                  return `${escapeHtml(name(g.group))} (n ${g.n})<br/>${escapeHtml(t('retention.repurchaseRate'))} ${percent(g.repurchaseRate)}<br/>${escapeHtml(t('retention.interval', { low: percent(g.repurchaseCi95[0]), high: percent(g.repurchaseCi95[1]) }))}`
                },
              },
              grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
              xAxis: { type: 'category', data: groups.map((g) => name(g.group)) },
              yAxis: {
                type: 'value',
                min: 0,
                max: 1,
                axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` },
              },
              series: [
                {
                  name: t('retention.repurchaseRate'),
                  type: 'bar',
                  barMaxWidth: 40,
                  data: groups.map((g) => g.repurchaseRate),
                  itemStyle: { color: '#69b1ff' },
                },
              ],
            }}
          />
          <Table
            size="small"
            rowKey="group"
            pagination={false}
            scroll={{ x: true }}
            dataSource={[...groups]}
            columns={[
              { title: t('retention.group'), dataIndex: 'group', render: name },
              { title: t('retention.n'), dataIndex: 'n', align: 'right' },
              {
                title: t('retention.repurchaseRate'),
                key: 'rate',
                align: 'right',
                render: (_: unknown, g: Group) =>
                  `${percent(g.repurchaseRate)} (${range(g.repurchaseCi95, percent)})`,
              },
              {
                title: t('retention.meanSpend'),
                key: 'spend',
                align: 'right',
                render: (_: unknown, g: Group) =>
                  `${g.meanSpend.toFixed(2)} (${range(g.spendCi95, (x) => x.toFixed(2))})`,
              },
            ]}
          />
        </>
      )}
    </Card>
  )
}
