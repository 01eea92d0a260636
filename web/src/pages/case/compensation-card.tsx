import { useQuery } from '@tanstack/react-query'
import {
  Alert,
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
import { useState } from 'react'
import { ApiError } from '../../api/client'
import { fetchCaseConfig, type CaseDetail } from '../../api/endpoints'
import type { Me } from '../../api/types'
import { useI18n } from '../../i18n/i18n'
import { yuan } from './yuan'

interface Grant {
  kind: string
  amount: number
  note?: string
  requestApproval?: boolean
}

/** Compensation within the caller's authority limit, requests for approval above it, and the approvals a supervisor decides. */
export function CompensationCard({
  detail,
  me,
  onGrant,
  onDecide,
}: {
  detail: CaseDetail
  me: Me
  onGrant: (body: Grant) => Promise<unknown>
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
  // A grant above the caller's authority: said here, next to the amount, with the way on.
  const [refused, setRefused] = useState<{ body: Grant; limit: number } | null>(null)
  const grant = async (body: Grant) => {
    setRefused(null)
    try {
      await onGrant(body)
      form.resetFields(['amount', 'note'])
    } catch (error) {
      // The page shows every other error; a rejected promise must not escape as a page error.
      if (error instanceof ApiError && error.code === 'COMPENSATION_ABOVE_AUTHORITY')
        setRefused({ body, limit: Number(error.extra.limit ?? limit ?? 0) })
    }
  }
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
        onFinish={(v: {
          kind: string
          amount?: number
          note?: string
          requestApproval: boolean
        }) => {
          const body: Grant = {
            kind: v.kind,
            // Points are given as points (the ledger credits the amount as it is); money in fen.
            amount: emotional
              ? 0
              : v.kind === 'points'
                ? Math.round(v.amount ?? 0)
                : Math.round((v.amount ?? 0) * 100),
            ...(v.note ? { note: v.note } : {}),
            requestApproval: v.requestApproval,
          }
          // Known to be above the limit: no request that can only be refused.
          if (!body.requestApproval && typeof limit === 'number' && body.amount > limit) {
            setRefused({ body, limit })
            return
          }
          void grant(body)
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
              min={kind === 'points' ? 1 : 0.01}
              precision={kind === 'points' ? 0 : undefined}
              prefix={kind === 'points' ? undefined : '¥'}
              suffix={kind === 'points' ? t('compensation.points') : undefined}
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
      {refused && (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 12 }}
          title={
            <span data-testid="compensation-error">
              {t('compensationAboveLimit', {
                amount: yuan(refused.body.amount),
                limit: yuan(refused.limit),
              })}
            </span>
          }
          action={
            <Button
              size="small"
              onClick={() => void grant({ ...refused.body, requestApproval: true })}
              data-testid="compensation-ask-approval"
            >
              {t('compensationAskApproval')}
            </Button>
          }
        />
      )}
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
          {
            title: t('amount'),
            dataIndex: 'amount',
            render: (a: number, r) =>
              r.kind === 'points' ? `${a} ${t('compensation.points')}` : yuan(a),
          },
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
