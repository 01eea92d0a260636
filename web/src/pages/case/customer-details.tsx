import { useMutation } from '@tanstack/react-query'
import { Alert, Button, Input, Modal, Space, Tooltip, Typography } from 'antd'
import { useState } from 'react'
import { Link } from 'react-router'
import { revealCaseCustomer } from '../../api/personal-data'
import type { CaseDetail, Me } from '../../api/types'
import { useI18n } from '../../i18n/i18n'

type Field = 'name' | 'email' | 'phone'

const FIELD_LABEL = {
  name: 'personalFieldName',
  email: 'personalFieldEmail',
  phone: 'personalFieldPhone',
} as const

/**
 * The customer's name, e-mail and phone as the reader may see them: masked (138****5678) without
 * personal-data:read. The agent the case is assigned to, while it is open, reveals one field at
 * a time after giving a reason, which the audit log keeps with the reveal.
 */
export function CustomerDetails({ c, me }: { c: CaseDetail; me: Me }) {
  const { t } = useI18n()
  const [revealed, setRevealed] = useState<Partial<Record<Field, string | null>>>({})
  const [asking, setAsking] = useState<Field | null>(null)
  const values: Record<Field, string | null> = {
    name: c.feedback.customerName,
    email: c.feedback.customerEmail,
    phone: c.feedback.customerPhone,
  }
  const fields = (['name', 'email', 'phone'] as const).filter((f) => values[f])
  // The customer's 360° page, found from the case (the customers page resolves ?case=, and says
  // so when no customer is linked): a case with no name or number still has one.
  const customerPage = me.permissions.includes('customers:read') ? (
    <Link to={`/customers?case=${encodeURIComponent(c.id)}`} data-testid="case-customer-page">
      {t('caseCustomerPage')}
    </Link>
  ) : null
  if (fields.length === 0) return customerPage ?? <>—</>
  const mayReveal =
    c.feedback.personalDataMasked &&
    me.user !== null &&
    c.ownerId === me.user.id &&
    ['new', 'acknowledged', 'investigating'].includes(c.status) &&
    me.permissions.includes('personal-data:reveal')
  return (
    <Space wrap size={[12, 4]} data-testid="case-customer">
      {fields.map((f) => (
        <span key={f} data-testid={`customer-${f}`}>
          <span data-testid={`customer-${f}-value`}>{revealed[f] ?? values[f]}</span>
          {mayReveal && revealed[f] === undefined ? (
            <Button
              type="link"
              size="small"
              onClick={() => setAsking(f)}
              data-testid={`reveal-${f}`}
            >
              {t('revealField')}
            </Button>
          ) : null}
        </span>
      ))}
      {c.feedback.personalDataMasked ? (
        <Tooltip title={t('customerMaskedHint')}>
          <Typography.Text type="secondary" data-testid="customer-masked">
            ***
          </Typography.Text>
        </Tooltip>
      ) : null}
      {customerPage}
      {asking ? (
        <RevealDialog
          caseId={c.id}
          field={asking}
          onClose={() => setAsking(null)}
          onRevealed={(value) => {
            setRevealed((r) => ({ ...r, [asking]: value }))
            setAsking(null)
          }}
        />
      ) : null}
    </Space>
  )
}

function RevealDialog({
  caseId,
  field,
  onClose,
  onRevealed,
}: {
  caseId: string
  field: Field
  onClose: () => void
  onRevealed: (value: string | null) => void
}) {
  const { t, errorText } = useI18n()
  const [reason, setReason] = useState('')
  const reveal = useMutation({
    mutationFn: () => revealCaseCustomer(caseId, { field, reason: reason.trim() }),
    onSuccess: (answer) => onRevealed(answer.value),
  })
  const tooShort = reason.trim().length < 2
  return (
    <Modal
      open
      title={t('revealTitle', { field: t(FIELD_LABEL[field]) })}
      okText={t('revealConfirm')}
      okButtonProps={{ disabled: tooShort, 'data-testid': 'reveal-confirm' } as never}
      confirmLoading={reveal.isPending}
      onOk={() => reveal.mutate()}
      onCancel={onClose}
      width="min(480px, calc(100vw - 32px))"
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text>{t('revealReason')}</Typography.Text>
        <Input.TextArea
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder={t('revealReasonPlaceholder')}
          maxLength={500}
          rows={2}
          data-testid="reveal-reason"
        />
        {reason !== '' && tooShort ? (
          <Typography.Text type="danger">{t('revealReasonRequired')}</Typography.Text>
        ) : null}
        <Typography.Text type="secondary">{t('revealAudited')}</Typography.Text>
        {reveal.isError ? <Alert type="error" title={errorText(reveal.error)} /> : null}
      </Space>
    </Modal>
  )
}
