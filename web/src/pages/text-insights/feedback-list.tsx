import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Button, List, Select, Space, Tag, Tooltip, Typography, message } from 'antd'
import { fetchMe } from '../../api/endpoints'
import { fetchFeedbackList } from '../../api/endpoints'
import { useOrgTime } from '../../components/org-time'
import { useI18n } from '../../i18n/i18n'

import { correctText, type Sentiment } from './corrections-api'
import { SENTIMENT_COLOR } from './sentiment-colour'

const SENTIMENTS: Sentiment[] = ['positive', 'neutral', 'negative']

/**
 * The comments behind a chart element, with their sentiment and topics; an agent corrects either
 * in one click (the organisation's model learns from it in the background).
 */
export function FeedbackList({
  params,
  labelOf,
  topicKeys = [],
}: {
  params: Record<string, string>
  labelOf: (key: string) => string
  /** The organisation's topic keys, offered when correcting topics. */
  topicKeys?: string[]
}) {
  const { t, errorText } = useI18n()
  const queryClient = useQueryClient()
  const me = useQuery({ queryKey: ['me'], queryFn: fetchMe })
  const canCorrect = me.data?.permissions.includes('cases:work') ?? false
  const correct = useMutation({
    mutationFn: (v: { id: string; sentiment?: Sentiment; topics?: string[] }) =>
      correctText(v.id, { sentiment: v.sentiment, topics: v.topics }),
    onSuccess: () => {
      void message.success(t('textLearning.saved'))
      void queryClient.invalidateQueries({ queryKey: ['feedback-list'] })
      void queryClient.invalidateQueries({ queryKey: ['text-learning'] })
    },
    onError: (error) => void message.error(errorText(error)),
  })
  // When each comment came, on the organisation's clock; the zone is named once, above the list.
  const time = useOrgTime()
  const list = useQuery({
    queryKey: ['feedback-list', params],
    queryFn: () => fetchFeedbackList({ ...params, limit: '200' }),
  })
  return (
    <List
      loading={list.isPending}
      dataSource={list.data ?? []}
      header={
        <Typography.Text type="secondary" data-testid="feedback-times-zone">
          {t('timesIn', { zone: time.label })}
        </Typography.Text>
      }
      data-testid="feedback-list"
      renderItem={(f) => (
        <List.Item>
          <Space orientation="vertical" size={2} style={{ width: '100%' }}>
            <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>
              {f.text}
            </Typography.Paragraph>
            <Space wrap size={4}>
              {f.sentiment && (
                <Tag color={SENTIMENT_COLOR[f.sentiment]}>
                  {t(`sentiment.${f.sentiment}` as 'sentiment.positive')}
                </Tag>
              )}
              {f.topics.map((topic) => (
                <Tag key={topic}>{labelOf(topic)}</Tag>
              ))}
              <Typography.Text type="secondary">
                {f.channel} · {time.dateTime(f.receivedAt)}
              </Typography.Text>
            </Space>
            {canCorrect && (
              <Space wrap size={4} data-testid="correct-sentiment">
                <Typography.Text type="secondary">{t('textLearning.correctTo')}</Typography.Text>
                {SENTIMENTS.filter((s) => s !== f.sentiment).map((s) => (
                  <Tooltip key={s} title={t('textLearning.correctTo')}>
                    <Button
                      size="small"
                      onClick={() => correct.mutate({ id: f.id, sentiment: s })}
                      data-testid={`correct-${s}`}
                    >
                      {t(`sentiment.${s}` as 'sentiment.positive')}
                    </Button>
                  </Tooltip>
                ))}
                {topicKeys.length > 0 && (
                  <Select
                    size="small"
                    mode="multiple"
                    style={{ minWidth: 180 }}
                    placeholder={t('textLearning.correctTopics')}
                    defaultValue={f.topics}
                    options={topicKeys.map((k) => ({ value: k, label: labelOf(k) }))}
                    onChange={(topics: string[]) => correct.mutate({ id: f.id, topics })}
                    data-testid="correct-topics"
                  />
                )}
              </Space>
            )}
          </Space>
        </List.Item>
      )}
    />
  )
}
