import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  Breadcrumb,
  Button,
  Card,
  Empty,
  InputNumber,
  message,
  Segmented,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd'
import dayjs from 'dayjs'
import { useState } from 'react'
import { Link, useNavigate, useSearchParams } from 'react-router'
import { fetchMe, fetchSurveys } from '../../api/endpoints'
import { localizedText } from '../../components/localized-text'
import { useOrgToday } from '../../components/org-today'
import { useSharedDateRange } from '../../components/shell/date-range'
import type { MessageKey } from '../../i18n/i18n'
import { leagueEnUS } from '../../i18n/league.en-US'
import { leagueZhCN } from '../../i18n/league.zh-CN'
import { usePageWords } from '../../i18n/page-words'
import {
  cascadeTarget,
  fetchLeague,
  fetchTargets,
  type League,
  type LeagueMetric,
  saveTarget,
  type TargetProgress,
} from './league-api'
import {
  complaintColour,
  countNoun,
  formatFigure,
  formatInterval,
  heatColour,
  isLowerBetter,
  LEAGUE_METRICS,
  monthDays,
  periodTypeOf,
  recentPeriods,
  targetStep,
} from './league-figures'
import { PlanColumnTitle, TargetPlanButton } from '../plans/more-findings'
import './league.css'
import { UnweightedLeagueNote } from './unweighted-league-note'
import { unitNameIn } from '../units/unit-name'

type Row = League['rows'][number]
type PeriodType = 'month' | 'quarter' | 'year'

/** The metrics a weighted survey's roll-up keeps (responses WEIGHTED_ROLLUP_METRICS). */
const WEIGHTED_LEAGUE_METRICS: readonly LeagueMetric[] = [
  'nps',
  'csat',
  'ces',
  'csm',
  'servqual',
  'servqual_tangibles',
  'servqual_reliability',
  'servqual_responsiveness',
  'servqual_assurance',
  'servqual_empathy',
]

/**
 * League tables of units and their targets: the children of a unit (or the top-level units)
 * ranked on NPS, CSAT, CES, CSM or the SERVQUAL gap for a month, quarter or year — raw and shrunk
 * side by side, with n, 95% intervals, the test against their siblings and the complaints — a
 * unit × month heat map of the metric or of complaints whose cells open that unit's dashboard for
 * that month (the shared date range set to the month), and the targets of the period with their
 * chance of being met.
 * Unit, metric and period are in the address (?parent=…&metric=…&period=…).
 */
export function LeaguePage() {
  const { t, locale, errorText } = usePageWords(leagueZhCN, leagueEnUS)
  const today = useOrgToday()
  const queryClient = useQueryClient()
  const navigate = useNavigate()
  const me = useQuery({ queryKey: ['me'], queryFn: fetchMe, retry: false })
  const mayWriteTargets = me.data?.permissions.includes('targets:write') ?? false
  const [params, setParams] = useSearchParams()
  const parentId = params.get('parent') ?? undefined
  const metric = (params.get('metric') as LeagueMetric | null) ?? 'nps'
  const period = params.get('period') ?? today.format('YYYY-MM')
  const tab = params.get('tab') ?? 'table'
  const surveys = useQuery({ queryKey: ['surveys'], queryFn: fetchSurveys })
  /** Surveys with a respondent weight; their league and targets are weighted (answers' metrics only). */
  const weightedSurveys = (surveys.data ?? []).filter((s) => s.settings.weightField)
  const isAnswerMetric = WEIGHTED_LEAGUE_METRICS.includes(metric)
  const surveyId =
    isAnswerMetric && weightedSurveys.some((s) => s.id === params.get('survey'))
      ? (params.get('survey') ?? undefined)
      : undefined
  const [minN, setMinN] = useState(30)
  const [targetValue, setTargetValue] = useState<number | null>(null)
  const [cascadeMode, setCascadeMode] = useState<'same' | 'weighted'>('same')
  const [heatShows, setHeatShows] = useState<'metric' | 'complaints'>('metric')
  const [, setRange] = useSharedDateRange()
  /** A heat-map cell: the unit's dashboard over that month. */
  const openMonth = (unitId: string, month: string) => {
    const [first, last] = monthDays(month)
    setRange([dayjs(first), dayjs(last)])
    navigate(`/home?unit=${encodeURIComponent(unitId)}`)
  }
  const set = (next: Record<string, string | undefined>) => {
    const merged = new URLSearchParams(params)
    for (const [k, v] of Object.entries(next)) v === undefined ? merged.delete(k) : merged.set(k, v)
    setParams(merged)
  }
  const league = useQuery({
    queryKey: ['league', parentId, metric, period, minN, surveyId],
    queryFn: () => fetchLeague({ parentId, metric, period, minN, surveyId }),
    placeholderData: keepPreviousData,
  })
  const targets = useQuery({
    queryKey: ['targets', period, metric, surveyId],
    queryFn: () => fetchTargets({ period, metric, surveyId }),
  })
  const data = league.data
  const mostComplaints = Math.max(
    0,
    ...(data?.heatMap ?? []).flatMap((line) => line.cells.map((c) => c.complaints)),
  )
  const name = (u: { nameZh: string; nameEn: string | null }) => unitNameIn(u, locale)
  const periodLabel = (p: string) => {
    const type = periodTypeOf(p)
    return t(`league.periodLabel.${type}` as MessageKey, {
      year: p.slice(0, 4),
      month: type === 'month' ? String(Number(p.slice(5, 7))) : '',
      q: type === 'quarter' ? p.slice(6) : '',
    })
  }
  const periodType = periodTypeOf(period)
  const periods = recentPeriods(periodType, today.year(), today.month() + 1)
  if (!periods.includes(period)) periods.unshift(period)

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['targets'] })
    void queryClient.invalidateQueries({ queryKey: ['league'] })
  }
  const save = useMutation({
    mutationFn: () => saveTarget({ unitId: parentId!, metric, period, value: targetValue! }),
    onSuccess: () => {
      refresh()
      message.success(t('target.saved'))
    },
    onError: (e) => message.error(errorText(e)),
  })
  const cascade = useMutation({
    mutationFn: async () => {
      const saved = await saveTarget({ unitId: parentId!, metric, period, value: targetValue! })
      return cascadeTarget(saved.id, cascadeMode)
    },
    onSuccess: (r) => {
      refresh()
      message.success(t('target.cascaded', { count: r.targets.length - 1 }))
    },
    onError: (e) => message.error(errorText(e)),
  })

  const verdict = (row: Row) => {
    if (row.belowMinimum) return <Tag>{t('league.belowMinimum')}</Tag>
    if (!row.versusRest) return <Tag>{t('league.untested')}</Tag>
    if (row.versusRest.verdict === 'better') return <Tag color="green">{t('league.better')}</Tag>
    if (row.versusRest.verdict === 'worse') return <Tag color="red">{t('league.worse')}</Tag>
    return <Tag>{t('league.same')}</Tag>
  }
  const figure = (value: number | null, ci: [number, number] | null) => (
    <span className="league-figure">
      {formatFigure(metric, value)}
      {ci && <small>{formatInterval(metric, ci)}</small>}
    </span>
  )

  const parentTarget = targets.data?.targets.find((x) => x.unitId === parentId)
  const noun = countNoun(metric, periodType)
  const table = data && (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {data.parentFigure && data.parent && (
        <Typography.Text data-testid="league-parent-figure">
          {t('league.parentFigure', {
            unit: name(data.parent),
            value: formatFigure(metric, data.parentFigure.value),
            // A weighted figure's n is Kish's effective n, a real number.
            count: data.weighted
              ? t('league.effectiveN', { n: data.parentFigure.n.toFixed(1) })
              : t(`league.count.${noun}` as MessageKey, { n: data.parentFigure.n }),
          })}
        </Typography.Text>
      )}
      {data.rows.length === 0 ? (
        <Empty description={t('league.noRows')} />
      ) : (
        <>
          <Typography.Paragraph type="secondary">
            {data.shrinkageApplied
              ? t('league.shrinkNote', { mean: formatFigure(metric, data.grandMean) })
              : t('league.noShrinkNote')}
            {isLowerBetter(metric) && ` ${t('league.lowerIsBetter')}`}
          </Typography.Paragraph>
          {data.weighted && (
            <Alert
              type="info"
              showIcon
              data-testid="league-weighted-note"
              title={t('league.weightedNote', { field: data.weighted.weightField })}
            />
          )}
          {!data.weighted && isAnswerMetric && (
            <UnweightedLeagueNote surveys={weightedSurveys.length} of="league" />
          )}
          <Table<Row>
            rowKey="unitId"
            size="small"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={data.rows}
            data-testid="league-table"
            columns={[
              { title: t('league.rank'), dataIndex: 'rank', width: 64, render: (r) => r ?? '–' },
              {
                title: t('league.unit'),
                dataIndex: 'nameZh',
                render: (_: string, r) =>
                  r.hasChildren ? (
                    <Button
                      type="link"
                      size="small"
                      style={{ padding: 0 }}
                      onClick={() => set({ parent: r.unitId })}
                      data-testid={`league-drill-${r.code}`}
                    >
                      {name(r)}
                    </Button>
                  ) : (
                    <span data-testid={`league-unit-${r.code}`}>{name(r)}</span>
                  ),
              },
              {
                title: data.weighted
                  ? t('league.n.effective')
                  : t(`league.n.${noun}` as MessageKey),
                dataIndex: 'n',
                align: 'right',
                render: (n: number, r) =>
                  r.weighting ? (
                    <span className="league-figure" data-testid={`league-neff-${r.code}`}>
                      {t('league.effectiveN', { n: r.weighting.effectiveN.toFixed(1) })}
                      <small>
                        {t('league.weightedAnswers', {
                          answers: r.weighting.answers,
                          unweighted: r.weighting.unweighted,
                        })}
                      </small>
                    </span>
                  ) : (
                    n
                  ),
              },
              {
                title: t('league.raw'),
                key: 'raw',
                render: (_, r) => figure(r.raw, r.rawCi95),
              },
              {
                title: t('league.shrunk'),
                key: 'shrunk',
                render: (_, r) => figure(r.shrunk, r.shrunkCi95),
              },
              { title: t('league.vsRest'), key: 'vs', render: (_, r) => verdict(r) },
              {
                title: t('league.complaints'),
                dataIndex: 'complaints',
                align: 'right',
                render: (v: number, r) => (
                  <span data-testid={`league-complaints-${r.code}`}>{v}</span>
                ),
              },
              {
                title: t('league.target'),
                dataIndex: 'target',
                render: (v: number | null) => formatFigure(metric, v),
              },
              {
                title: t('league.dashboard'),
                key: 'dashboard',
                render: (_, r) => (
                  <Link
                    to={`/home?unit=${encodeURIComponent(r.unitId)}`}
                    data-testid={`league-dashboard-${r.code}`}
                  >
                    {t('league.dashboard')}
                  </Link>
                ),
              },
            ]}
          />
          <Typography.Title level={5}>{t('league.heatTitle')}</Typography.Title>
          <Space wrap>
            <Typography.Text type="secondary">{t('league.heatHint')}</Typography.Text>
            <Segmented
              aria-label={t('league.heatShows')}
              value={heatShows}
              onChange={(v) => setHeatShows(v as 'metric' | 'complaints')}
              options={(['metric', 'complaints'] as const).map((v) => ({
                value: v,
                label: t(`league.heatShows.${v}` as MessageKey),
              }))}
              data-testid="league-heat-shows"
            />
          </Space>
          <div style={{ overflowX: 'auto' }} data-testid="league-heat-map">
            <table className="league-heat-map">
              <thead>
                <tr>
                  <th scope="col">{t('league.unit')}</th>
                  {data.months.map((m) => (
                    <th scope="col" key={m}>
                      {periodLabel(m)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {data.heatMap.map((line) => {
                  const row = data.rows.find((r) => r.unitId === line.unitId)!
                  return (
                    <tr key={line.unitId}>
                      <th scope="row">{name(row)}</th>
                      {line.cells.map((cell, i) => {
                        const month = data.months[i]!
                        const isComplaints = heatShows === 'complaints'
                        const isShown = isComplaints ? cell.complaints > 0 : cell.value !== null
                        return (
                          <td
                            key={month}
                            style={{
                              background: !isShown
                                ? undefined
                                : isComplaints
                                  ? complaintColour(cell.complaints, mostComplaints)
                                  : heatColour(metric, cell.value!),
                            }}
                          >
                            {isShown && (
                              <button
                                type="button"
                                onClick={() => openMonth(line.unitId, month)}
                                data-testid={`heat-${row.code}-${month}`}
                              >
                                {isComplaints
                                  ? String(cell.complaints)
                                  : `${formatFigure(metric, cell.value)} (${cell.n})`}
                              </button>
                            )}
                          </td>
                        )
                      })}
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Space>
  )

  const targetRows = (targets.data?.targets ?? []).filter(
    (x) => x.unitId === parentId || data?.rows.some((r) => r.unitId === x.unitId),
  )
  const targetPanel = (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {parentId && data?.parent && !mayWriteTargets ? (
        <Typography.Text type="secondary" data-testid="target-read-only">
          {t('target.readOnly')}
        </Typography.Text>
      ) : parentId && data?.parent ? (
        <Space wrap align="end">
          <div>
            <div>{t('target.setFor', { unit: name(data.parent) })}</div>
            <InputNumber
              aria-label={t('target.value')}
              value={targetValue ?? parentTarget?.value ?? null}
              onChange={(v) => setTargetValue(v)}
              step={targetStep(metric)}
              data-testid="target-value"
            />
          </div>
          <Button
            onClick={() => save.mutate()}
            disabled={targetValue === null}
            loading={save.isPending}
            data-testid="target-save"
          >
            {t('target.save')}
          </Button>
          <Select
            value={cascadeMode}
            onChange={setCascadeMode}
            style={{ width: 200 }}
            aria-label={t('target.cascade')}
            options={[
              { value: 'same', label: t('target.cascadeSame') },
              { value: 'weighted', label: t('target.cascadeWeighted') },
            ]}
            data-testid="target-cascade-mode"
          />
          <Button
            type="primary"
            onClick={() => cascade.mutate()}
            disabled={targetValue === null}
            loading={cascade.isPending}
            data-testid="target-cascade"
          >
            {t('target.cascade')}
          </Button>
        </Space>
      ) : (
        <Typography.Text type="secondary">{t('target.pickUnit')}</Typography.Text>
      )}
      {!surveyId && isAnswerMetric && targetRows.length > 0 && (
        <UnweightedLeagueNote surveys={weightedSurveys.length} of="targets" />
      )}
      {targetRows.length === 0 ? (
        <Empty description={t('target.none')} />
      ) : (
        <Table<TargetProgress>
          rowKey="id"
          size="small"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={targetRows}
          data-testid="target-table"
          columns={[
            {
              title: t('league.unit'),
              key: 'unit',
              render: (_, r) => (
                <span data-testid={`target-unit-${r.unitCode}`}>
                  {locale === 'en-US' && r.unitNameEn ? r.unitNameEn : r.unitNameZh}
                </span>
              ),
            },
            {
              title: t('target.value'),
              dataIndex: 'value',
              render: (v: number, r) => (
                <span data-testid={`target-value-${r.unitCode}`}>{formatFigure(metric, v)}</span>
              ),
            },
            {
              title: t('target.current'),
              key: 'current',
              render: (_, r) =>
                r.current === null
                  ? t('target.noData')
                  : r.weightedBy
                    ? `${formatFigure(metric, r.current)} (${t('league.effectiveN', { n: r.n.toFixed(1) })})`
                    : `${formatFigure(metric, r.current)} (${r.n})`,
            },
            {
              title: t('target.gap'),
              dataIndex: 'gap',
              render: (g: number | null) =>
                g === null
                  ? '–'
                  : `${g > 0 ? '+' : g < 0 ? '−' : '±'}${formatFigure(metric, Math.abs(g))}`,
            },
            {
              title: t('target.probability'),
              key: 'p',
              render: (_, r) =>
                r.probability === null ? (
                  '–'
                ) : (
                  <Space size={4}>
                    <span>{`${Math.round(r.probability * 100)}%`}</span>
                    {r.offTrack ? (
                      <Tag color="red">{t('target.offTrack')}</Tag>
                    ) : (
                      <Tag color="green">{t('target.onTrack')}</Tag>
                    )}
                  </Space>
                ),
            },
            {
              title: t('target.origin'),
              dataIndex: 'origin',
              render: (o: string) => t(`target.origin.${o}` as MessageKey),
            },
            {
              title: <PlanColumnTitle />,
              key: 'plan',
              render: (_, r) =>
                r.offTrack ? (
                  <TargetPlanButton
                    row={r}
                    unitName={locale === 'en-US' && r.unitNameEn ? r.unitNameEn : r.unitNameZh}
                    metricName={t(`league.metric.${metric}` as MessageKey)}
                  />
                ) : null,
            },
          ]}
        />
      )}
    </Space>
  )

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={t('league.title')}>
        <Typography.Paragraph type="secondary">{t('league.intro')}</Typography.Paragraph>
        <Space wrap align="end">
          <div style={{ maxWidth: '100%', overflowX: 'auto' }}>
            <div>{t('league.metric')}</div>
            <Select
              value={metric}
              onChange={(m: string) => set({ metric: m })}
              options={LEAGUE_METRICS.map((m) => ({
                value: m,
                label: t(`league.metric.${m}` as MessageKey),
              }))}
              style={{ width: 280, maxWidth: '100%' }}
              popupMatchSelectWidth={false}
              data-testid="league-metric"
            />
          </div>
          <div>
            <div>{t('league.period')}</div>
            <Space wrap>
              <Segmented
                value={periodType}
                onChange={(type) =>
                  set({
                    period: recentPeriods(type as PeriodType, today.year(), today.month() + 1)[0],
                  })
                }
                options={(['month', 'quarter', 'year'] as const).map((type) => ({
                  value: type,
                  label: t(`target.periodType.${type}` as MessageKey),
                }))}
                data-testid="league-period-type"
              />
              <Select
                value={period}
                style={{ width: 150 }}
                aria-label={t('league.period')}
                onChange={(p) => set({ period: p })}
                options={periods.map((p) => ({ value: p, label: periodLabel(p) }))}
                data-testid="league-period"
              />
            </Space>
          </div>
          {isAnswerMetric && weightedSurveys.length > 0 && (
            <div>
              <div>{t('league.weighting')}</div>
              <Select
                value={surveyId ?? ''}
                onChange={(v: string) => set({ survey: v || undefined })}
                options={[
                  { value: '', label: t('league.unweightedAll') },
                  ...weightedSurveys.map((s) => ({
                    value: s.id,
                    label: localizedText(s.title, locale),
                  })),
                ]}
                style={{ width: 260, maxWidth: '100%' }}
                popupMatchSelectWidth={false}
                aria-label={t('league.weighting')}
                data-testid="league-weighting"
              />
            </div>
          )}
          <div>
            <div>{t('league.minN')}</div>
            <InputNumber
              min={1}
              max={10000}
              value={minN}
              aria-label={t('league.minN')}
              onChange={(v) => v && setMinN(v)}
              style={{ width: 96 }}
            />
          </div>
        </Space>
      </Card>
      {league.isError && <Alert type="error" showIcon title={errorText(league.error)} />}
      {data && (
        <Card
          title={
            <Breadcrumb
              data-testid="league-path"
              items={[
                {
                  title: (
                    <Button
                      type="link"
                      size="small"
                      style={{ padding: 0 }}
                      onClick={() => set({ parent: undefined })}
                    >
                      {t('league.top')}
                    </Button>
                  ),
                },
                ...data.path.map((p) => ({
                  title: (
                    <Button
                      type="link"
                      size="small"
                      style={{ padding: 0 }}
                      onClick={() => set({ parent: p.id })}
                    >
                      {name(p)}
                    </Button>
                  ),
                })),
              ]}
            />
          }
        >
          <Tabs
            activeKey={tab}
            onChange={(k) => set({ tab: k })}
            items={[
              { key: 'table', label: t('league.tab.table'), children: table },
              {
                key: 'targets',
                label: t('target.title', { period: periodLabel(period) }),
                children: targetPanel,
              },
            ]}
          />
        </Card>
      )}
    </Space>
  )
}
