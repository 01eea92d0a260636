import { useQuery } from '@tanstack/react-query'
import { Alert, Card, Col, Row, Statistic, Table, Typography } from 'antd'
import { fetchEffect, type TrainingEffect } from './training-api'
import type { TrainingWords } from './training-words'

type Cell = TrainingEffect['cells']['trainedBefore']

/** p-values as read: three decimals, or "< 0.001". */
const pText = (p: number) => (p < 0.001 ? '< 0.001' : p.toFixed(3))

/**
 * A session's effect on its outcome: the difference in differences with its 95% interval and
 * p-value (src/training/training-effect.service.ts), the four means behind it, and a verdict in
 * plain words.
 */
export function EffectCard({ sessionId, words }: { sessionId: string; words: TrainingWords }) {
  const { t, errorText } = words
  const effect = useQuery({
    queryKey: ['training-effect', sessionId],
    queryFn: () => fetchEffect(sessionId),
  })
  const e = effect.data
  if (effect.isError) return <Alert type="error" showIcon title={errorText(effect.error)} />
  if (!e) return <Card loading />
  const digits = e.outcome === 'nps' ? 1 : 2
  const cell = (c: Cell) =>
    c.mean === null ? '—' : t('tr.effect.cell', { mean: c.mean.toFixed(digits), n: c.n })
  const estimate = e.estimate === null ? '' : Math.abs(e.estimate).toFixed(digits)
  const type = e.verdict === 'improved' ? 'success' : e.verdict === 'worsened' ? 'warning' : 'info'
  return (
    <Card
      title={t('tr.effect', { outcome: t(`tr.outcome.${e.outcome}`), days: e.days })}
      data-testid="tr-effect"
    >
      <Alert
        type={type}
        showIcon
        title={t(`tr.verdict.${e.verdict}`, { estimate })}
        data-testid="tr-effect-verdict"
        style={{ marginBottom: 16 }}
      />
      {e.estimate !== null && (
        <Row gutter={[16, 16]}>
          <Col xs={24} md={12}>
            <Statistic
              title={t('tr.effect.estimate')}
              value={`${e.estimate >= 0 ? '+' : ''}${e.estimate.toFixed(digits)}`}
              data-testid="tr-effect-estimate"
            />
            {e.ci95 && (
              <Typography.Text type="secondary" data-testid="tr-effect-ci">
                {t('tr.effect.ci', {
                  low: e.ci95[0].toFixed(digits),
                  high: e.ci95[1].toFixed(digits),
                })}
              </Typography.Text>
            )}
          </Col>
          <Col xs={24} md={12}>
            <Statistic
              title={t('tr.effect.groups', {
                trained: e.trainedEmployees,
                comparison: e.comparisonEmployees,
              })}
              value={e.pValue === null ? '—' : t('tr.effect.p', { p: pText(e.pValue) })}
              data-testid="tr-effect-p"
            />
          </Col>
        </Row>
      )}
      <Table
        size="small"
        style={{ marginTop: 16 }}
        rowKey="key"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={[
          { key: 'trained', before: e.cells.trainedBefore, after: e.cells.trainedAfter },
          { key: 'comparison', before: e.cells.comparisonBefore, after: e.cells.comparisonAfter },
        ]}
        columns={[
          {
            title: t('tr.effect.group'),
            render: (_, r) => t(`tr.effect.${r.key as 'trained' | 'comparison'}`),
          },
          { title: t('tr.effect.before'), render: (_, r) => cell(r.before) },
          { title: t('tr.effect.after'), render: (_, r) => cell(r.after) },
        ]}
      />
    </Card>
  )
}
