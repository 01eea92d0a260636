import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Button, Select, Space, Tag, Typography, message } from 'antd'
import { useRef, useState } from 'react'
import type { Feedback } from '../../../../src/feedback/feedback.schema'
import { api } from '../../api/client'
import { fetchTextConfig } from '../../api/endpoints'
import { localizedText } from '../../components/localized-text'
import { usePageWords } from '../../i18n/page-words'
import { correctText, type Sentiment } from '../text-insights/corrections-api'
import { SENTIMENT_COLOR } from '../text-insights/sentiment-colour'

const SENTIMENTS: Sentiment[] = ['positive', 'neutral', 'negative']

const zh = {
  'caseText.read': '读出的情感与话题',
  'caseText.notAnalysed': '分析中',
  'caseText.noTopic': '无话题',
}
const en: Record<keyof typeof zh, string> = {
  'caseText.read': 'Sentiment and topics read',
  'caseText.notAnalysed': 'Being analysed',
  'caseText.noTopic': 'No topic',
}

/**
 * On the case page: the sentiment and topics read from the customer's comment, and, for those who
 * work cases, the same one-click correction as on the text insights page (the organisation's
 * models learn from it in the background).
 */
export function CaseTextCorrection({
  feedbackId,
  canCorrect,
}: {
  feedbackId: string
  canCorrect: boolean
}) {
  const { t, locale, errorText } = usePageWords(zh, en)
  const queryClient = useQueryClient()
  const [corrected, setCorrected] = useState<{ sentiment?: Sentiment; topics?: string[] }>({})
  const lastRead = useRef<Feedback['analysis']>(null)
  const feedback = useQuery({
    queryKey: ['feedback', feedbackId],
    queryFn: () => api<Feedback>('GET', `/feedback/${encodeURIComponent(feedbackId)}`),
  })
  const taxonomy = useQuery({ queryKey: ['text-config'], queryFn: fetchTextConfig })
  const labelOf = (key: string) => {
    const topic = taxonomy.data?.topics.find((x) => x.key === key)
    return topic ? localizedText(topic.label, locale) : key
  }
  const correct = useMutation({
    mutationFn: (body: { sentiment?: Sentiment; topics?: string[] }) =>
      correctText(feedbackId, body),
    onSuccess: (saved) => {
      // Shown as corrected at once; the stored analysis follows at the next analysis run.
      setCorrected({
        sentiment: (saved.sentiment as Sentiment | null) ?? undefined,
        topics: saved.topics ?? undefined,
      })
      void message.success(t('textLearning.saved'))
      void queryClient.invalidateQueries({ queryKey: ['feedback', feedbackId] })
      void queryClient.invalidateQueries({ queryKey: ['text-learning'] })
    },
    onError: (error) => void message.error(errorText(error)),
  })
  // A correction has the comment analysed again (its stored analysis is empty until then): the
  // last analysis read stands meanwhile, with the correction over it.
  if (feedback.data?.analysis) lastRead.current = feedback.data.analysis
  const stored = feedback.data?.analysis ?? lastRead.current
  if (!feedback.data) return null
  const analysis = stored
    ? {
        sentiment: corrected.sentiment ?? stored.sentiment,
        topics: corrected.topics ?? stored.topics,
      }
    : null
  return (
    <Space orientation="vertical" size={4} style={{ marginTop: 8 }} data-testid="case-text">
      <Space wrap size={4}>
        <Typography.Text type="secondary">{t('caseText.read')}</Typography.Text>
        {analysis?.sentiment ? (
          <Tag color={SENTIMENT_COLOR[analysis.sentiment]} data-testid="case-sentiment">
            {t(`sentiment.${analysis.sentiment}` as 'sentiment.positive')}
          </Tag>
        ) : (
          <Tag>{t('caseText.notAnalysed')}</Tag>
        )}
        {analysis && analysis.topics.length === 0 && <Tag>{t('caseText.noTopic')}</Tag>}
        {analysis?.topics.map((topic) => (
          <Tag key={topic} data-testid="case-topic">
            {labelOf(topic)}
          </Tag>
        ))}
      </Space>
      {canCorrect && (
        <Space wrap size={4} data-testid="case-correct">
          <Typography.Text type="secondary">{t('textLearning.correctTo')}</Typography.Text>
          {SENTIMENTS.filter((s) => s !== analysis?.sentiment).map((s) => (
            <Button
              key={s}
              size="small"
              loading={correct.isPending && correct.variables?.sentiment === s}
              onClick={() => correct.mutate({ sentiment: s })}
              data-testid={`case-correct-${s}`}
            >
              {t(`sentiment.${s}` as 'sentiment.positive')}
            </Button>
          ))}
          {(taxonomy.data?.topics.length ?? 0) > 0 && (
            <Select
              size="small"
              mode="multiple"
              style={{ minWidth: 200, maxWidth: '80vw' }}
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('textLearning.correctTopics')}
              aria-label={t('textLearning.correctTopics')}
              value={analysis?.topics ?? []}
              options={(taxonomy.data?.topics ?? []).map((x) => ({
                value: x.key,
                label: localizedText(x.label, locale),
              }))}
              onChange={(topics: string[]) => correct.mutate({ topics })}
              data-testid="case-correct-topics"
            />
          )}
        </Space>
      )}
    </Space>
  )
}
