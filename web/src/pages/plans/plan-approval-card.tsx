import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Button, Card, Input, List, Space, Tag, Typography, Upload } from 'antd'
import { useState } from 'react'
import { fetchMe } from '../../api/endpoints'
import { CaseOwnerPicker } from '../../components/case-owner-picker'
import { usePageWords } from '../../i18n/page-words'
import {
  attachToPlan,
  decidePlanApproval,
  type PlanDetail,
  removePlanAttachment,
  requestPlanApproval,
} from './plans-api'
import { PLANS_EN, PLANS_ZH } from './plans-words'

const APPROVAL_COLOR = { pending: 'processing', approved: 'success', rejected: 'error' } as const

/** Reads a file as base64 (without the data-URL prefix). */
function base64Of(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''))
    reader.onerror = () => reject(reader.error)
    reader.readAsDataURL(file)
  })
}

const refreshPlan = (queryClient: ReturnType<typeof useQueryClient>) =>
  queryClient
    .invalidateQueries({ queryKey: ['plan'] })
    .then(() => queryClient.invalidateQueries({ queryKey: ['plans'] }))

/**
 * A plan's approval, where the organisation wants plans approved (or one was asked): its state,
 * asking a named member, and the approve/reject buttons for the member asked.
 */
export function PlanApprovalCard({ plan, mayWrite }: { plan: PlanDetail; mayWrite: boolean }) {
  const { t, errorText, locale } = usePageWords(PLANS_ZH, PLANS_EN)
  const queryClient = useQueryClient()
  const me = useQuery({ queryKey: ['me'], queryFn: fetchMe })
  const [approverId, setApproverId] = useState<string | undefined>(undefined)
  const [note, setNote] = useState('')
  const ask = useMutation({
    mutationFn: () =>
      requestPlanApproval(plan.id, { approverId: approverId!, ...(note.trim() ? { note } : {}) }),
    onSuccess: () => {
      setNote('')
      return refreshPlan(queryClient)
    },
  })
  const decide = useMutation({
    mutationFn: (decision: 'approved' | 'rejected') =>
      decidePlanApproval(plan.id, { decision, ...(note.trim() ? { note } : {}) }),
    onSuccess: () => {
      setNote('')
      return refreshPlan(queryClient)
    },
  })
  const a = plan.approval
  if (!plan.approvalRequired && !a) return null
  const mayAsk = mayWrite && plan.status === 'plan' && (a === null || a.status === 'rejected')
  const mayDecide = a?.status === 'pending' && a.approverId === me.data?.user?.id
  return (
    <Card size="small" title={t('plans.approval')} data-testid="plan-approval">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text data-testid="plan-approval-status">
          {a ? (
            <>
              <Tag color={APPROVAL_COLOR[a.status]}>{t(`plans.approval.${a.status}`)}</Tag>
              {a.decidedAt !== null && ` ${new Date(a.decidedAt).toLocaleString(locale)}`}
              {a.note ? ` · ${a.note}` : ''}
            </>
          ) : (
            t('plans.approval.needed')
          )}
        </Typography.Text>
        {(mayAsk || mayDecide) && (
          <Input.TextArea
            rows={2}
            placeholder={t('plans.approval.note')}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            data-testid="plan-approval-note"
          />
        )}
        {mayAsk && (
          <Space wrap>
            <CaseOwnerPicker value={approverId} onChange={setApproverId} testId="plan-approver" />
            <Button
              type="primary"
              disabled={!approverId}
              loading={ask.isPending}
              onClick={() => ask.mutate()}
              data-testid="plan-approval-ask"
            >
              {t('plans.approval.ask')}
            </Button>
          </Space>
        )}
        {mayDecide && (
          <Space wrap>
            <Button
              type="primary"
              onClick={() => decide.mutate('approved')}
              data-testid="plan-approve"
            >
              {t('plans.approval.approve')}
            </Button>
            <Button danger onClick={() => decide.mutate('rejected')} data-testid="plan-reject">
              {t('plans.approval.reject')}
            </Button>
          </Space>
        )}
        {(ask.error || decide.error) && (
          <Typography.Text type="danger">{errorText(ask.error ?? decide.error)}</Typography.Text>
        )}
      </Space>
    </Card>
  )
}

/** A plan's attachments: download, add (images and PDF up to 10 MB), remove. */
export function PlanAttachmentsCard({ plan, mayWork }: { plan: PlanDetail; mayWork: boolean }) {
  const { t, errorText } = usePageWords(PLANS_ZH, PLANS_EN)
  const queryClient = useQueryClient()
  const attach = useMutation({
    mutationFn: async (file: File) =>
      attachToPlan(plan.id, { filename: file.name, contentBase64: await base64Of(file) }),
    onSuccess: () => refreshPlan(queryClient),
  })
  const remove = useMutation({
    mutationFn: (attachmentId: string) => removePlanAttachment(plan.id, attachmentId),
    onSuccess: () => refreshPlan(queryClient),
  })
  const kb = (bytes: number) => `${Math.max(1, Math.round(bytes / 1024))} KB`
  return (
    <Card size="small" title={t('plans.attachments')} data-testid="plan-attachments">
      <List
        size="small"
        dataSource={plan.attachments}
        locale={{ emptyText: t('plans.attachments.none') }}
        renderItem={(f) => (
          <List.Item
            actions={
              mayWork
                ? [
                    <Button
                      key="remove"
                      size="small"
                      type="link"
                      danger
                      onClick={() => remove.mutate(f.id)}
                    >
                      {t('plans.attachments.remove')}
                    </Button>,
                  ]
                : []
            }
          >
            <a
              href={`/api/v1/plans/${plan.id}/attachments/${f.id}`}
              download={f.filename}
              data-testid="plan-attachment"
            >
              {f.filename}
            </a>{' '}
            <Typography.Text type="secondary">{kb(f.size)}</Typography.Text>
          </List.Item>
        )}
      />
      {mayWork && (
        <Upload
          accept="image/*,application/pdf"
          showUploadList={false}
          beforeUpload={(file) => {
            attach.mutate(file)
            return false
          }}
        >
          <Button loading={attach.isPending} data-testid="plan-attach">
            {t('plans.attachments.add')}
          </Button>
        </Upload>
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        {t('plans.attachments.hint')}
      </Typography.Paragraph>
      {(attach.error || remove.error) && (
        <Typography.Text type="danger" data-testid="plan-attach-error">
          {errorText(attach.error ?? remove.error)}
        </Typography.Text>
      )}
    </Card>
  )
}
