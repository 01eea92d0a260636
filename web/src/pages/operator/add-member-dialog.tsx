import { useMutation } from '@tanstack/react-query'
import { Alert, Form, Input, Modal, Select, Typography } from 'antd'
import type { z } from 'zod'
import {
  type AddedOperatorMemberSchema,
  OPERATOR_GRANTED_ROLES,
} from '../../../../src/auth/auth.schema'
import { api } from '../../api/client'
import { useI18n } from '../../i18n/i18n'

type GrantedRole = (typeof OPERATOR_GRANTED_ROLES)[number]
type AddedMember = z.infer<typeof AddedOperatorMemberSchema>

interface NewMember {
  role: GrantedRole
  email: string
  displayName: string
  password?: string
}

const addMember = (orgId: string, values: NewMember) =>
  api<AddedMember>('POST', `/operator/organisations/${encodeURIComponent(orgId)}/members`, {
    role: values.role,
    email: values.email,
    displayName: values.displayName,
    ...(values.password ? { password: values.password } : {}),
  })

/**
 * The operator names an organisation's administrator, security administrator or auditor: the
 * organisation's own administrator may not grant the last two (等保 2.0 separation).
 */
export function AddMemberDialog({
  organisation,
  onClose,
  onAdded,
}: {
  organisation: { id: string; name: string }
  onClose: () => void
  onAdded: () => Promise<unknown>
}) {
  const { t, errorText } = useI18n()
  const [form] = Form.useForm<NewMember>()
  const add = useMutation({
    mutationFn: (values: NewMember) => addMember(organisation.id, values),
    onSuccess: async () => {
      form.resetFields()
      await onAdded()
    },
  })
  const added = add.data
  return (
    <Modal
      open
      title={t('operatorAddMemberTitle', { name: organisation.name })}
      okText={t('operatorAddMember')}
      cancelText={t('operatorClose')}
      confirmLoading={add.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'operator-member-add' }}
    >
      <Typography.Paragraph type="secondary">{t('operatorAddMemberHelp')}</Typography.Paragraph>
      {add.error && <Alert type="error" showIcon title={errorText(add.error)} />}
      {added && (
        <div data-testid="operator-member-added">
          <Alert
            type="success"
            showIcon
            title={t('operatorMemberAdded', { role: t(`role.${added.member.role}`) })}
            description={
              added.generatedPassword ? (
                <span>
                  {t('operatorMemberPassword')}{' '}
                  <Typography.Text code copyable>
                    {added.generatedPassword}
                  </Typography.Text>
                </span>
              ) : added.existingPerson ? (
                t('operatorMemberExistingPerson')
              ) : undefined
            }
          />
        </div>
      )}
      <Form<NewMember>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ role: 'security_admin' }}
        onFinish={(values) => add.mutate(values)}
        style={{ marginTop: 12 }}
      >
        <Form.Item label={t('operatorMemberRole')} name="role">
          <Select
            data-testid="operator-member-role"
            options={OPERATOR_GRANTED_ROLES.map((role) => ({
              value: role,
              label: t(`role.${role}`),
            }))}
          />
        </Form.Item>
        <Form.Item
          label={t('operatorMemberEmail')}
          name="email"
          rules={[{ required: true, type: 'email', message: t('operatorAdminEmailNeeded') }]}
        >
          <Input type="email" autoComplete="off" data-testid="operator-member-email" />
        </Form.Item>
        <Form.Item
          label={t('operatorMemberName')}
          name="displayName"
          rules={[{ required: true, whitespace: true, message: t('operatorAdminNameNeeded') }]}
        >
          <Input maxLength={100} data-testid="operator-member-name" />
        </Form.Item>
        <Form.Item
          label={t('operatorAdminPassword')}
          name="password"
          extra={t('operatorAdminPasswordHelp')}
        >
          <Input.Password autoComplete="new-password" data-testid="operator-member-password" />
        </Form.Item>
      </Form>
    </Modal>
  )
}
