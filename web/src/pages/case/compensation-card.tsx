import { useQuery } from '@tanstack/react-query'
import {
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd'
import { fetchCaseConfig, type CaseDetail } from '../../api/endpoints'
import type { Me } from '../../api/types'
import { useI18n } from '../../i18n/i18n'
import { yuan } from './yuan'

/** Compensation within the caller's authority limit, requests for approval above it, and the approvals a supervisor decides. */
export function CompensationCard({
  detail,
  me,
  onGrant,
  onDecide,
}: {
  detail: CaseDetail
  me: Me
  onGrant: (body: {
    kind: string
    amount: number
    note?: string
    requestApproval?: boolean
  }) => Promise<unknown>
  onDecide: (id: string, d: 'approve' | 'reject') => void
}) {
  const { t } = useI18n()
  const config = useQuery({ queryKey: ['case-config'], queryFn: fetchCaseConfig })
  const [form] = Form.useForm()
  const kind = Form.useWatch('kind', form)
  const emotional = kind === 'apology' || kind === 'manager_call'
  const limit =
    me.role === 'agent' || me.role === 'supervisor' || me.role === 'admin'
      ? config.data?.authority[me.role]
      : undefined
  const canDecide = me.role === 'supervisor' || me.role === 'admin'
  return (
    <Card
      size="small"
      title={t('compensationTitle')}
      extra={
        limit !== undefined && (
          <Typography.Text type="secondary">
            {t('yourLimit')} {limit === null ? t('noLimit') : yuan(limit)}
          </Typography.Text>
        )
      }
    >
      <Form
        form={form}
        layout="inline"
        initialValues={{ kind: 'voucher', requestApproval: false }}
        onFinish={async (v: {
          kind: string
          amount?: number
          note?: string
          requestApproval: boolean
        }) => {
          await onGrant({
            kind: v.kind,
            amount: emotional ? 0 : Math.round((v.amount ?? 0) * 100),
            ...(v.note ? { note: v.note } : {}),
            requestApproval: v.requestApproval,
          })
          form.resetFields(['amount', 'note'])
        }}
      >
        <Form.Item name="kind">
          <Select
            style={{ width: 120 }}
            data-testid="compensation-kind"
            options={['refund', 'voucher', 'points', 'gift', 'apology', 'manager_call'].map(
              (k) => ({ value: k, label: t(`compensation.${k}` as 'compensation.refund') }),
            )}
          />
        </Form.Item>
        {!emotional && (
          <Form.Item name="amount">
            <InputNumber
              min={0.01}
              prefix="¥"
              placeholder={t('amount')}
              data-testid="compensation-amount"
            />
          </Form.Item>
        )}
        <Form.Item name="note">
          <Input placeholder={t('note')} style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="requestApproval" valuePropName="checked">
          <Checkbox>{t('requestApproval')}</Checkbox>
        </Form.Item>
        <Button type="primary" htmlType="submit" data-testid="grant-compensation">
          {t('grant')}
        </Button>
      </Form>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        style={{ marginTop: 12 }}
        dataSource={detail.compensations}
        columns={[
          {
            title: t('kind'),
            dataIndex: 'kind',
            render: (k: string) => t(`compensation.${k}` as 'compensation.refund'),
          },
          { title: t('amount'), dataIndex: 'amount', render: (a: number) => yuan(a) },
          {
            title: t('status'),
            dataIndex: 'status',
            render: (s: string, r) => (
              <Space>
                <Tag
                  color={s === 'pending_approval' ? 'orange' : s === 'rejected' ? 'red' : 'green'}
                  data-testid="compensation-status"
                >
                  {t(`compensationStatus.${s}` as 'compensationStatus.granted')}
                </Tag>
                {s === 'pending_approval' && canDecide && r.requestedBy !== me.user?.id && (
                  <>
                    <Button size="small" type="link" onClick={() => onDecide(r.id, 'approve')}>
                      {t('approve')}
                    </Button>
                    <Button
                      size="small"
                      type="link"
                      danger
                      onClick={() => onDecide(r.id, 'reject')}
                    >
                      {t('reject')}
                    </Button>
                  </>
                )}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  )
}
