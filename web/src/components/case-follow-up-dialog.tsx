import { Form, Input, Modal, Radio } from 'antd'
import { useI18n } from '../i18n/i18n'

export interface FollowUpResult {
  satisfied: boolean
  note?: string
}

/**
 * 已电话回访: the agent called the customer back. The call's result is what the follow-up is for,
 * so the dialog asks whether the customer is satisfied (required) and what they said.
 */
export function CaseFollowUpDialog({
  open,
  onCancel,
  onRecord,
}: {
  open: boolean
  onCancel: () => void
  /** Resolves when recorded; a rejection keeps the dialog open (the page shows the error). */
  onRecord: (result: FollowUpResult) => Promise<unknown>
}) {
  const { t } = useI18n()
  const [form] = Form.useForm<{ satisfied?: 'yes' | 'no'; note?: string }>()
  return (
    <Modal
      open={open}
      title={t('followUpDialogTitle')}
      okText={t('followUpRecord')}
      cancelText={t('followUpCancel')}
      destroyOnHidden
      onCancel={onCancel}
      okButtonProps={{ 'data-testid': 'follow-up-record' } as never}
      onOk={async () => {
        try {
          const v = await form.validateFields()
          const note = v.note?.trim()
          await onRecord({ satisfied: v.satisfied === 'yes', ...(note ? { note } : {}) })
          form.resetFields()
        } catch {
          // Nothing escapes as a page error: the form marks an unanswered question, the page
          // shows a refused change, and the dialog stays open with what was typed.
        }
      }}
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="satisfied"
          label={t('followUpAsk')}
          rules={[{ required: true, message: t('followUpAskRequired') }]}
        >
          <Radio.Group data-testid="follow-up-satisfied">
            <Radio value="yes" data-testid="follow-up-yes">
              {t('satisfied')}
            </Radio>
            <Radio value="no" data-testid="follow-up-no">
              {t('notSatisfied')}
            </Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="note" label={t('followUpNote')}>
          <Input.TextArea
            rows={3}
            maxLength={5000}
            placeholder={t('followUpNotePlaceholder')}
            data-testid="follow-up-note"
          />
        </Form.Item>
      </Form>
    </Modal>
  )
}
