import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Card, Form, Input, List, Select, Tag, Typography } from 'antd'
import { ROLES } from '../../../../src/shared/role'
import { createSsoProvider, fetchSsoProviders } from '../../api/account'
import { useI18n } from '../../i18n/i18n'

interface OidcForm {
  name: string
  issuer: string
  clientId: string
  secret: string
  /** One `group=role` a line. */
  mapping?: string
  defaultRole?: string
}

/** `group=role` lines as the provider's role mapping (lines without a known role are left out). */
function parseMapping(text: string | undefined): Record<string, string> {
  const known = new Set<string>(ROLES)
  return Object.fromEntries(
    (text ?? '')
      .split('\n')
      .map((line) => line.split('=').map((part) => part.trim()))
      .filter((parts): parts is [string, string] => parts.length === 2 && known.has(parts[1]!)),
  )
}

/**
 * The organisation's sign-in providers (security:manage): listed, and an OpenID Connect one
 * added here; WeCom, DingTalk, Feishu and LDAP through the API (docs/sign-in.md).
 */
export function SsoProvidersCard({ orgId }: { orgId: string }) {
  const { t, errorText } = useI18n()
  const queryClient = useQueryClient()
  const providers = useQuery({ queryKey: ['sso-providers'], queryFn: fetchSsoProviders })
  const [form] = Form.useForm<OidcForm>()
  const create = useMutation({
    mutationFn: (values: OidcForm) =>
      createSsoProvider({
        kind: 'oidc',
        name: values.name,
        secret: values.secret,
        settings: {
          issuer: values.issuer,
          clientId: values.clientId,
          roleMapping: parseMapping(values.mapping),
          defaultRole: values.defaultRole ?? null,
        },
      }),
    onSuccess: async () => {
      form.resetFields()
      await queryClient.invalidateQueries({ queryKey: ['sso-providers'] })
    },
  })
  const signInLink = `${window.location.origin}/app/?org=${encodeURIComponent(orgId)}`
  return (
    <Card title={t('ssoProviders')} loading={providers.isPending} data-testid="sso-providers-card">
      <Typography.Paragraph type="secondary" copyable={{ text: signInLink }}>
        {t('ssoSignInLink')}: {signInLink}
      </Typography.Paragraph>
      <List
        dataSource={providers.data ?? []}
        locale={{ emptyText: t('ssoNoProviders') }}
        renderItem={(p) => (
          <List.Item>
            <List.Item.Meta
              title={p.name}
              description={`${p.kind.toUpperCase()} · ${window.location.origin}/sso/${p.id}/callback`}
            />
            <Tag color={p.enabled ? 'green' : undefined}>{t(p.enabled ? 'mfaOn' : 'mfaOff')}</Tag>
          </List.Item>
        )}
      />
      {create.error && (
        <Alert type="error" showIcon title={errorText(create.error)} style={{ margin: '12px 0' }} />
      )}
      <Typography.Title level={5}>{t('ssoAddOidc')}</Typography.Title>
      <Form form={form} layout="vertical" onFinish={(values) => create.mutate(values)}>
        <Form.Item label={t('ssoName')} name="name" rules={[{ required: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item label={t('ssoIssuer')} name="issuer" rules={[{ required: true, type: 'url' }]}>
          <Input placeholder="https://idp.example.com" />
        </Form.Item>
        <Form.Item label={t('ssoClientId')} name="clientId" rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item label={t('ssoClientSecret')} name="secret" rules={[{ required: true }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item label={t('ssoRoleMapping')} name="mapping" extra={t('ssoRoleMappingHelp')}>
          <Input.TextArea rows={3} placeholder="cs-agents=agent" />
        </Form.Item>
        <Form.Item label={t('ssoDefaultRole')} name="defaultRole">
          <Select
            allowClear
            options={ROLES.map((r) => ({ value: r, label: t(`role.${r}` as never) }))}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={create.isPending}>
          {t('save')}
        </Button>
      </Form>
    </Card>
  )
}
