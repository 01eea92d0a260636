import { useQuery } from '@tanstack/react-query'
import { Card, Space, Statistic, Tag, Typography } from 'antd'
import { Link } from 'react-router'
import { api } from '../../api/client'
import { usePageWords } from '../../i18n/page-words'
import type { ChurnBand, CustomerChurnRisk } from '../../../../src/customers/churn.schema'
import { CHURN_RISK_EN, CHURN_RISK_ZH } from './churn-risk-words'

const fetchRisk = (id: string) =>
  api<CustomerChurnRisk>('GET', `/customers/${encodeURIComponent(id)}/churn-risk`)

const BAND_COLOR: Record<ChurnBand, string> = { high: 'red', medium: 'orange', low: 'green' }

/**
 * The customer's churn risk on their page: the score and its band, and the model behind it — when
 * it was trained and how well it did on a later window (AUC with its interval), so the number is
 * no black box. Without a score or a model, a sentence says why.
 */
export function ChurnRiskCard({ customerId }: { customerId: string }) {
  const { t, locale } = usePageWords(CHURN_RISK_ZH, CHURN_RISK_EN)
  const risk = useQuery({
    queryKey: ['customer-churn-risk', customerId],
    queryFn: () => fetchRisk(customerId),
  })
  if (!risk.data) return <Card title={t('risk.title')} loading={risk.isLoading} />
  const r = risk.data
  const model = r.model
  const reason = (code: string) =>
    code === 'not_enough_history' ? t('risk.reason.not_enough_history') : t('risk.noModel')
  return (
    <Card
      title={t('risk.title')}
      data-testid="churn-risk-card"
      extra={<Link to="/customers/churn">{t('risk.more')}</Link>}
    >
      {r.risk !== null && r.band !== null ? (
        <Space wrap size="large" style={{ marginBottom: 12 }}>
          <Statistic
            title={t('risk.score')}
            value={`${(r.risk * 100).toFixed(0)}%`}
            valueStyle={{ fontVariantNumeric: 'tabular-nums' }}
          />
          <Statistic
            title={t('risk.band')}
            valueRender={() => (
              <Tag color={BAND_COLOR[r.band!]} data-testid="churn-risk-band">
                {t(`risk.band.${r.band!}`)}
              </Tag>
            )}
          />
        </Space>
      ) : (
        <Typography.Paragraph type="secondary">
          {model ? t('risk.notScored') : t('risk.noModel')}
        </Typography.Paragraph>
      )}
      {model && model.auc !== null && model.aucCi95 !== null && (
        <Typography.Paragraph
          type="secondary"
          style={{ marginBottom: 0 }}
          data-testid="churn-model"
        >
          {t('risk.model', {
            date: new Date(model.trainedAt).toLocaleDateString(locale),
            auc: model.auc.toFixed(2),
            low: model.aucCi95[0].toFixed(2),
            high: model.aucCi95[1].toFixed(2),
          })}
        </Typography.Paragraph>
      )}
      {model && model.auc === null && model.reason && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('risk.noModelReason', { reason: reason(model.reason) })}
        </Typography.Paragraph>
      )}
    </Card>
  )
}
