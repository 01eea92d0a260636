import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Card, Form, InputNumber, Switch, message } from 'antd'
import { fetchSignInPolicy, saveSignInPolicy, type SignInPolicy } from '../../api/account'
import { useI18n } from '../../i18n/i18n'

/** The organisation's sign-in policy, for security administrators (security:manage). */
export function SignInPolicyCard() {
  const { t, errorText } = useI18n()
  const queryClient = useQueryClient()
  const policy = useQuery({ queryKey: ['sign-in-policy'], queryFn: fetchSignInPolicy })
  const save = useMutation({
    mutationFn: saveSignInPolicy,
    onSuccess: async () => {
      message.success(t('saved'))
      await queryClient.invalidateQueries({ queryKey: ['sign-in-policy'] })
      await queryClient.invalidateQueries({ queryKey: ['mfa'] })
    },
  })
  return (
    <Card title={t('signInPolicy')} loading={policy.isPending} data-testid="sign-in-policy-card">
      {save.error && (
        <Alert type="error" showIcon title={errorText(save.error)} style={{ marginBottom: 12 }} />
      )}
      {policy.data && (
        <Form<SignInPolicy>
          layout="vertical"
          initialValues={policy.data}
          onFinish={(values) => save.mutate(values)}
        >
          <Form.Item label={t('policyMfaRequired')} name="mfaRequired" valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item label={t('policyIdleMinutes')} name="idleMinutes" rules={[{ required: true }]}>
            <InputNumber min={5} max={1440} precision={0} />
          </Form.Item>
          <Form.Item
            label={t('policyAbsoluteHours')}
            name="absoluteHours"
            rules={[{ required: true }]}
          >
            <InputNumber min={1} max={720} precision={0} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {t('save')}
          </Button>
        </Form>
      )}
    </Card>
  )
}
