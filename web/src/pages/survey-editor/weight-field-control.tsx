import { useQuery } from '@tanstack/react-query'
import { Alert, Form, Select, Typography } from 'antd'
import { useParams } from 'react-router'
import type { SurveyRollupRebuild } from '../../../../src/responses/rollup-rebuild-job.schema'
import { type Question, WEIGHT_QUESTION_TYPES } from '../../../../src/surveys/survey.schema'
import { api } from '../../api/client'
import { surveyWeightsEnUS } from '../../i18n/survey-weights.en-US'
import { surveyWeightsZhCN } from '../../i18n/survey-weights.zh-CN'
import { usePageWords } from '../../i18n/page-words'

type Job = NonNullable<SurveyRollupRebuild['job']>
type Words = ReturnType<typeof usePageWords<keyof typeof surveyWeightsZhCN>>

/** How often the editor looks at a rebuild still under way. */
const POLL_MS = 2_000

/**
 * The respondent weight (settings.weightField): one of the survey's hidden fields, with what
 * weighting does; on a saved survey, its latest weighted roll-up rebuild (queued when the field
 * changes) and its progress, looked at again while it is under way.
 */
export function WeightFieldControl() {
  const surveyId = useParams().id
  const words = usePageWords(surveyWeightsZhCN, surveyWeightsEnUS)
  const { t, locale } = words
  const rebuild = useQuery({
    queryKey: ['survey', surveyId, 'rollup-rebuild'],
    queryFn: () => api<SurveyRollupRebuild>('GET', `/surveys/${surveyId}/rollup-rebuild`),
    enabled: surveyId !== undefined,
    refetchInterval: (query) => {
      const status = query.state.data?.job?.status
      return status === 'queued' || status === 'running' ? POLL_MS : false
    },
  })
  return (
    <div style={{ maxWidth: 760 }} data-testid="weight-field-control">
      <Form.Item
        noStyle
        shouldUpdate={(a, b) =>
          a.settings?.hiddenFields !== b.settings?.hiddenFields || a.questions !== b.questions
        }
      >
        {({ getFieldValue }) => {
          const hidden = (getFieldValue(['settings', 'hiddenFields']) as string[] | undefined) ?? []
          const numeric = numericQuestions(getFieldValue('questions'), locale)
          const groups = [
            ...(hidden.length > 0
              ? [
                  {
                    label: t('weights.groupHidden'),
                    options: hidden.map((f) => ({ value: f, label: f })),
                  },
                ]
              : []),
            ...(numeric.length > 0
              ? [{ label: t('weights.groupQuestions'), options: numeric }]
              : []),
          ]
          return (
            <Form.Item
              label={t('weights.field')}
              name={['settings', 'weightField']}
              extra={groups.length === 0 ? t('weights.noHiddenFields') : undefined}
            >
              <Select
                allowClear
                style={{ width: 260, maxWidth: '100%' }}
                placeholder={t('weights.none')}
                options={groups}
                data-testid="weight-field"
              />
            </Form.Item>
          )
        }}
      </Form.Item>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }} data-testid="weight-explain">
        {t('weights.explain')}
      </Typography.Paragraph>
      {rebuild.data?.job && <RebuildStatus job={rebuild.data.job} words={words} />}
    </div>
  )
}

/**
 * The survey's questions whose answer can be a weight (WEIGHT_QUESTION_TYPES: sliders), as
 * choices labelled with their title and key; the server refuses any other question.
 */
function numericQuestions(questions: unknown, locale: string) {
  const list = Array.isArray(questions) ? (questions as Array<Partial<Question> | undefined>) : []
  return list.flatMap((q) =>
    q?.key && q.type && WEIGHT_QUESTION_TYPES.includes(q.type)
      ? [
          {
            value: q.key,
            label: `${(locale === 'en-US' && q.title?.['en-US']) || q.title?.['zh-CN'] || q.key} [${q.key}]`,
          },
        ]
      : [],
  )
}

function RebuildStatus({ job, words }: { job: Job; words: Words }) {
  const { t, locale } = words
  const field = job.weightField ?? ''
  const at = job.finishedAt ? new Date(job.finishedAt).toLocaleString(locale) : ''
  const text =
    job.status === 'queued'
      ? t(job.weightField ? 'weights.rebuild.queued' : 'weights.rebuild.queuedNone', { field })
      : job.status === 'running'
        ? job.total > 0
          ? t('weights.rebuild.running', { field, done: job.done, total: job.total })
          : t('weights.rebuild.runningNoCount', { field })
        : job.status === 'done'
          ? t(job.weightField ? 'weights.rebuild.done' : 'weights.rebuild.doneNone', {
              field,
              done: job.done,
              at,
            })
          : t('weights.rebuild.failed', { code: job.errorCode ?? '' })
  const type = job.status === 'failed' ? 'error' : job.status === 'done' ? 'success' : 'info'
  return (
    <Alert
      type={type}
      showIcon
      title={text}
      style={{ marginBottom: 12 }}
      data-testid="weight-rebuild-status"
      data-status={job.status}
    />
  )
}
