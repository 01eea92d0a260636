import { useQuery } from '@tanstack/react-query'
import { Alert, Card, Col, Row, Space, Table, Tag, Typography } from 'antd'
import { useState } from 'react'
import { Link, useParams } from 'react-router'
import { fetchDistributions, fetchSurvey, type Distribution } from '../api/endpoints'
import { localizedText } from '../components/localized-text'
import { useI18n } from '../i18n/i18n'
import { DistributionDetail, SendButton } from './distribution/distribution-detail'
import { ContactListCard } from './distribution/contact-list-card'
import { NewDistributionCard } from './distribution/new-distribution-card'

/** Invitations for one survey: contact lists, e-mail/webhook distributions, their funnels and delivery status. */
export function DistributionPage() {
  const { id = '' } = useParams()
  const { t, locale } = useI18n()
  const survey = useQuery({ queryKey: ['survey', id], queryFn: () => fetchSurvey(id) })
  const distributions = useQuery({
    queryKey: ['distributions', id],
    queryFn: () => fetchDistributions(id),
    refetchInterval: 5000,
  })
  const [selected, setSelected] = useState<string | null>(null)
  const current = distributions.data?.find((d) => d.id === selected) ?? distributions.data?.[0]
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('distribution')} ·{' '}
        <Link to={`/surveys/${id}`}>
          {survey.data ? localizedText(survey.data.title, locale) : ''}
        </Link>
      </Typography.Title>
      {survey.data && survey.data.status !== 'published' && (
        <Alert type="info" showIcon title={t('publishBeforeSending')} />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <ContactListCard />
        </Col>
        <Col xs={24} lg={14}>
          <NewDistributionCard surveyId={id} />
        </Col>
      </Row>
      <Card size="small" title={t('distributions')}>
        <Table<Distribution>
          size="small"
          rowKey="id"
          loading={distributions.isPending}
          dataSource={distributions.data ?? []}
          pagination={false}
          onRow={(d) => ({ onClick: () => setSelected(d.id), style: { cursor: 'pointer' } })}
          rowClassName={(d) => (d.id === current?.id ? 'ant-table-row-selected' : '')}
          columns={[
            { title: t('name'), dataIndex: 'name' },
            {
              title: t('channel'),
              dataIndex: 'channel',
              render: (c: string, d) =>
                c === 'email'
                  ? t('channelEmail')
                  : `${t('channelWebhook')} (${d.webhook?.channelName})`,
            },
            {
              title: t('status'),
              dataIndex: 'status',
              render: (s: string) => (
                <Tag data-testid="distribution-status">
                  {t(`distributionStatus.${s}` as 'distributionStatus.draft')}
                </Tag>
              ),
            },
            { title: t('funnelSent'), render: (_, d) => `${d.funnel.sent} / ${d.funnel.invited}` },
            {
              title: t('funnelCompleted'),
              render: (_, d) => <span data-testid="funnel-completed">{d.funnel.completed}</span>,
            },
            {
              title: t('actions'),
              render: (_, d) => (d.status === 'draft' ? <SendButton distribution={d} /> : null),
            },
          ]}
        />
      </Card>
      {current && <DistributionDetail distribution={current} />}
    </Space>
  )
}
