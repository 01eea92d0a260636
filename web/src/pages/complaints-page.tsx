import { useQuery } from '@tanstack/react-query'
import { Button, Card, Col, Row, Space, Statistic, Table, Tooltip, Typography } from 'antd'
import { useState } from 'react'
import { Link, useNavigate } from 'react-router'
import { fetchComplaintAnalytics } from '../api/endpoints'
import { Chart } from '../charts/chart'
import { DateRangeField, useSharedDateRange } from '../components/shell/date-range'
import { useI18n } from '../i18n/i18n'
import { pct } from './complaints/format'
import { ParetoFinding } from './plans/pareto-finding'
import { EmployeeScorecardsCard, SlaByDepartmentCard } from './complaints/sla-tables'

/** The complaint database read for patterns; every chart leads to the cases behind it. */
export function ComplaintsPage() {
  const { t, locale } = useI18n()
  const navigate = useNavigate()
  const [range, setRange] = useSharedDateRange()
  const from = range[0].format('YYYY-MM-DD')
  const to = range[1].format('YYYY-MM-DD')
  const data = useQuery({
    queryKey: ['complaints', from, to],
    queryFn: () => fetchComplaintAnalytics(from, to),
  })
  const a = data.data
  // The bar picked: its cases, or a plan from it (./plans/pareto-finding.tsx).
  const [picked, setPicked] = useState<string | null>(null)
  const pickedRow = a?.pareto.find((p) => p.key === picked)
  const drill = (filter: Record<string, string>) =>
    navigate(`/cases?${new URLSearchParams({ view: 'all', from, to, ...filter })}`)
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('complaintAnalytics')}
        </Typography.Title>
        <Space wrap>
          <DateRangeField value={range} onChange={setRange} />
          <Button
            href={`/api/v1/cases/export?${new URLSearchParams({ format: 'xlsx', lang: locale, from, to })}`}
            data-testid="export-cases"
          >
            {t('exportCases')}
          </Button>
        </Space>
      </Space>
      <Row gutter={[16, 16]}>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('cases')} value={a?.cases ?? 0} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small" data-testid="sla-compliance">
            <Statistic
              title={
                <Tooltip title={t('slaComplianceHelp')}>
                  <span>{t('orgSlaCompliance')}</span>
                </Tooltip>
              }
              value={
                !a
                  ? '–'
                  : a.sla.compliance === null
                    ? t('slaComplianceNone')
                    : pct(a.sla.compliance)
              }
            />
            <Typography.Text type="secondary">
              {a ? `${a.sla.met} / ${a.sla.due} · ` : ''}
              <Button
                type="link"
                size="small"
                style={{ padding: 0 }}
                onClick={() => drill({ sla: 'breached' })}
              >
                {t('breached')} {a?.breached ?? 0}
              </Button>
            </Typography.Text>
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small" data-testid="recovery-rate">
            <Statistic title={t('recoveryRate')} value={pct(a?.recovery.rate ?? null)} />
            <Typography.Text type="secondary">
              n = {a?.recovery.followedUp ?? 0}
              {a?.recovery.interval
                ? ` · 95% ${pct(a.recovery.interval[0])}–${pct(a.recovery.interval[1])}`
                : ''}
            </Typography.Text>
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic
              title={t('compensationCost')}
              value={`¥${((a?.compensation.total ?? 0) / 100).toFixed(2)}`}
            />
          </Card>
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card
            size="small"
            title={t('paretoOfCauses')}
            extra={
              <Typography.Text type="secondary">
                {t('uncategorised', { n: a?.uncategorised ?? 0 })}
              </Typography.Text>
            }
          >
            <Chart
              testId="pareto-chart"
              onClick={(name) => {
                const row = a?.pareto.find((p) => p.labels[locale] === name)
                if (row) setPicked(row.key)
              }}
              option={{
                tooltip: { trigger: 'axis' },
                grid: { left: 8, right: 8, bottom: 8, top: 20, containLabel: true },
                xAxis: {
                  type: 'category',
                  data: a?.pareto.map((p) => p.labels[locale]) ?? [],
                  axisLabel: { interval: 0, rotate: 20 },
                },
                yAxis: [
                  { type: 'value', minInterval: 1 },
                  { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
                ],
                series: [
                  {
                    type: 'bar',
                    data:
                      a?.pareto.map((p) => ({
                        value: p.count,
                        itemStyle: { color: p.vital ? '#cf1322' : '#91caff' },
                      })) ?? [],
                  },
                  {
                    type: 'line',
                    yAxisIndex: 1,
                    data: a?.pareto.map((p) => Math.round(1000 * p.cumulativeShare) / 10) ?? [],
                    // The 80% line's label inside the plot: at the line's end it ran past the chart's edge.
                    markLine: {
                      silent: true,
                      symbol: 'none',
                      label: { position: 'insideStartTop', formatter: '80%' },
                      data: [{ yAxis: 80 }],
                    },
                  },
                ],
              }}
            />
            {pickedRow && a && (
              <ParetoFinding
                row={pickedRow}
                period={{ from, to }}
                total={a.pareto.reduce((sum, p) => sum + p.count, 0)}
                onCases={() => drill({ cause: pickedRow.key })}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('responseTimes')}>
            <Chart
              option={{
                tooltip: { trigger: 'axis' },
                legend: { top: 0 },
                grid: { left: 40, right: 20, bottom: 30, top: 30 },
                xAxis: {
                  type: 'category',
                  data: a?.firstResponse.histogram.map((h) => h.bucket) ?? [],
                },
                yAxis: { type: 'value', minInterval: 1 },
                series: [
                  {
                    name: t('firstResponse'),
                    type: 'bar',
                    data: a?.firstResponse.histogram.map((h) => h.count) ?? [],
                  },
                  {
                    name: t('resolution'),
                    type: 'bar',
                    data: a?.resolution.histogram.map((h) => h.count) ?? [],
                  },
                ],
              }}
            />
            <Typography.Text type="secondary">
              {t('medianWorkingHours', {
                first:
                  a?.firstResponse.median === null || !a
                    ? '–'
                    : (a.firstResponse.median / 60).toFixed(1),
                resolution:
                  a?.resolution.median === null || !a ? '–' : (a.resolution.median / 60).toFixed(1),
              })}
            </Typography.Text>
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <SlaByDepartmentCard a={a} drill={drill} />
        </Col>
        <Col xs={24} lg={16}>
          <EmployeeScorecardsCard a={a} drill={drill} />
        </Col>
        <Col xs={24}>
          <Card size="small" title={t('repeatCustomers')}>
            <Table
              size="small"
              rowKey="customer"
              pagination={{ pageSize: 10 }}
              dataSource={a?.repeatCustomers ?? []}
              columns={[
                {
                  title: t('customer'),
                  dataIndex: 'customer',
                  render: (c: string) => (
                    <Link to={`/cases?${new URLSearchParams({ view: 'all', q: c })}`}>{c}</Link>
                  ),
                },
                { title: t('cases'), dataIndex: 'cases' },
                {
                  title: t('caseNumber'),
                  dataIndex: 'numbers',
                  render: (n: string[]) => n.join(', '),
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </Space>
  )
}
