import { useQuery } from '@tanstack/react-query'
import {
  Alert,
  Button,
  Card,
  Col,
  Drawer,
  Input,
  List,
  Row,
  Select,
  Space,
  Statistic,
  Tag,
  Typography,
} from 'antd'
import { useState } from 'react'
import { fetchAlerts, fetchTextConfig, fetchTextInsights } from '../api/endpoints'
import { Chart } from '../charts/chart'
import { localizedText } from '../components/localized-text'
import { DateRangeField, useSharedDateRange } from '../components/shell/date-range'
import { useI18n } from '../i18n/i18n'

import { TopicPlanButton } from './plans/more-findings'
import { SENTIMENT_COLOR } from './text-insights/sentiment-colour'
import { FeedbackList } from './text-insights/feedback-list'
import { LearningCard } from './text-insights/learning-card'
import { TryIt } from './text-insights/try-it'

/** What customers write about: sentiment, topics, keywords, emerging issues; every chart opens the comments behind it. */
export function TextInsightsPage() {
  const { t, locale } = useI18n()
  const [range, setRange] = useSharedDateRange()
  const from = range[0].format('YYYY-MM-DD')
  const to = range[1].format('YYYY-MM-DD')
  const [channel, setChannel] = useState<string | undefined>()
  const [store, setStore] = useState('')
  const insights = useQuery({
    queryKey: ['text-insights', from, to, channel, store],
    queryFn: () => fetchTextInsights(from, to, { channel, store: store.trim() || undefined }),
  })
  const alerts = useQuery({ queryKey: ['alerts'], queryFn: fetchAlerts })
  // An emerging-topic alert is worded from its figures in the reader's language; the stored title
  // (Chinese, for logs and exports) is the fallback for other kinds.
  const alertText = (a: { kind: string; title: string; detail: unknown }) => {
    const d = a.detail as {
      label?: Record<string, string>
      recentShare?: number
      baselineShare?: number
    } | null
    const topic = d?.label?.[locale]
    if (a.kind !== 'emerging_topic' || !topic || d?.recentShare === undefined) return a.title
    return t('emergingAlertShare', {
      topic,
      recent: (100 * d.recentShare).toFixed(1),
      baseline: (100 * (d.baselineShare ?? 0)).toFixed(1),
    })
  }
  const [drill, setDrill] = useState<{ title: string; params: Record<string, string> } | null>(null)
  const open = (title: string, params: Record<string, string>) =>
    setDrill({
      title,
      params: {
        from,
        to,
        ...(channel ? { channel } : {}),
        ...(store.trim() ? { store: store.trim() } : {}),
        ...params,
      },
    })
  const d = insights.data
  const taxonomy = useQuery({ queryKey: ['text-config'], queryFn: fetchTextConfig })
  const labelOf = (key: string) => {
    const topic = taxonomy.data?.topics.find((x) => x.key === key)
    return topic ? localizedText(topic.label, locale) : key
  }
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('textInsights')}
        </Typography.Title>
        <Space wrap>
          <Select
            allowClear
            placeholder={t('channel')}
            value={channel}
            onChange={setChannel}
            style={{ width: 140 }}
            data-testid="text-channel"
            options={['survey', 'web', 'api', 'hotline', 'social', 'email', 'note', 'store'].map(
              (c) => ({ value: c, label: c }),
            )}
          />
          <Input
            allowClear
            placeholder={t('storeFilter')}
            value={store}
            onChange={(e) => setStore(e.target.value)}
            style={{ width: 140 }}
          />
          <DateRangeField value={range} onChange={setRange} />
        </Space>
      </Space>
      {(alerts.data ?? []).slice(0, 3).map((a) => (
        <Alert
          key={a.id}
          type="warning"
          showIcon
          title={`${t('emergingAlert')} · ${alertText(a)}`}
          data-testid="alert"
        />
      ))}
      <Row gutter={[16, 16]}>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('comments')} value={d?.total ?? 0} />
          </Card>
        </Col>
        {(['positive', 'neutral', 'negative'] as const).map((s) => (
          <Col xs={12} md={6} key={s}>
            <Card
              size="small"
              hoverable
              onClick={() => open(t(`sentiment.${s}`), { sentiment: s })}
              data-testid={`sentiment-${s}`}
            >
              <Statistic
                title={t(`sentiment.${s}`)}
                value={d?.sentiment[s] ?? 0}
                styles={{ content: { color: SENTIMENT_COLOR[s] } }}
                suffix={
                  d && d.total > 0 ? (
                    <Typography.Text type="secondary" style={{ fontSize: 14 }}>
                      {((100 * d.sentiment[s]) / d.total).toFixed(0)}%
                    </Typography.Text>
                  ) : null
                }
              />
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('topicsBySentiment')}>
            <Chart
              testId="topic-chart"
              height={Math.max(240, (d?.topics.length ?? 0) * 28 + 60)}
              onClick={(name) => {
                const topic = d?.topics.find((x) => localizedText(x.label, locale) === name)
                if (topic) open(name, { topic: topic.key })
              }}
              option={{
                tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
                legend: { top: 0 },
                grid: { left: 8, right: 20, top: 30, bottom: 20, containLabel: true },
                xAxis: { type: 'value', minInterval: 1 },
                yAxis: {
                  type: 'category',
                  inverse: true,
                  data: d?.topics.map((x) => localizedText(x.label, locale)) ?? [],
                },
                series: (['positive', 'neutral', 'negative'] as const).map((s) => ({
                  name: t(`sentiment.${s}`),
                  type: 'bar',
                  stack: 'all',
                  itemStyle: { color: SENTIMENT_COLOR[s] },
                  data: d?.topics.map((x) => x[s]) ?? [],
                })),
              }}
            />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card
            size="small"
            title={t('wordCloud')}
            extra={
              d && d.keywordSample < d.total ? (
                <Typography.Text type="secondary" data-testid="keyword-sample">
                  {t('keywordSample', { n: d.keywordSample.toLocaleString() })}
                </Typography.Text>
              ) : null
            }
          >
            <Chart
              testId="word-cloud"
              height={300}
              onClick={(word) => open(word, { keyword: word })}
              option={
                {
                  tooltip: {},
                  series: [
                    {
                      type: 'wordCloud',
                      shape: 'circle',
                      sizeRange: [12, 44],
                      rotationRange: [0, 0],
                      gridSize: 6,
                      textStyle: {
                        fontFamily: 'sans-serif',
                        color: () =>
                          ['#1677ff', '#08979c', '#d46b08', '#531dab', '#389e0d'][
                            Math.floor(Math.random() * 5)
                          ]!,
                      },
                      data: d?.keywords.map((k) => ({ name: k.word, value: k.count })) ?? [],
                    },
                  ],
                } as never
              }
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('emergingTopics')}>
            <List
              size="small"
              dataSource={d?.emerging ?? []}
              locale={{ emptyText: t('noEmergingTopics') }}
              renderItem={(e) => (
                <List.Item
                  actions={[
                    <Button
                      key="v"
                      type="link"
                      onClick={() => open(localizedText(e.label, locale), { topic: e.topic })}
                    >
                      {t('view')}
                    </Button>,
                    <TopicPlanButton
                      key="p"
                      topic={{ ...e, label: localizedText(e.label, locale) }}
                      period={{ from, to }}
                    />,
                  ]}
                >
                  <Space>
                    <Tag color="volcano">{localizedText(e.label, locale)}</Tag>
                    {t('emergingShare', {
                      recent: (100 * e.recentShare).toFixed(1),
                      baseline: (100 * e.baselineShare).toFixed(1),
                    })}
                  </Space>
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('unmatchedClusters')}>
            <List
              size="small"
              dataSource={d?.unmatched ?? []}
              locale={{ emptyText: '—' }}
              renderItem={(c) => (
                <List.Item
                  actions={[
                    <Button
                      key="v"
                      type="link"
                      onClick={() => open(c.keyword, { keyword: c.keyword })}
                    >
                      {t('view')}
                    </Button>,
                  ]}
                >
                  <Space orientation="vertical" size={0}>
                    <Typography.Text strong>
                      {c.keyword} · {c.count}
                    </Typography.Text>
                    <Typography.Text type="secondary" ellipsis style={{ maxWidth: 420 }}>
                      {c.examples[0]}
                    </Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24}>
          <TryIt labelOf={labelOf} />
        </Col>
        <Col xs={24}>
          <LearningCard />
        </Col>
      </Row>
      <Drawer
        open={drill !== null}
        onClose={() => setDrill(null)}
        size="large"
        title={drill?.title}
      >
        {drill && (
          <FeedbackList
            params={drill.params}
            labelOf={labelOf}
            topicKeys={taxonomy.data?.topics.map((x) => x.key) ?? []}
          />
        )}
      </Drawer>
    </Space>
  )
}
