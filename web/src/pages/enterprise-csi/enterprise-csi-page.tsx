import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  InputNumber,
  Progress,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  TreeSelect,
  Typography,
} from 'antd'
import dayjs from 'dayjs'
import { useEffect } from 'react'
import { useSearchParams } from 'react-router'
import type {
  EnterpriseCsiReport,
  EnterpriseCsiSettings,
  EnterpriseCsiSettingsView,
  EnterpriseCsiTrend,
  EnterpriseCsiUnits,
  IndicatorKey,
} from '../../../../src/enterprise-csi/enterprise-csi.schema'
import { api } from '../../api/client'
import { Chart } from '../../charts/chart'
import { escapeHtml } from '../../components/escape-html'
import { fetchMe, fetchSurveys } from '../../api/endpoints'
import { usePageWords } from '../../i18n/page-words'
import { unitTreeSelectData } from '../units/unit-tree-select'
import { useVisibleUnits } from '../units/use-visible-units'
import { ECSI_EN, ECSI_ZH } from './enterprise-csi-words'
import { unitNameIn } from '../units/unit-name'

type Words = ReturnType<typeof usePageWords<keyof typeof ECSI_ZH>>
type Indicator = EnterpriseCsiReport['indicators'][number]

const KEYS: readonly IndicatorKey[] = [
  'reputation',
  'designation',
  'returnRate',
  'complaintRate',
  'salesPower',
]

const fetchReport = (unitId?: string, month?: string) => {
  const q = new URLSearchParams()
  if (unitId) q.set('unitId', unitId)
  if (month) q.set('month', month)
  const text = q.toString()
  return api<EnterpriseCsiReport>('GET', `/enterprise-csi${text ? `?${text}` : ''}`)
}
const fetchUnits = (unitId?: string, month?: string) => {
  const q = new URLSearchParams()
  if (unitId) q.set('unitId', unitId)
  if (month) q.set('month', month)
  const text = q.toString()
  return api<EnterpriseCsiUnits>('GET', `/enterprise-csi/units${text ? `?${text}` : ''}`)
}
const fetchTrend = (unitId?: string, month?: string) => {
  const q = new URLSearchParams()
  if (unitId) q.set('unitId', unitId)
  if (month) q.set('month', month)
  const text = q.toString()
  return api<EnterpriseCsiTrend>('GET', `/enterprise-csi/trend${text ? `?${text}` : ''}`)
}
const fetchSettings = () => api<EnterpriseCsiSettingsView>('GET', '/enterprise-csi/settings')
const saveSettings = (s: EnterpriseCsiSettings) =>
  api<EnterpriseCsiSettingsView>('PUT', '/enterprise-csi/settings', s)

const one = (x: number) => x.toFixed(1)
const pct = (x: number) => `${(x * 100).toFixed(1)}%`
const money = (x: number) =>
  x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })

/**
 * The enterprise CSI (/enterprise-csi): the five indicators of the seed (美誉度, 指名度, 回头率,
 * 抱怨率, 销售力) as cards with their score, interval, counts, weight and contribution, the index,
 * filtered by unit and the period's last month (kept in the address), and the settings form for
 * those who may change it.
 */
export function EnterpriseCsiPage() {
  const words = usePageWords(ECSI_ZH, ECSI_EN)
  const { t, errorText } = words
  const [search, setSearch] = useSearchParams()
  const unitId = search.get('unitId') ?? undefined
  const month = search.get('month') ?? undefined
  const report = useQuery({
    queryKey: ['enterprise-csi', unitId, month],
    queryFn: () => fetchReport(unitId, month),
  })
  const me = useQuery({ queryKey: ['me'], queryFn: fetchMe })
  const mayConfigure = me.data?.permissions.includes('surveys:write' as never) ?? false
  const units = useVisibleUnits()
  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(search)
    if (value) next.set(key, value)
    else next.delete(key)
    setSearch(next, { replace: true })
  }
  const r = report.data
  return (
    <Space
      direction="vertical"
      style={{ width: '100%' }}
      size="middle"
      data-testid="enterprise-csi-page"
    >
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('ecsi.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('ecsi.intro')}
      </Typography.Paragraph>
      <Space wrap>
        <TreeSelect
          allowClear
          placeholder={t('ecsi.allUnits')}
          aria-label={t('ecsi.unit')}
          value={unitId}
          treeData={unitTreeSelectData(units.data ?? [], words.locale)}
          onChange={(v: string | undefined) => set('unitId', v)}
          style={{ minWidth: 220 }}
          data-testid="ecsi-unit"
        />
        <DatePicker
          picker="month"
          placeholder={t('ecsi.month')}
          aria-label={t('ecsi.month')}
          value={month ? dayjs(`${month}-01`) : null}
          onChange={(v) => set('month', v ? v.format('YYYY-MM') : undefined)}
          style={{ minWidth: 200 }}
          data-testid="ecsi-month"
        />
      </Space>
      {report.error && <Alert type="error" showIcon title={errorText(report.error)} />}
      {!r ? (
        !report.error && <Card loading />
      ) : (
        <>
          <Card data-testid="ecsi-index">
            <Statistic
              title={t('ecsi.index')}
              value={r.index === null ? t('ecsi.noIndex') : one(r.index)}
            />
            <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
              {t('ecsi.period', {
                from: r.period.from,
                to: r.period.to,
                pfrom: r.previousPeriod.from,
                pto: r.previousPeriod.to,
              })}
            </Typography.Paragraph>
            {r.missing.length > 0 && (
              <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
                {t('ecsi.missing', {
                  names: r.missing
                    .map((k) => t(`ecsi.${k}`))
                    .join(words.locale === 'en-US' ? ', ' : '、'),
                })}
              </Typography.Paragraph>
            )}
          </Card>
          <Row gutter={[16, 16]}>
            {r.indicators.map((i) => (
              <Col key={i.indicator} xs={24} md={12} xl={8}>
                <IndicatorCard indicator={i} report={r} words={words} />
              </Col>
            ))}
          </Row>
          <TrendCard unitId={unitId} month={month} words={words} />
          <UnitsCard unitId={unitId} month={month} words={words} />
        </>
      )}
      {mayConfigure && <SettingsCard words={words} />}
    </Space>
  )
}

/**
 * The index and the five scores for the period ending at each of the last 12 months, as lines
 * (months without data are gaps). The tooltip is built as HTML, so every word in it is escaped.
 */
function TrendCard(props: { unitId?: string; month?: string; words: Words }) {
  const { unitId, month, words } = props
  const { t } = words
  const trend = useQuery({
    queryKey: ['enterprise-csi', 'trend', unitId, month],
    queryFn: () => fetchTrend(unitId, month),
  })
  const points = trend.data?.points ?? []
  const hasData = points.some((p) => p.index !== null)
  const series = [
    { key: 'index', name: t('ecsi.index'), values: points.map((p) => p.index) },
    ...KEYS.map((k) => ({
      key: k,
      name: t(`ecsi.${k}`),
      values: points.map((p) => p.scores[k] ?? null),
    })),
  ]
  return (
    <Card title={t('ecsi.trend')} loading={trend.isPending} data-testid="ecsi-trend">
      {trend.error && <Alert type="error" showIcon title={words.errorText(trend.error)} />}
      {trend.data && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          {t('ecsi.trendIntro', { p: trend.data.periodMonths })}
        </Typography.Paragraph>
      )}
      {trend.data && !hasData ? (
        <Typography.Text type="secondary" data-testid="ecsi-trend-none">
          {t('ecsi.trendNone')}
        </Typography.Text>
      ) : (
        trend.data && (
          <Chart
            testId="ecsi-trend-chart"
            height={300}
            option={{
              tooltip: {
                trigger: 'axis',
                formatter: (params: unknown) => {
                  const list = params as Array<{ dataIndex: number; seriesIndex: number }>
                  const point = points[list[0]?.dataIndex ?? 0]
                  if (!point) return ''
                  const lines = list.map((p) => {
                    const s = series[p.seriesIndex]!
                    const v = s.values[p.dataIndex]
                    return `${escapeHtml(s.name)}: ${v === null || v === undefined ? escapeHtml(t('ecsi.noScore')) : one(v)}`
                  })
                  return [
                    escapeHtml(
                      t('ecsi.trendPeriod', { from: point.period.from, to: point.period.to }),
                    ),
                    ...lines,
                  ].join('<br/>')
                },
              },
              legend: { top: 0, type: 'scroll', data: series.map((s) => s.name) },
              grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
              xAxis: { type: 'category', data: points.map((p) => p.month) },
              yAxis: { type: 'value', min: 0, max: 100 },
              series: series.map((s) => ({
                name: s.name,
                type: 'line',
                data: s.values,
                connectNulls: false,
                lineStyle: { width: s.key === 'index' ? 3 : 1.5 },
                symbolSize: s.key === 'index' ? 7 : 4,
              })),
            }}
          />
        )
      )}
    </Card>
  )
}

/** The index and five scores of each unit below the chosen one (or of the reader's top units). */
function UnitsCard(props: { unitId?: string; month?: string; words: Words }) {
  const { unitId, month, words } = props
  const { t, locale } = words
  const units = useQuery({
    queryKey: ['enterprise-csi', 'units', unitId, month],
    queryFn: () => fetchUnits(unitId, month),
  })
  const score = (x: number | null | undefined) => (x === null || x === undefined ? '—' : one(x))
  const rows = units.data?.units ?? []
  return (
    <Card
      title={t(unitId ? 'ecsi.units' : 'ecsi.unitsTop')}
      loading={units.isPending}
      data-testid="ecsi-units"
    >
      {units.data && rows.length === 0 ? (
        <Typography.Text type="secondary">{t('ecsi.unitsNone')}</Typography.Text>
      ) : (
        <Table
          size="small"
          rowKey={(r) => r.unit.id}
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={rows}
          columns={[
            {
              title: t('ecsi.unitName'),
              key: 'unit',
              render: (_, r) => unitNameIn(r.unit, locale),
            },
            { title: t('ecsi.index'), key: 'index', render: (_, r) => score(r.index) },
            ...KEYS.map((k) => ({
              title: t(`ecsi.${k}`),
              key: k,
              render: (_: unknown, r: EnterpriseCsiUnits['units'][number]) => score(r.scores[k]),
            })),
          ]}
        />
      )}
    </Card>
  )
}

function IndicatorCard(props: { indicator: Indicator; report: EnterpriseCsiReport; words: Words }) {
  const { indicator: i, report, words } = props
  const { t } = words
  const k = i.indicator
  const notSet =
    (k === 'reputation' && !report.settings.reputation) ||
    (k === 'designation' && !report.settings.designation)
  const detail = () => {
    if (k === 'complaintRate')
      return t(report.settings.complaintBase === 'transactions' ? 'ecsi.rateTx' : 'ecsi.rate', {
        hits: i.counts.hits,
        n: i.counts.n,
        rate: (i.value ?? 0).toFixed(0),
      })
    if (k === 'salesPower')
      return t('ecsi.growth', {
        net: money(report.sales.current.net),
        purchases: report.sales.current.purchases,
        refunds: money(report.sales.current.refunds),
        pnet: money(report.sales.previous.net),
        pct: pct(i.value ?? 0),
      })
    return t('ecsi.share', { hits: i.counts.hits, n: i.counts.n, pct: pct(i.value ?? 0) })
  }
  return (
    <Card title={t(`ecsi.${k}`)} data-testid={`ecsi-card-${k}`}>
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t(`ecsi.${k}.how`)}
      </Typography.Paragraph>
      {i.score === null ? (
        <Typography.Text type="secondary" data-testid={`ecsi-score-${k}`}>
          {notSet ? t('ecsi.notSet') : t('ecsi.noScore')}
        </Typography.Text>
      ) : (
        <Space direction="vertical" style={{ width: '100%' }} size={4}>
          <Typography.Text strong style={{ fontSize: 24 }} data-testid={`ecsi-score-${k}`}>
            {one(i.score)}
          </Typography.Text>
          <Progress percent={i.score} showInfo={false} size="small" />
          {i.ci95 && (
            <Typography.Text type="secondary">
              {t('ecsi.interval', { low: one(i.ci95[0]), high: one(i.ci95[1]) })}
            </Typography.Text>
          )}
          <Typography.Text type="secondary">{detail()}</Typography.Text>
          <Typography.Text type="secondary">
            {t('ecsi.weight', { w: pct(i.weight), c: one(i.contribution) })}
          </Typography.Text>
        </Space>
      )}
    </Card>
  )
}

interface FormValues {
  repSurvey?: string
  repMeasure: 'nps_promoters' | 'csat_top_two'
  desSurvey?: string
  desQuestion?: string
  desOption?: string
  worst: number
  complaintBase: 'customers' | 'transactions'
  capPct: number
  periodMonths: number
  weights: Record<IndicatorKey, number>
}

function SettingsCard({ words }: { words: Words }) {
  const { t, errorText, locale } = words
  const queryClient = useQueryClient()
  const view = useQuery({ queryKey: ['enterprise-csi-settings'], queryFn: fetchSettings })
  const surveys = useQuery({ queryKey: ['surveys'], queryFn: fetchSurveys })
  const [form] = Form.useForm<FormValues>()
  const save = useMutation({
    mutationFn: saveSettings,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['enterprise-csi'] })
      void queryClient.invalidateQueries({ queryKey: ['enterprise-csi-settings'] })
    },
  })
  const s = view.data?.settings
  useEffect(() => {
    if (!s) return
    form.setFieldsValue({
      repSurvey: s.reputation?.surveyId,
      repMeasure: s.reputation?.measure ?? 'nps_promoters',
      desSurvey: s.designation?.surveyId,
      desQuestion: s.designation?.questionKey,
      desOption: s.designation?.option,
      worst: s.complaintWorstPer10k,
      complaintBase: s.complaintBase,
      capPct: Math.round(s.salesGrowthCap * 1000) / 10,
      periodMonths: s.periodMonths,
      weights: s.weights,
    })
  }, [s, form])
  const desSurvey = Form.useWatch('desSurvey', form)
  const desQuestion = Form.useWatch('desQuestion', form)
  const text = (x: Record<string, string | undefined>) => x[locale] ?? x['zh-CN'] ?? ''
  // Anonymous (internal) surveys cannot measure customers' views: the server refuses them.
  const surveyOptions = (surveys.data ?? [])
    .filter((v) => v.settings.anonymity === undefined)
    .map((v) => ({ value: v.id, label: text(v.title) }))
  const singles =
    surveys.data?.find((v) => v.id === desSurvey)?.questions.filter((q) => q.type === 'single') ??
    []
  const options = singles.find((q) => q.key === desQuestion)?.options ?? []
  const submit = (v: FormValues) =>
    save.mutate({
      reputation: v.repSurvey ? { surveyId: v.repSurvey, measure: v.repMeasure } : null,
      designation:
        v.desSurvey && v.desQuestion && v.desOption
          ? { surveyId: v.desSurvey, questionKey: v.desQuestion, option: v.desOption }
          : null,
      complaintWorstPer10k: v.worst,
      complaintBase: v.complaintBase,
      salesGrowthCap: v.capPct / 100,
      periodMonths: v.periodMonths,
      weights: v.weights,
    })
  return (
    <Card title={t('ecsi.settings')} loading={!s} data-testid="ecsi-settings">
      <Typography.Paragraph type="secondary">{t('ecsi.settingsIntro')}</Typography.Paragraph>
      {view.data && !view.data.saved && (
        <Typography.Paragraph type="secondary">{t('ecsi.defaults')}</Typography.Paragraph>
      )}
      <Form form={form} layout="vertical" onFinish={submit}>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="repSurvey" label={t('ecsi.repSurvey')}>
              <Select
                allowClear
                placeholder={t('ecsi.none')}
                options={surveyOptions}
                data-testid="ecsi-rep-survey"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="repMeasure" label={t('ecsi.repMeasure')}>
              <Select
                options={(['nps_promoters', 'csat_top_two'] as const).map((m) => ({
                  value: m,
                  label: t(`ecsi.measure.${m}`),
                }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="desSurvey" label={t('ecsi.desSurvey')}>
              <Select
                allowClear
                placeholder={t('ecsi.none')}
                options={surveyOptions}
                onChange={() =>
                  form.setFieldsValue({ desQuestion: undefined, desOption: undefined })
                }
                data-testid="ecsi-des-survey"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="desQuestion" label={t('ecsi.desQuestion')}>
              <Select
                allowClear
                options={singles.map((q) => ({ value: q.key, label: text(q.title) }))}
                onChange={() => form.setFieldsValue({ desOption: undefined })}
                data-testid="ecsi-des-question"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="desOption" label={t('ecsi.desOption')}>
              <Select
                allowClear
                options={options.map((o) => ({ value: o.key, label: text(o.label) }))}
                data-testid="ecsi-des-option"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="worst" label={t('ecsi.worst')} rules={[{ required: true }]}>
              <InputNumber min={1} max={10000} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="complaintBase" label={t('ecsi.complaintBase')}>
              <Select
                options={(['customers', 'transactions'] as const).map((b) => ({
                  value: b,
                  label: t(`ecsi.base.${b}`),
                }))}
                data-testid="ecsi-complaint-base"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="capPct" label={t('ecsi.cap')} rules={[{ required: true }]}>
              <InputNumber min={1} max={1000} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              name="periodMonths"
              label={t('ecsi.periodMonths')}
              rules={[{ required: true }]}
            >
              <InputNumber min={1} max={24} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Text strong>{t('ecsi.weights')}</Typography.Text>
        <Row gutter={16} style={{ marginTop: 8 }}>
          {KEYS.map((k) => (
            <Col key={k} xs={12} md={8} xl={4}>
              <Form.Item name={['weights', k]} label={t(`ecsi.${k}`)} rules={[{ required: true }]}>
                <InputNumber
                  min={0}
                  max={1000}
                  style={{ width: '100%' }}
                  data-testid={`ecsi-weight-${k}`}
                />
              </Form.Item>
            </Col>
          ))}
        </Row>
        {save.error && (
          <Alert type="error" showIcon title={errorText(save.error)} style={{ marginBottom: 12 }} />
        )}
        {save.isSuccess && !save.isPending && (
          <Alert type="success" showIcon title={t('ecsi.saved')} style={{ marginBottom: 12 }} />
        )}
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="ecsi-save">
          {t('ecsi.save')}
        </Button>
      </Form>
    </Card>
  )
}
