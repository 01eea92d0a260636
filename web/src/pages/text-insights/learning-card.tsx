import { useQuery } from '@tanstack/react-query'
import { Card, Col, Row, Statistic, Typography } from 'antd'
import { useOrgTime } from '../../components/org-time'
import { useI18n } from '../../i18n/i18n'
import { fetchSentimentLearning } from './corrections-api'

/** What the organisation's corrections taught its model: accuracy before and after (cross-validated). */
export function LearningCard() {
  const { t } = useI18n()
  const time = useOrgTime()
  const learning = useQuery({ queryKey: ['text-learning'], queryFn: fetchSentimentLearning })
  const l = learning.data
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`
  return (
    <Card size="small" title={t('textLearning.title')} data-testid="text-learning">
      <Row gutter={[16, 8]}>
        <Col xs={24} sm={8}>
          <Statistic title={t('textLearning.corrections')} value={l?.corrections ?? 0} />
        </Col>
        {l?.model && (
          <>
            <Col xs={12} sm={8}>
              <Statistic
                title={t('textLearning.before')}
                value={pct(l.model.accuracyBefore)}
                data-testid="learning-before"
              />
            </Col>
            <Col xs={12} sm={8}>
              <Statistic
                title={t('textLearning.after')}
                value={pct(l.model.accuracyAfter)}
                data-testid="learning-after"
              />
            </Col>
          </>
        )}
      </Row>
      <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
        {l?.model
          ? `${t('textLearning.trainedAt', { time: time.dateTime(l.model.trainedAt), n: l.model.corrections })} ${t('textLearning.how', { folds: l.model.folds })}`
          : t('textLearning.none', { minimum: l?.minimum ?? 10 })}
        {l?.pending ? ` ${t('textLearning.pending')}` : ''}
      </Typography.Paragraph>
    </Card>
  )
}
