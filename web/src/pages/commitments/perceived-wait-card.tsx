import { useQuery } from '@tanstack/react-query'
import { Alert, Card, Col, Empty, Row, Select, Space, Table, Typography } from 'antd'
import { useState } from 'react'
import { fetchPerceivedWaits } from '../../api/commitments-api'
import { Chart } from '../../charts/chart'
import { round } from '../../charts/chart-round'
import { escapeHtml } from '../../components/escape-html'
import { usePageWords } from '../../i18n/page-words'

// Perceived against actual waits of the same visits (issue 20 "Waiting"): a survey whose per-hall
// link carries the visitor's ticket, one of its questions asking the minutes; per hall the n, the
// actual and perceived means and the gap with its 95% paired-t interval, and a chart of both by
// actual-wait band. Words live with the card.

const ZH = {
  title: '感知等候与实际等候（{from} 至 {to}，分钟）',
  survey: '问卷',
  question: '题目',
  hall: '营业厅',
  total: '合计',
  n: '配对数',
  actual: '实际等候',
  perceived: '感知等候',
  gap: '差值（95% 区间）',
  overestimate: '高估比例',
  spearman: '秩相关',
  band: '实际等候 {band} 分钟',
  bandOpen: '{from}+',
  bandN: '配对 {n} 个',
  gapLine: '差值',
  minutes: '分钟',
  noSurvey:
    '还没有可对照的问卷：问卷需声明隐藏字段 ticket（营业厅链接带上票号和 unit），并有一道以分钟作答的题目（滑块，或选项为“<5 分钟、5–10 分钟……”的单选）。',
  noPairs: '所选期间没有能对上排队记录的答卷。',
  counts:
    '答卷 {answers} 份：未带票号 {withoutTicket}，票号对不上到访 {unmatched}，到访未叫号 {notCalled}，未答该题 {noMinutes}。',
  fewPairs: '不足 2 对，不计算区间',
  minutesKind: '（分钟）',
  bandsKind: '（区间选项）',
} as const
const EN: Record<keyof typeof ZH, string> = {
  title: 'Perceived and actual waits ({from} – {to}, minutes)',
  survey: 'Survey',
  question: 'Question',
  hall: 'Hall',
  total: 'All halls',
  n: 'Pairs',
  actual: 'Actual wait',
  perceived: 'Perceived wait',
  gap: 'Gap (95% interval)',
  overestimate: 'Overestimating',
  spearman: 'Rank corr.',
  band: 'Actual wait {band} min',
  bandOpen: '{from}+',
  bandN: '{n} pairs',
  gapLine: 'Gap',
  minutes: 'min',
  noSurvey:
    'No survey to compare yet: a survey needs the hidden field ticket (the hall’s link carries the ticket and unit) and a question answered in minutes (a slider, or a single choice of bands such as “<5 min, 5–10 min …”).',
  noPairs: 'No answer in this period matches a queue visit.',
  counts:
    '{answers} answers: {withoutTicket} without a ticket, {unmatched} matching no visit, {notCalled} never called, {noMinutes} without this answer.',
  fewPairs: 'Fewer than 2 pairs: no interval',
  minutesKind: ' (minutes)',
  bandsKind: ' (bands)',
}

const num = (x: number | null | undefined) => (x == null ? '—' : x.toFixed(1))
const signed = (x: number | null | undefined) =>
  x == null ? '—' : `${x > 0 ? '+' : ''}${x.toFixed(1)}`

export function PerceivedWaitCard({
  unitName,
  period,
  days,
}: {
  unitName: (id: string) => string
  /** The page's shared period as instants [from, to); null until the organisation's zone is known. */
  period: { from: string; to: string } | null
  /** Its first and last day, for the title. */
  days: { from: string; to: string }
}) {
  const { t, locale, errorText } = usePageWords(ZH, EN)
  const [choice, setChoice] = useState<{ surveyId?: string; questionId?: string }>({})
  const result = useQuery({
    queryKey: [
      'perceived-waits',
      choice.surveyId ?? '',
      choice.questionId ?? '',
      period?.from ?? '',
      period?.to ?? '',
    ],
    queryFn: () => fetchPerceivedWaits({ ...choice, ...period! }),
    enabled: period !== null,
  })
  const data = result.data
  const text = (title: { 'zh-CN': string; 'en-US'?: string | undefined }) =>
    locale === 'en-US' ? (title['en-US'] ?? title['zh-CN']) : title['zh-CN']
  const survey = data?.surveys.find((s) => s.id === data.surveyId)
  const rows = data
    ? [
        ...data.units.map((u) => ({ key: u.unitId, name: unitName(u.unitId), s: u.summary })),
        ...(data.units.length > 1
          ? [{ key: 'total', name: t('total'), s: data.total, total: true }]
          : []),
      ]
    : []
  return (
    <Card
      title={t('title', days)}
      styles={{ title: { whiteSpace: 'normal' } }}
      size="small"
      data-testid="perceived-waits"
    >
      {result.isError && <Alert type="error" showIcon title={errorText(result.error)} />}
      {data && data.surveys.length === 0 ? (
        <Empty description={t('noSurvey')} data-testid="perceived-waits-empty" />
      ) : (
        <Space direction="vertical" size={12} style={{ width: '100%' }}>
          <Space wrap>
            <Typography.Text>{t('survey')}</Typography.Text>
            <Select
              data-testid="perceived-survey"
              value={data?.surveyId ?? undefined}
              loading={result.isLoading}
              onChange={(surveyId: string) => setChoice({ surveyId })}
              style={{ minWidth: 200, maxWidth: '100%' }}
              options={(data?.surveys ?? []).map((s) => ({ value: s.id, label: text(s.title) }))}
            />
            <Typography.Text>{t('question')}</Typography.Text>
            <Select
              data-testid="perceived-question"
              value={data?.questionId ?? undefined}
              onChange={(questionId: string) =>
                setChoice({ surveyId: data?.surveyId ?? undefined, questionId })
              }
              style={{ minWidth: 200, maxWidth: '100%' }}
              options={(survey?.questions ?? []).map((q) => ({
                value: q.key,
                label: `${text(q.title)}${t(q.kind === 'minutes' ? 'minutesKind' : 'bandsKind')}`,
              }))}
            />
          </Space>
          {data && (
            <Typography.Text type="secondary" data-testid="perceived-counts">
              {t('counts', {
                answers: data.answers,
                withoutTicket: data.withoutTicket,
                unmatched: data.unmatched,
                notCalled: data.notCalled,
                noMinutes: data.noMinutes,
              })}
            </Typography.Text>
          )}
          {data && data.total.n === 0 ? (
            <Empty description={t('noPairs')} data-testid="perceived-waits-none" />
          ) : (
            <Row gutter={[16, 16]}>
              <Col span={24}>
                <Table
                  size="small"
                  pagination={false}
                  scroll={{ x: 'max-content' }}
                  loading={result.isLoading}
                  dataSource={rows}
                  data-testid="perceived-waits-table"
                  columns={[
                    {
                      title: t('hall'),
                      render: (_, r) => ('total' in r ? <strong>{r.name}</strong> : r.name),
                    },
                    { title: t('n'), render: (_, r) => r.s.n },
                    { title: t('actual'), render: (_, r) => num(r.s.meanActual) },
                    { title: t('perceived'), render: (_, r) => num(r.s.meanPerceived) },
                    {
                      title: t('gap'),
                      render: (_, r) =>
                        r.s.gapInterval
                          ? `${signed(r.s.meanGap)} (${signed(r.s.gapInterval[0])} – ${signed(r.s.gapInterval[1])})`
                          : t('fewPairs'),
                    },
                    {
                      title: t('overestimate'),
                      render: (_, r) =>
                        r.s.overestimateShare == null
                          ? '—'
                          : `${Math.round(r.s.overestimateShare * 100)}%`,
                    },
                    {
                      title: t('spearman'),
                      render: (_, r) => (r.s.spearman == null ? '—' : r.s.spearman.toFixed(2)),
                    },
                  ]}
                />
              </Col>
              <Col span={24}>{data && <BandChart bands={data.total.bands} t={t} />}</Col>
            </Row>
          )}
        </Space>
      )}
    </Card>
  )
}

type Band = NonNullable<Awaited<ReturnType<typeof fetchPerceivedWaits>>>['total']['bands'][number]

/** Mean actual and mean perceived wait of the pairs in each actual-wait band (all halls). */
function BandChart({
  bands,
  t,
}: {
  bands: readonly Band[]
  t: (key: keyof typeof ZH, vars?: Record<string, string | number>) => string
}) {
  const labels = bands.map((b) =>
    b.to === null ? t('bandOpen', { from: b.from }) : `${b.from}–${b.to}`,
  )
  const value = (x: number | null) => (x === null ? null : round(x, 1))
  return (
    <Chart
      testId="perceived-wait-bands"
      height={260}
      option={{
        tooltip: {
          trigger: 'axis',
          formatter: (params: unknown) => {
            const i = (params as Array<{ dataIndex: number }>)[0]?.dataIndex ?? 0
            const b = bands[i]!
            return [
              escapeHtml(t('band', { band: labels[i]! })),
              `${escapeHtml(t('actual'))} ${num(b.meanActual)}`,
              `${escapeHtml(t('perceived'))} ${num(b.meanPerceived)}`,
              `${escapeHtml(t('gapLine'))} ${signed(b.meanGap)}`,
              escapeHtml(t('bandN', { n: b.n })),
            ].join('<br/>')
          },
        },
        legend: { top: 0, data: [t('actual'), t('perceived')] },
        grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
        xAxis: { type: 'category', data: labels },
        yAxis: { type: 'value', name: t('minutes'), min: 0, nameTextStyle: { align: 'left' } },
        series: [
          {
            name: t('actual'),
            type: 'bar',
            data: bands.map((b) => value(b.meanActual)),
            itemStyle: { color: '#91caff' },
            barMaxWidth: 28,
          },
          {
            name: t('perceived'),
            type: 'bar',
            data: bands.map((b) => value(b.meanPerceived)),
            itemStyle: { color: '#fa8c16' },
            barMaxWidth: 28,
          },
        ],
      }}
    />
  )
}
