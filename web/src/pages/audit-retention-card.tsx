import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Card, Form, InputNumber, message } from 'antd'
import { api } from '../api/client'
import { useI18n } from '../i18n/i18n'

interface AuditPolicy {
  auditRetentionDays: number
}

/**
 * How long the organisation keeps its audit log, for security administrators (security:manage):
 * at least 180 days (等保 2.0: six months); the retention job removes older entries.
 */
export function AuditRetentionCard() {
  const { t, errorText } = useI18n()
  const queryClient = useQueryClient()
  const policy = useQuery({
    queryKey: ['audit-policy'],
    queryFn: () => api<AuditPolicy>('GET', '/audit/policy'),
  })
  const save = useMutation({
    mutationFn: (values: AuditPolicy) => api<AuditPolicy>('PUT', '/audit/policy', values),
    onSuccess: async () => {
      message.success(t('saved'))
      await queryClient.invalidateQueries({ queryKey: ['audit-policy'] })
    },
  })
  return (
    <Card
      title={t('auditRetentionTitle')}
      loading={policy.isPending}
      data-testid="audit-retention-card"
    >
      {save.error && (
        <Alert type="error" showIcon title={errorText(save.error)} style={{ marginBottom: 12 }} />
      )}
      {policy.data && (
        <Form<AuditPolicy>
          layout="vertical"
          initialValues={policy.data}
          onFinish={(values) => save.mutate(values)}
        >
          <Form.Item
            label={t('auditRetentionDays')}
            name="auditRetentionDays"
            extra={t('auditRetentionHelp')}
            rules={[{ required: true }]}
          >
            <InputNumber min={180} max={36_500} precision={0} data-testid="audit-retention-days" />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            loading={save.isPending}
            data-testid="audit-retention-save"
          >
            {t('save')}
          </Button>
        </Form>
      )}
    </Card>
  )
}
