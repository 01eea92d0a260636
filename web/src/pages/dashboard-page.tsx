import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Card, Segmented, Select, Space, Tag, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { Link, useParams, useSearchParams } from 'react-router'
import {
  closeSurvey,
  fetchQuestionAnalysis,
  fetchSegments,
  fetchSummary,
  fetchSurvey,
  publishSurvey,
} from '../api/endpoints'
import { wordFor } from '../charts/chart-words'
import { type CsiWeights, QuestionAnalysisView } from '../components/question-analysis-view'
import { localizedText } from '../components/localized-text'
import { ResponseFiles } from '../components/response-files'
import { SurveyShare } from '../components/survey-share'
import { DateRangeField, useSharedDateRange } from '../components/shell/date-range'
import { useI18n } from '../i18n/i18n'

import { SummaryView } from './dashboard/summary-view'
import { AnswerFilesCard } from './dashboard/answer-files-card'
import { type CrosstabChoice, CrosstabCard } from './dashboard/crosstab-card'
import { UnitFilter } from './dashboard/unit-filter'
import { DashboardPdfButton } from './dashboard/dashboard-pdf-button'

type Interval = 'day' | 'week' | 'month'

export function DashboardPage() {
  const { id } = useParams() as { id: string }
  const { t, locale, errorText } = useI18n()
  const queryClient = useQueryClient()
  const [range, setRange] = useSharedDateRange()
  const [interval, setInterval] = useState<Interval>('month')
  const [actionError, setActionError] = useState<string | null>(null)
  const [channel, setChannel] = useState<string | undefined>(undefined)
  const [knownChannels, setKnownChannels] = useState<string[]>([])
  const [segmentField, setSegmentField] = useState<string | undefined>(undefined)
  const [segmentValue, setSegmentValue] = useState<string | undefined>(undefined)
  const segments = useQuery({ queryKey: ['segments', id], queryFn: () => fetchSegments(id) })
  const survey = useQuery({ queryKey: ['survey', id], queryFn: () => fetchSurvey(id) })
  const segment = segmentField && segmentValue ? `${segmentField}:${segmentValue}` : undefined
  // The unit is in the address (?unit=), so a unit's dashboard can be linked to and reloaded.
  const [search, setSearch] = useSearchParams()
  const unit = search.get('unit') ?? undefined
  const setUnit = (next: string | undefined) =>
    setSearch(
      (previous) => {
        const params = new URLSearchParams(previous)
        if (next) params.set('unit', next)
        else params.delete('unit')
        return params
      },
      { replace: true },
    )
  const params = {
    from: range[0].format('YYYY-MM-DD'),
    to: range[1].format('YYYY-MM-DD'),
    interval,
    channel,
    segment,
    unit,
  }
  const summary = useQuery({
    queryKey: ['summary', id, params],
    queryFn: () => fetchSummary(id, params),
    placeholderData: keepPreviousData,
  })
  const pilot = survey.data?.settings.pilot === true
  const [csiWeights, setCsiWeights] = useState<CsiWeights | undefined>(undefined)
  const [crosstab, setCrosstab] = useState<CrosstabChoice | undefined>(undefined)
  const questionAnalysis = useQuery({
    queryKey: ['analysis', id, params, pilot, csiWeights],
    queryFn: () => fetchQuestionAnalysis(id, params, pilot, csiWeights),
    placeholderData: keepPreviousData,
    enabled: survey.data !== undefined,
  })
  // A joined string, so the effect runs when the set of channels changes, not on every render.
  const seenChannelKey = (summary.data?.channels.map((c) => c.segment) ?? []).join(',')
  useEffect(() => {
    const seen = seenChannelKey === '' ? [] : seenChannelKey.split(',')
    if (seen.some((c) => !knownChannels.includes(c)))
      setKnownChannels([...new Set([...knownChannels, ...seen])].sort())
  }, [seenChannelKey, knownChannels])

  const act = async (action: (id: string) => Promise<unknown>) => {
    setActionError(null)
    try {
      await action(id)
      await queryClient.invalidateQueries({ queryKey: ['survey', id] })
      await queryClient.invalidateQueries({ queryKey: ['surveys'] })
    } catch (e) {
      setActionError(errorText(e))
    }
  }

  if (survey.isError) return <Alert type="error" title={errorText(survey.error)} />
  const s = survey.data
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card loading={survey.isPending}>
        {s && (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
              <Typography.Title level={3} style={{ margin: 0 }} data-testid="survey-title">
                {localizedText(s.title, locale)}{' '}
                <Tag
                  color={
                    s.status === 'published' ? 'green' : s.status === 'closed' ? 'red' : 'default'
                  }
                >
                  {t(`status.${s.status}`)}
                </Tag>
              </Typography.Title>
              <Space>
                {s.status !== 'closed' && <Link to={`/surveys/${id}/edit`}>{t('edit')}</Link>}
                <Link to={`/surveys/${id}/distribution`} data-testid="open-distribution">
                  {t('distribution')}
                </Link>
                {s.status === 'draft' && (
                  <Button type="primary" onClick={() => act(publishSurvey)} data-testid="publish">
                    {t('publish')}
                  </Button>
                )}
                {s.status === 'published' && (
                  <Button danger onClick={() => act(closeSurvey)}>
                    {t('close')}
                  </Button>
                )}
              </Space>
            </Space>
            {actionError && <Alert type="error" title={actionError} showIcon />}
            {s.status === 'published' && <SurveyShare surveyId={id} publicUrl={s.publicUrl} />}
            <ResponseFiles surveyId={id} />
          </Space>
        )}
      </Card>
      <Card size="small">
        <Space wrap>
          <DateRangeField value={range} onChange={setRange} />
          <Typography.Text>{t('interval')}</Typography.Text>
          <Segmented<Interval>
            value={interval}
            onChange={setInterval}
            options={(['day', 'week', 'month'] as const).map((v) => ({
              value: v,
              label: t(`interval.${v}`),
            }))}
          />
          <Typography.Text>{t('channel')}</Typography.Text>
          <Select
            allowClear
            placeholder={t('allChannels')}
            style={{ width: 160 }}
            value={channel}
            onChange={(value) => setChannel(value)}
            options={knownChannels.map((c) => ({
              value: c,
              label: wordFor(t, 'responseChannel', c),
            }))}
            data-testid="channel-filter"
          />
          <UnitFilter surveyId={id} value={unit} onChange={setUnit} />
          {segments.data && Object.keys(segments.data).length > 0 && (
            <>
              <Typography.Text>{t('segment')}</Typography.Text>
              <Select
                allowClear
                placeholder={t('segmentField')}
                style={{ width: 120 }}
                value={segmentField}
                onChange={(value) => {
                  setSegmentField(value)
                  setSegmentValue(undefined)
                }}
                options={Object.keys(segments.data).map((f) => ({ value: f, label: f }))}
                data-testid="segment-field"
              />
              <Select
                allowClear
                showSearch
                disabled={!segmentField}
                placeholder={t('segmentValue')}
                style={{ width: 160 }}
                value={segmentValue}
                onChange={(value) => setSegmentValue(value)}
                options={(segmentField ? (segments.data[segmentField] ?? []) : []).map((v) => ({
                  value: v,
                  label: v,
                }))}
                data-testid="segment-value"
              />
            </>
          )}
          <DashboardPdfButton surveyId={id} params={params} crosstab={crosstab} />
        </Space>
      </Card>
      {summary.isError && <Alert type="error" title={errorText(summary.error)} />}
      {summary.data && <SummaryView summary={summary.data} />}
      {pilot && (
        <Alert
          type="info"
          showIcon
          title={t('pilotBanner', { n: questionAnalysis.data?.n ?? 0 })}
          data-testid="pilot-banner"
        />
      )}
      {s?.questions.some((q) => q.type === 'file_upload') && (
        <AnswerFilesCard surveyId={id} questions={s.questions} />
      )}
      {questionAnalysis.data && (
        <QuestionAnalysisView analysis={questionAnalysis.data} onCsiWeights={setCsiWeights} />
      )}
      <CrosstabCard surveyId={id} onShown={setCrosstab} />
    </Space>
  )
}
