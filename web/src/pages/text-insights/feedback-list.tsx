import { useQuery } from '@tanstack/react-query'
import { List, Space, Tag, Typography } from 'antd'
import { fetchFeedbackList } from '../../api/endpoints'
import { useOrgTime } from '../../components/org-time'
import { useI18n } from '../../i18n/i18n'

import { SENTIMENT_COLOR } from './sentiment-colour'

/** The comments behind a chart element, with their sentiment and topics. */
export function FeedbackList({
  params,
  labelOf,
}: {
  params: Record<string, string>
  labelOf: (key: string) => string
}) {
  const { t } = useI18n()
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
          </Space>
        </List.Item>
      )}
    />
  )
}
