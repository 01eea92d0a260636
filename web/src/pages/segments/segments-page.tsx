import { keepPreviousData, useQuery } from '@tanstack/react-query'
import {
  Alert,
  Card,
  Empty,
  Grid,
  Segmented,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd'
import { useEffect, useMemo, useState } from 'react'
import { useSearchParams } from 'react-router'
import { fetchSegments, fetchSurveys } from '../../api/endpoints'
import { localizedText } from '../../components/localized-text'
import { DateRangeField, useSharedDateRange } from '../../components/shell/date-range'
import type { MessageKey } from '../../i18n/i18n'
import { segmentsEnUS } from '../../i18n/segments.en-US'
import { segmentsZhCN } from '../../i18n/segments.zh-CN'
import { usePageWords } from '../../i18n/page-words'
import {
  fetchSegmentComparison,
  type SegmentComparisonView,
  type SegmentMetric,
} from './segment-api'
import { formatDifference, formatFigure, formatP } from './segment-figures'
import { SegmentHeatMap } from './segment-heat-map'
import { SegmentScoreChart } from './segment-score-chart'
import { SEGMENT_WEIGHT_EN, SEGMENT_WEIGHT_ZH } from './segment-weight-words'
import './segments.css'

type Row = SegmentComparisonView['rows'][number]

/**
 * Segment comparison: a survey's NPS, CSAT or CES by store (or any hidden field), ranked with 95%
 * intervals and each segment's test against the rest, and a segment × month heat map. The survey
 * and field are in the address (?survey=…&field=…), so a dashboard can link here.
 */
export function SegmentsPage() {
  const { t, locale, errorText } = usePageWords(
    { ...segmentsZhCN, ...SEGMENT_WEIGHT_ZH },
    { ...segmentsEnUS, ...SEGMENT_WEIGHT_EN },
  )
  const [params, setParams] = useSearchParams()
  const surveyId = params.get('survey') ?? undefined
  const field = params.get('field') ?? undefined
  const [metric, setMetric] = useState<SegmentMetric>('nps')
  // The period every page shares, kept per person (the heat map shows its months).
  const [range, setRange] = useSharedDateRange()
  const surveys = useQuery({ queryKey: ['surveys'], queryFn: fetchSurveys })
  const survey = surveys.data?.find((s) => s.id === surveyId)
  const fields = useQuery({
    queryKey: ['segments', surveyId],
    queryFn: () => fetchSegments(surveyId!),
    enabled: surveyId !== undefined,
  })
  const present = useMemo(() => {
    const types = new Set(survey?.questions.map((q) => q.type) ?? [])
    return (['nps', 'csat', 'ces'] as const).filter((m) => types.has(m))
  }, [survey])
  const set = (next: Record<string, string | undefined>) => {
    const merged = new URLSearchParams(params)
    for (const [k, v] of Object.entries(next)) v === undefined ? merged.delete(k) : merged.set(k, v)
    setParams(merged, { replace: true })
  }
  // The first survey and field by default, and a metric the survey asks.
  useEffect(() => {
    if (!surveyId && surveys.data?.[0]) set({ survey: surveys.data[0].id })
  })
  const fieldNames = Object.keys(fields.data ?? {})
  useEffect(() => {
    if (fields.data && (!field || !fieldNames.includes(field)) && fieldNames[0])
      set({ field: fieldNames[0] })
  })
  useEffect(() => {
    if (present.length > 0 && !present.includes(metric)) setMetric(present[0]!)
  }, [present, metric])
  const comparison = useQuery({
    queryKey: [
      'segment-comparison',
      surveyId,
      field,
      metric,
      range[0].valueOf(),
      range[1].valueOf(),
    ],
    queryFn: () =>
      fetchSegmentComparison(surveyId!, {
        field: field!,
        metric,
        from: range[0].format('YYYY-MM-DD'),
        to: range[1].format('YYYY-MM-DD'),
      }),
    enabled:
      surveyId !== undefined &&
      field !== undefined &&
      fieldNames.includes(field) &&
      present.includes(metric),
    placeholderData: keepPreviousData,
  })
  const data = comparison.data
  // Below antd's md breakpoint (768 px) the table folds into three columns.
  const phone = Grid.useBreakpoint().md === false

  const verdict = (row: Row) => {
    if (!row.vsRest) return <Tag>{t('seg.untested')}</Tag>
    if (!row.vsRest.isSignificant) return <Tag>{t('seg.noDifference')}</Tag>
    return row.vsRest.difference > 0 ? (
      <Tag color="green">{t('seg.higher')}</Tag>
    ) : (
      <Tag color="red">{t('seg.lower')}</Tag>
    )
  }

  const lowMark = (r: Row) =>
    r.lowConfidence && (
      <Typography.Text
        type="secondary"
        title={t(data?.weighted ? 'segWeight.lowConfidence' : 'seg.lowConfidence')}
      >
        {' '}
        †
      </Typography.Text>
    )
  const wideColumns: TableColumnsType<Row> = data
    ? [
        { title: t('seg.rank'), dataIndex: 'rank', width: 64 },
        {
          title: t('seg.segment'),
          dataIndex: 'segment',
          render: (s: string, r) => (
            <span>
              {s}
              {lowMark(r)}
            </span>
          ),
        },
        { title: t('seg.n'), dataIndex: 'n', align: 'right' },
        ...(data.weighted
          ? [
              {
                title: t('segWeight.effectiveN'),
                dataIndex: 'effectiveN',
                align: 'right' as const,
                render: (v: number | undefined) => (v === undefined ? '–' : v.toFixed(1)),
              },
            ]
          : []),
        {
          title: t('seg.value'),
          dataIndex: 'value',
          align: 'right',
          render: (v: number | null) => <strong>{formatFigure(data.metric, v)}</strong>,
        },
        {
          title: t('seg.ci'),
          dataIndex: 'ci95',
          align: 'right',
          render: (ci: [number, number] | null) =>
            ci ? `${formatFigure(data.metric, ci[0])} – ${formatFigure(data.metric, ci[1])}` : '–',
        },
        {
          title: t('seg.vsRest'),
          key: 'difference',
          align: 'right',
          render: (_, r) => (r.vsRest ? formatDifference(data.metric, r.vsRest.difference) : '–'),
        },
        {
          title: t('seg.p'),
          key: 'p',
          align: 'right',
          render: (_, r) => (r.vsRest ? formatP(r.vsRest.adjustedP) : '–'),
        },
        { title: t('seg.verdict'), key: 'verdict', render: (_, r) => verdict(r) },
      ]
    : []
  // At phone width the nine columns scrolled sideways inside the card: three columns there, each
  // holding what belongs together (segment with its counts, score with its interval, the test
  // with its p and verdict), nothing left out.
  const phoneColumns: TableColumnsType<Row> = data
    ? [
        {
          title: t('seg.segment'),
          key: 'segment',
          render: (_, r) => (
            <span>
              {r.rank}. {r.segment}
              {lowMark(r)}
              <br />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('n', { n: r.n })}
                {data.weighted && r.effectiveN !== undefined && (
                  <>
                    <br />
                    n_eff = {r.effectiveN.toFixed(1)}
                  </>
                )}
              </Typography.Text>
            </span>
          ),
        },
        {
          title: t('seg.value'),
          key: 'value',
          align: 'right',
          render: (_, r) => (
            <span>
              <strong>{formatFigure(data.metric, r.value)}</strong>
              <br />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {r.ci95
                  ? `${formatFigure(data.metric, r.ci95[0])} – ${formatFigure(data.metric, r.ci95[1])}`
                  : '–'}
              </Typography.Text>
            </span>
          ),
        },
        {
          title: t('seg.vsRest'),
          key: 'difference',
          align: 'right',
          render: (_, r) => (
            <span>
              {r.vsRest ? formatDifference(data.metric, r.vsRest.difference) : '–'}
              {r.vsRest && (
                <>
                  <br />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    p = {formatP(r.vsRest.adjustedP)}
                  </Typography.Text>
                </>
              )}
              <br />
              {verdict(r)}
            </span>
          ),
        },
      ]
    : []

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={t('seg.title')}>
        <Typography.Paragraph type="secondary">{t('seg.intro')}</Typography.Paragraph>
        <Space wrap align="end">
          <div>
            <div>{t('seg.survey')}</div>
            <Select
              style={{ width: 280, maxWidth: '80vw' }}
              placeholder={t('seg.pickSurvey')}
              aria-label={t('seg.survey')}
              value={surveyId}
              loading={surveys.isPending}
              onChange={(id) => set({ survey: id, field: undefined })}
              options={(surveys.data ?? []).map((s) => ({
                value: s.id,
                label: localizedText(s.title, locale),
              }))}
              data-testid="seg-survey"
            />
          </div>
          <div>
            <div>{t('seg.field')}</div>
            <Select
              style={{ width: 200 }}
              placeholder={t('seg.pickField')}
              aria-label={t('seg.field')}
              value={field && fieldNames.includes(field) ? field : undefined}
              onChange={(f) => set({ field: f })}
              options={fieldNames.map((f) => ({ value: f, label: f }))}
              data-testid="seg-field"
            />
          </div>
          {present.length > 0 && (
            <div>
              <div>{t('seg.metric')}</div>
              <Segmented
                value={metric}
                onChange={(m) => setMetric(m as SegmentMetric)}
                options={present.map((m) => ({
                  value: m,
                  label: t(`seg.metric.${m}` as MessageKey),
                }))}
                data-testid="seg-metric"
              />
            </div>
          )}
          <DateRangeField value={range} onChange={setRange} />
        </Space>
      </Card>
      {comparison.isError && <Alert type="error" showIcon title={errorText(comparison.error)} />}
      {survey && present.length === 0 && <Alert type="info" showIcon title={t('seg.noMetric')} />}
      {fields.data && fieldNames.length === 0 && (
        <Alert type="info" showIcon title={t('seg.noFields')} data-testid="seg-no-fields" />
      )}
      {data?.weighted && (
        <Alert
          type="info"
          showIcon
          data-testid="seg-weighted"
          title={t('segWeight.note', {
            field: data.weighted.weightField,
            left: data.weighted.unweighted,
          })}
        />
      )}
      {data && data.rows.length === 0 && <Empty description={t('seg.noRows')} />}
      {data && data.rows.length > 0 && (
        <>
          <Card
            title={`${t(`seg.metric.${data.metric}` as MessageKey)} · ${data.field}`}
            extra={
              <Typography.Text data-testid="seg-overall">
                {data.weighted
                  ? t('segWeight.overall', {
                      value: formatFigure(data.metric, data.overall.value),
                      n: data.overall.n,
                      neff: (data.overall.effectiveN ?? 0).toFixed(1),
                    })
                  : t('seg.overall', {
                      value: formatFigure(data.metric, data.overall.value),
                      n: data.overall.n,
                    })}
              </Typography.Text>
            }
          >
            <Table<Row>
              rowKey="segment"
              size="small"
              pagination={false}
              scroll={phone ? undefined : { x: 'max-content' }}
              dataSource={data.rows}
              data-testid="seg-table"
              columns={phone ? phoneColumns : wideColumns}
            />
            <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
              {t('seg.method')} †{' '}
              {t(data.weighted ? 'segWeight.lowConfidence' : 'seg.lowConfidence')}
            </Typography.Paragraph>
          </Card>
          <Card title={t('seg.chartTitle')}>
            <SegmentScoreChart metric={data.metric} rows={data.rows} />
          </Card>
          <Card title={t('seg.heatTitle')}>
            <SegmentHeatMap metric={data.metric} heatMap={data.heatMap} />
          </Card>
        </>
      )}
    </Space>
  )
}
