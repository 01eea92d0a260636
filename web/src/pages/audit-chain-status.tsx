import { useQuery } from '@tanstack/react-query'
import { Button, Space, Tag, Typography } from 'antd'
import type { AuditVerification } from '../../../src/audit/audit.schema'
import { api } from '../api/client'
import { useI18n } from '../i18n/i18n'

/**
 * Whether the organisation's audit hash chain is whole (GET /audit/verify), with where it first
 * breaks when it is not, and how long entries are kept. Verifying reads every kept entry (about
 * 40 µs each), so it runs when the reader asks, not on every visit.
 */
export function AuditChainStatus() {
  const { t } = useI18n()
  const chain = useQuery({
    queryKey: ['audit-verify'],
    queryFn: () => api<AuditVerification>('GET', '/audit/verify'),
    enabled: false,
  })
  const policy = useQuery({
    queryKey: ['audit-policy'],
    queryFn: () => api<{ auditRetentionDays: number }>('GET', '/audit/policy'),
  })
  const v = chain.data
  return (
    <Space wrap size="small">
      {v?.broken ? (
        <Tag color="error" data-testid="audit-chain" data-ok="false">
          {t('auditChainBroken', { seq: v.broken.seq })} ·{' '}
          {t(`auditChainReason.${v.broken.reason}` as 'auditChainReason.hash')}
        </Tag>
      ) : v ? (
        <Tag color="success" data-testid="audit-chain" data-ok="true">
          {t('auditChainOk', { n: v.checked })}
        </Tag>
      ) : null}
      <Button
        size="small"
        loading={chain.isFetching}
        onClick={() => void chain.refetch()}
        data-testid="audit-verify"
      >
        {chain.isFetching ? t('auditChainChecking') : t('auditVerify')}
      </Button>
      {policy.data && (
        <Typography.Text type="secondary" data-testid="audit-retention">
          {t('auditRetention', { days: policy.data.auditRetentionDays })}
        </Typography.Text>
      )}
    </Space>
  )
}
