import { useQuery } from '@tanstack/react-query'
import { Alert, Card, Col, Empty, List, Row, Space, Statistic, Tag, Typography } from 'antd'
import { Link } from 'react-router'
import { fetchCasePage } from '../../api/case-list-api'
import { caseTitleText } from '../../components/case-title'
import { useOrgTime } from '../../components/org-time'
import { SlaCountdown } from '../../components/sla-countdown'
import { useShellI18n } from '../../components/shell/shell-i18n'

const deadlineOf = (c: { nextDeadline: string | null; resolutionDue: string }) =>
  Date.parse(c.nextDeadline ?? c.resolutionDue)

/**
 * The agent's home: their open cases, the most urgent deadline first, with how many have
 * breached or are about to.
 */
export function MyCasesPage() {
  const { t, errorText } = useShellI18n()
  const time = useOrgTime()
  const mine = useQuery({
    queryKey: ['cases', 'mine-home'],
    queryFn: () => fetchCasePage({ view: 'mine', limit: '200' }),
  })
  const now = Date.now()
  const cases = [...(mine.data?.cases ?? [])].sort((a, b) => deadlineOf(a) - deadlineOf(b))
  const breached = cases.filter((c) => c.breached).length
  const atRisk = cases.filter(
    (c) => !c.breached && c.nextDeadline !== null && Date.parse(c.nextDeadline) - now < 3_600_000,
  ).length
  return (
    <Space
      orientation="vertical"
      size="middle"
      style={{ width: '100%' }}
      data-testid="home-my-cases"
    >
      <Card>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('myCases.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('myCases.subtitle')}</Typography.Text>
      </Card>
      {mine.isError && <Alert type="error" showIcon title={errorText(mine.error)} />}
      <Row gutter={[16, 16]}>
        <Col xs={8}>
          <Card size="small">
            <Statistic title={t('myCases.open')} value={mine.data?.total ?? 0} />
          </Card>
        </Col>
        <Col xs={8}>
          <Card size="small">
            <Statistic title={t('myCases.atRisk')} value={atRisk} />
          </Card>
        </Col>
        <Col xs={8}>
          <Card size="small">
            <Statistic title={t('myCases.breached')} value={breached} />
          </Card>
        </Col>
      </Row>
      <Card size="small" loading={mine.isPending}>
        <List
          dataSource={cases}
          locale={{
            emptyText: (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('myCases.empty')} />
            ),
          }}
          renderItem={(c) => (
            <List.Item
              data-testid="my-case"
              extra={<SlaCountdown deadline={c.nextDeadline} now={now} />}
            >
              <List.Item.Meta
                title={
                  <Link to={`/cases/${c.id}`}>
                    {c.number} · {caseTitleText(c, t)}
                  </Link>
                }
                description={
                  <Space wrap size={4}>
                    <Tag>{t(`caseStatus.${c.status}` as 'caseStatus.new')}</Tag>
                    <Tag>{t(`priority.${c.priority}` as 'priority.high')}</Tag>
                    <span>
                      {t('myCases.deadline')} {time.dateTime(c.nextDeadline ?? c.resolutionDue)}
                    </span>
                  </Space>
                }
              />
            </List.Item>
          )}
        />
      </Card>
    </Space>
  )
}
