import { useQuery } from '@tanstack/react-query'
import { Button, Card, Form, InputNumber, Select } from 'antd'
import { fetchCaseConfig, type CaseDetail } from '../../api/endpoints'
import { useI18n } from '../../i18n/i18n'

/** Service recovery: what was done for the customer. */
export function RecoveryCard({
  detail,
  onSave,
}: {
  detail: CaseDetail
  onSave: (body: {
    cause?: string
    responsibility?: string
    assessedLoss?: number
  }) => Promise<unknown>
}) {
  const { t, locale } = useI18n()
  const config = useQuery({ queryKey: ['case-config'], queryFn: fetchCaseConfig })
  return (
    <Card size="small" title={t('recovery')} style={{ marginBottom: 16 }}>
      <Form
        layout="vertical"
        initialValues={{
          cause: detail.cause ?? undefined,
          responsibility: detail.responsibility ?? undefined,
          loss: detail.assessedLoss === null ? undefined : detail.assessedLoss / 100,
        }}
        onFinish={(v: { cause?: string; responsibility?: string; loss?: number }) =>
          onSave({
            cause: v.cause,
            responsibility: v.responsibility,
            ...(v.loss !== undefined && v.loss !== null
              ? { assessedLoss: Math.round(v.loss * 100) }
              : {}),
          }).catch(() => {
            // Shown by the page; a rejected promise must not escape as a page error.
          })
        }
      >
        <Form.Item name="cause" label={t('cause')}>
          <Select
            data-testid="cause"
            options={(config.data?.causes ?? []).map((c) => ({
              value: c.key,
              label: (locale === 'en-US' && c.label['en-US']) || c.label['zh-CN'],
            }))}
          />
        </Form.Item>
        <Form.Item name="responsibility" label={t('responsibility')}>
          <Select
            options={['ours', 'customer', 'third_party'].map((r) => ({
              value: r,
              label: t(`responsibility.${r}` as 'responsibility.ours'),
            }))}
          />
        </Form.Item>
        <Form.Item name="loss" label={t('assessedLoss')}>
          <InputNumber min={0} prefix="¥" style={{ width: '100%' }} />
        </Form.Item>
        <Button htmlType="submit" data-testid="save-recovery">
          {t('save')}
        </Button>
      </Form>
    </Card>
  )
}
