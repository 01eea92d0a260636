import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  TreeSelect,
  Typography,
} from 'antd'
import { useState } from 'react'
import { useSearchParams } from 'react-router'
import {
  leagueChartOption,
  paretoChartOption,
  type ChartWords,
} from '../../../../src/reports/report-charts'
import { fetchMe } from '../../api/endpoints'
import { Chart } from '../../charts/chart'
import { useI18n } from '../../i18n/i18n'
import { usePageWords } from '../../i18n/page-words'
import { useVisibleUnits } from '../units/use-visible-units'
import { unitTreeSelectData } from '../units/unit-tree-select'
import {
  archivedFileUrl,
  createReview,
  createSchedule,
  deleteSchedule,
  fetchArchive,
  fetchReport,
  fetchReview,
  fetchReviews,
  fetchSchedules,
  type Report,
  type ReportChoice,
  reportFileUrl,
} from './reports-api'
import { REPORTS_EN, REPORTS_ZH } from './reports-words'
import { unitNameIn } from '../units/unit-name'

type Words = ReturnType<typeof usePageWords<keyof typeof REPORTS_ZH>>

const fmt = (metric: string, x: number | null) =>
  x === null ? '—' : x.toFixed(metric === 'ces' ? 2 : 1)

/**
 * Unit reports (周报/月报) and management reviews: a report previewed with the same charts the PDF
 * carries (one chart-option builder, src/reports/report-charts.ts), exported as PDF or Excel on
 * demand; schedules that make and e-mail them; the archive; and the reviews.
 */
export function ReportsPage() {
  const w = usePageWords(REPORTS_ZH, REPORTS_EN)
  const [params, setParams] = useSearchParams()
  const tab = params.get('review') ? 'reviews' : (params.get('tab') ?? 'report')
  const me = useQuery({ queryKey: ['me'], queryFn: fetchMe })
  const mayWrite = me.data?.permissions.includes('plans:write') ?? false
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={3}>{w.t('reports.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{w.t('reports.intro')}</Typography.Paragraph>
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams({ tab: key })}
        items={[
          { key: 'report', label: w.t('reports.tab.report'), children: <ReportTab w={w} /> },
          {
            key: 'schedules',
            label: w.t('reports.tab.schedules'),
            children: <SchedulesTab w={w} mayWrite={mayWrite} />,
          },
          { key: 'archive', label: w.t('reports.tab.archive'), children: <ArchiveTab w={w} /> },
          {
            key: 'reviews',
            label: w.t('reports.tab.reviews'),
            children: <ReviewsTab w={w} mayWrite={mayWrite} open={params.get('review')} />,
          },
        ]}
      />
    </Space>
  )
}

function useUnitTree() {
  const { locale } = useI18n()
  const units = useVisibleUnits()
  const list = units.data ?? []
  // In English the units go by their English names where they have one ("name code").
  return { units: list, tree: unitTreeSelectData(list, locale) }
}

function chartWords(w: Words): ChartWords {
  const en = w.locale === 'en-US'
  return {
    nps: 'NPS',
    target: w.t('reports.target'),
    complaints: w.t('reports.complaints'),
    cumulativeShare: w.t('reports.cumulative'),
    unitName: (row) => unitNameIn(row, w.locale),
    causeName: (c) => (en ? c.labelEn : c.labelZh),
  }
}

function ReportTab({ w }: { w: Words }) {
  const { tree } = useUnitTree()
  const [choice, setChoice] = useState<ReportChoice>({
    unitId: '',
    kind: 'monthly',
    locale: w.locale === 'en-US' ? 'en-US' : 'zh-CN',
  })
  const [shown, setShown] = useState<ReportChoice | null>(null)
  const report = useQuery({
    queryKey: ['report', shown],
    queryFn: () => fetchReport(shown!),
    enabled: shown !== null,
  })
  const ready = choice.unitId !== ''
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space wrap>
        <TreeSelect
          style={{ minWidth: 240 }}
          treeData={tree}
          placeholder={w.t('reports.pickUnit')}
          value={choice.unitId || undefined}
          onChange={(unitId: string) => setChoice({ ...choice, unitId })}
          treeDefaultExpandAll
          data-testid="report-unit"
        />
        <Select
          value={choice.kind}
          style={{ width: 100 }}
          onChange={(kind) => setChoice({ ...choice, kind })}
          options={[
            { value: 'monthly', label: w.t('reports.kind.monthly') },
            { value: 'weekly', label: w.t('reports.kind.weekly') },
          ]}
        />
        <Input
          style={{ width: 150 }}
          placeholder={w.t('reports.period')}
          title={w.t('reports.period.hint')}
          value={choice.period ?? ''}
          onChange={(e) => setChoice({ ...choice, period: e.target.value.trim() || undefined })}
        />
        <Select
          value={choice.locale}
          style={{ width: 110 }}
          onChange={(locale) => setChoice({ ...choice, locale })}
          options={[
            { value: 'zh-CN', label: '中文' },
            { value: 'en-US', label: 'English' },
          ]}
        />
        <Button
          type="primary"
          disabled={!ready}
          onClick={() => setShown(choice)}
          data-testid="report-show"
        >
          {w.t('reports.show')}
        </Button>
        <Button
          disabled={!ready}
          href={ready ? reportFileUrl(choice, 'pdf') : undefined}
          data-testid="report-pdf"
        >
          {w.t('reports.pdf')}
        </Button>
        <Button disabled={!ready} href={ready ? reportFileUrl(choice, 'xlsx') : undefined}>
          {w.t('reports.xlsx')}
        </Button>
      </Space>
      {report.data && <ReportView report={report.data} w={w} />}
    </Space>
  )
}

/** The weighted surveys' titles in brackets, as the PDF names them (none when they are not given). */
function surveyList(report: Report, en: boolean): string {
  const titles = report.weightedSurveys.flatMap((s) => {
    const title = en ? s.titleEn : s.titleZh
    return title === null ? [] : [title]
  })
  if (titles.length === 0) return ''
  return en ? ` (${titles.join(', ')})` : `（${titles.join('、')}）`
}

function ReportView({ report, w }: { report: Report; w: Words }) {
  const words = chartWords(w)
  const en = w.locale === 'en-US'
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle" data-testid="report-view">
      <Typography.Title level={4}>
        {unitNameIn(report.unit, w.locale)} {w.t(`reports.kind.${report.kind}`)} {report.period}
      </Typography.Title>
      <Typography.Text type="secondary">
        {report.from} – {report.to}
      </Typography.Text>
      {report.weightedSurveys.length > 0 && (
        <Alert
          type="info"
          showIcon
          data-testid="report-unweighted"
          title={w.t('reports.unweighted', {
            count: report.weightedSurveys.length,
            surveys: surveyList(report, en),
          })}
        />
      )}
      <Table
        rowKey="metric"
        pagination={false}
        size="small"
        scroll={{ x: true }}
        dataSource={report.metrics}
        columns={[
          {
            title: w.t('reports.metric'),
            dataIndex: 'metric',
            render: (m: string) => m.toUpperCase(),
          },
          { title: w.t('reports.value'), render: (_, m) => fmt(m.metric, m.value) },
          {
            title: w.t('reports.interval'),
            render: (_, m) =>
              m.ci95 ? `${fmt(m.metric, m.ci95[0])} – ${fmt(m.metric, m.ci95[1])}` : '—',
          },
          { title: w.t('reports.n'), dataIndex: 'n' },
          { title: w.t('reports.previous'), render: (_, m) => fmt(m.metric, m.previous) },
          { title: w.t('reports.target'), render: (_, m) => fmt(m.metric, m.target) },
        ]}
      />
      <Card title={w.t('reports.league')} size="small">
        {report.league.some((r) => r.raw !== null) ? (
          <Chart
            option={leagueChartOption(report, words)}
            height={260}
            testId="report-league-chart"
          />
        ) : (
          <Empty description={w.t('reports.noChildren')} />
        )}
      </Card>
      <Card title={w.t('reports.pareto')} size="small">
        {report.causes.length > 0 ? (
          <Chart
            option={paretoChartOption(report, words)}
            height={260}
            testId="report-pareto-chart"
          />
        ) : (
          <Empty description={w.t('reports.noCauses')} />
        )}
      </Card>
    </Space>
  )
}

function SchedulesTab({ w, mayWrite }: { w: Words; mayWrite: boolean }) {
  const client = useQueryClient()
  const { tree } = useUnitTree()
  const schedules = useQuery({ queryKey: ['report-schedules'], queryFn: fetchSchedules })
  const [form] = Form.useForm()
  const add = useMutation({
    mutationFn: (v: { unitId: string; kind: string; locale: string; recipients?: string }) =>
      createSchedule({
        unitId: v.unitId,
        kind: v.kind,
        locale: v.locale,
        recipients: (v.recipients ?? '')
          .split(/[,，\s]+/)
          .map((s) => s.trim())
          .filter(Boolean),
      }),
    onSuccess: () => {
      form.resetFields()
      void client.invalidateQueries({ queryKey: ['report-schedules'] })
    },
  })
  const remove = useMutation({
    mutationFn: deleteSchedule,
    onSuccess: () => client.invalidateQueries({ queryKey: ['report-schedules'] }),
  })
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      {mayWrite && (
        <Form
          form={form}
          layout="inline"
          initialValues={{ kind: 'monthly', locale: 'zh-CN' }}
          onFinish={(v) => add.mutate(v)}
        >
          <Form.Item name="unitId" rules={[{ required: true }]}>
            <TreeSelect
              style={{ minWidth: 220 }}
              treeData={tree}
              placeholder={w.t('reports.pickUnit')}
            />
          </Form.Item>
          <Form.Item name="kind">
            <Select
              style={{ width: 100 }}
              options={[
                { value: 'monthly', label: w.t('reports.kind.monthly') },
                { value: 'weekly', label: w.t('reports.kind.weekly') },
              ]}
            />
          </Form.Item>
          <Form.Item name="locale">
            <Select
              style={{ width: 110 }}
              options={[
                { value: 'zh-CN', label: '中文' },
                { value: 'en-US', label: 'English' },
              ]}
            />
          </Form.Item>
          <Form.Item name="recipients">
            <Input style={{ width: 280 }} placeholder={w.t('reports.recipients')} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={add.isPending}>
            {w.t('reports.add')}
          </Button>
        </Form>
      )}
      <Table
        rowKey="id"
        size="small"
        scroll={{ x: true }}
        loading={schedules.isPending}
        dataSource={schedules.data ?? []}
        locale={{ emptyText: <Empty description={w.t('reports.none')} /> }}
        columns={[
          {
            title: w.t('reports.unit'),
            render: (_, s) => (w.locale === 'en-US' ? s.unitNameEn || s.unitNameZh : s.unitNameZh),
          },
          { title: w.t('reports.kind'), render: (_, s) => w.t(`reports.kind.${s.kind}`) },
          {
            title: w.t('reports.locale'),
            // Each language by its own name, as the language picker shows it.
            render: (_, s) => (s.locale === 'en-US' ? 'English' : '中文'),
          },
          { title: w.t('reports.recipients'), render: (_, s) => s.recipients.join(', ') },
          {
            title: w.t('reports.active'),
            render: (_, s) => <Switch size="small" checked={s.active} disabled />,
          },
          ...(mayWrite
            ? [
                {
                  title: '',
                  render: (_: unknown, s: { id: string }) => (
                    <Button size="small" danger onClick={() => remove.mutate(s.id)}>
                      {w.t('reports.remove')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
    </Space>
  )
}

function ArchiveTab({ w }: { w: Words }) {
  const archive = useQuery({ queryKey: ['report-archive'], queryFn: fetchArchive })
  return (
    <Table
      rowKey="id"
      size="small"
      scroll={{ x: true }}
      loading={archive.isPending}
      dataSource={archive.data ?? []}
      locale={{ emptyText: <Empty description={w.t('reports.none')} /> }}
      columns={[
        {
          title: w.t('reports.unit'),
          render: (_, r) => (w.locale === 'en-US' ? r.unitNameEn || r.unitNameZh : r.unitNameZh),
        },
        { title: w.t('reports.kind'), render: (_, r) => w.t(`reports.kind.${r.kind}`) },
        { title: w.t('reports.period'), dataIndex: 'period' },
        {
          title: w.t('reports.created'),
          render: (_, r) => new Date(r.createdAt).toLocaleString(w.locale),
        },
        {
          title: w.t('reports.sent'),
          // Not yet sent to every address: the e-mail job retries them.
          render: (_, r) =>
            r.sentAt ? (
              `${r.recipients}`
            ) : r.mailPending > 0 ? (
              <Typography.Text type="warning" data-testid="archive-mail-pending">
                {w.t('reports.mailPending', { n: r.mailPending })}
              </Typography.Text>
            ) : (
              '—'
            ),
        },
        {
          title: w.t('reports.download'),
          render: (_, r) => (
            <Space>
              <a href={archivedFileUrl(r.id, 'pdf')}>PDF</a>
              <a href={archivedFileUrl(r.id, 'xlsx')}>Excel</a>
            </Space>
          ),
        },
      ]}
    />
  )
}

function ReviewsTab({ w, mayWrite, open }: { w: Words; mayWrite: boolean; open: string | null }) {
  const client = useQueryClient()
  const [, setParams] = useSearchParams()
  const { tree } = useUnitTree()
  const reviews = useQuery({ queryKey: ['reviews'], queryFn: fetchReviews })
  const review = useQuery({
    queryKey: ['review', open],
    queryFn: () => fetchReview(open!),
    enabled: open !== null,
  })
  const [form] = Form.useForm()
  const split = (s: string | undefined, by: RegExp) =>
    (s ?? '')
      .split(by)
      .map((x) => x.trim())
      .filter(Boolean)
  const save = useMutation({
    mutationFn: (v: {
      unitId: string
      heldOn: { format: (f: string) => string }
      title: string
      attendees?: string
      decisions?: string
      notes?: string
    }) =>
      createReview({
        unitId: v.unitId,
        heldOn: v.heldOn.format('YYYY-MM-DD'),
        title: v.title,
        attendees: split(v.attendees, /[,，、]/),
        decisions: split(v.decisions, /\n/).map((text) => ({ text })),
        notes: v.notes ?? '',
      }),
    onSuccess: (created) => {
      form.resetFields()
      void client.invalidateQueries({ queryKey: ['reviews'] })
      setParams({ review: created.id })
    },
  })
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      {mayWrite && (
        <Card title={w.t('reports.review.new')} size="small">
          <Form
            form={form}
            layout="vertical"
            onFinish={(v) => save.mutate(v)}
            style={{ maxWidth: 640 }}
          >
            <Form.Item name="unitId" label={w.t('reports.unit')} rules={[{ required: true }]}>
              <TreeSelect treeData={tree} placeholder={w.t('reports.pickUnit')} />
            </Form.Item>
            <Form.Item
              name="heldOn"
              label={w.t('reports.review.heldOn')}
              rules={[{ required: true }]}
            >
              <DatePicker />
            </Form.Item>
            <Form.Item
              name="title"
              label={w.t('reports.review.title')}
              rules={[{ required: true }]}
            >
              <Input />
            </Form.Item>
            <Form.Item
              name="attendees"
              label={w.t('reports.review.attendees')}
              rules={[{ required: true }]}
            >
              <Input />
            </Form.Item>
            <Form.Item name="decisions" label={w.t('reports.review.decisions')}>
              <Input.TextArea rows={3} />
            </Form.Item>
            <Form.Item name="notes" label={w.t('reports.review.notes')}>
              <Input.TextArea rows={2} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={save.isPending}>
              {w.t('reports.review.save')}
            </Button>
          </Form>
        </Card>
      )}
      <Table
        rowKey="id"
        size="small"
        loading={reviews.isPending}
        dataSource={reviews.data ?? []}
        locale={{ emptyText: <Empty description={w.t('reports.review.none')} /> }}
        onRow={(r) => ({
          onClick: () => setParams({ review: r.id }),
          style: { cursor: 'pointer' },
        })}
        columns={[
          { title: w.t('reports.review.heldOn'), dataIndex: 'heldOn', width: 130 },
          { title: w.t('reports.review.title'), dataIndex: 'title' },
        ]}
      />
      {review.data && (
        <Card
          title={`${review.data.heldOn} ${review.data.title}`}
          size="small"
          data-testid="review-view"
        >
          <Descriptions column={1} size="small">
            <Descriptions.Item label={w.t('reports.unit')}>
              {w.locale === 'en-US'
                ? review.data.unitNameEn || review.data.unitNameZh
                : review.data.unitNameZh}
            </Descriptions.Item>
            <Descriptions.Item label={w.t('reports.review.attendees')}>
              {review.data.attendees.join('、')}
            </Descriptions.Item>
            <Descriptions.Item label={w.t('reports.review.decisions')}>
              <ol style={{ margin: 0, paddingInlineStart: 18 }}>
                {review.data.decisions.map((d) => (
                  <li key={d.text}>{d.text}</li>
                ))}
              </ol>
            </Descriptions.Item>
            {review.data.notes && (
              <Descriptions.Item label={w.t('reports.review.notes')}>
                {review.data.notes}
              </Descriptions.Item>
            )}
          </Descriptions>
          <Typography.Title level={5}>{w.t('reports.review.metrics')}</Typography.Title>
          <Table
            rowKey="metric"
            size="small"
            pagination={false}
            dataSource={review.data.metrics}
            columns={[
              {
                title: w.t('reports.metric'),
                dataIndex: 'metric',
                render: (m: string) => m.toUpperCase(),
              },
              { title: w.t('reports.value'), render: (_, m) => fmt(m.metric, m.value) },
              { title: w.t('reports.n'), dataIndex: 'n' },
              { title: w.t('reports.target'), render: (_, m) => fmt(m.metric, m.target) },
            ]}
          />
          <Typography.Title level={5}>{w.t('reports.review.plans')}</Typography.Title>
          {review.data.plansReviewed.length === 0 ? (
            <Typography.Text type="secondary">{w.t('reports.none')}</Typography.Text>
          ) : (
            <ul>
              {review.data.plansReviewed.map((p) => (
                <li key={p.id}>
                  {p.number} {p.title}
                </li>
              ))}
            </ul>
          )}
        </Card>
      )}
    </Space>
  )
}
