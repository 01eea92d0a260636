import { Card, Statistic, Tag, Tooltip, Typography } from 'antd'
import { MIN_INTERVAL_N } from '../../../src/analytics/interval-bounds'
import { useI18n } from '../i18n/i18n'

interface MetricCardProps {
  testId: string
  title: string
  value: number | null
  precision: number
  suffix?: string
  ci?: [number, number] | null
  n?: number
  lowConfidence?: boolean
  extra?: string
  /** Change since the previous period of the same length. */
  change?: { difference: number; isSignificant: boolean } | null
}

export function MetricCard({
  testId,
  title,
  value,
  precision,
  suffix,
  ci,
  n,
  lowConfidence,
  extra,
  change,
}: MetricCardProps) {
  const { t } = useI18n()
  return (
    <Card size="small" data-testid={testId}>
      {/* Rounded here: Statistic's precision cuts digits off instead of rounding (4.96 would show as 4.9). */}
      <Statistic
        title={title}
        value={value === null ? '—' : Number(value.toFixed(precision))}
        precision={value === null ? undefined : precision}
        suffix={value === null ? undefined : suffix}
      />
      {ci && (
        <Typography.Text type="secondary" data-testid={`${testId}-ci`}>
          {t('ci95', { lo: ci[0].toFixed(precision), hi: ci[1].toFixed(precision) })}
        </Typography.Text>
      )}
      {/* The server gives no interval below MIN_INTERVAL_N answers: say so rather than show nothing. */}
      {ci === null && n !== undefined && n > 0 && value !== null && (
        <Typography.Text type="secondary" data-testid={`${testId}-no-ci`}>
          {t('noIntervalBelow', { min: MIN_INTERVAL_N })}
        </Typography.Text>
      )}
      <div
        style={{ marginTop: 4, display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}
      >
        {n !== undefined && (
          <Typography.Text type="secondary" data-testid={`${testId}-n`}>
            {t('n', { n })}
          </Typography.Text>
        )}
        {extra && <Typography.Text type="secondary">{extra}</Typography.Text>}
        {change && (
          <Typography.Text
            type={
              change.isSignificant ? (change.difference > 0 ? 'success' : 'danger') : 'secondary'
            }
            data-testid={`${testId}-change`}
          >
            {t('vsPrevious', {
              arrow: change.difference > 0 ? '↑' : change.difference < 0 ? '↓' : '→',
              value: Math.abs(change.difference).toFixed(precision),
            })}
            {change.isSignificant ? t('significant') : t('notSignificant')}
          </Typography.Text>
        )}
        {lowConfidence && n !== undefined && n > 0 && (
          <Tooltip title={t('lowN')}>
            <Tag color="warning">{t('lowN')}</Tag>
          </Tooltip>
        )}
      </div>
    </Card>
  )
}
