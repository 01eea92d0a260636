import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Card, Collapse, Form, Input, List, Select, Tag, Typography } from 'antd'
import { ROLES } from '../../../../src/shared/role'
import { createSsoProvider, fetchSsoProviders } from '../../api/account'
import { ssoEnUS } from '../../i18n/sso.en-US'
import { ssoZhCN } from '../../i18n/sso.zh-CN'
import { usePageWords } from '../../i18n/page-words'
import { SSO_KIND_FIELDS, type SsoKind, ssoProviderBody, type SsoProviderForm } from './sso-kinds'

const KINDS: readonly SsoKind[] = ['oidc', 'wecom', 'dingtalk', 'feishu', 'ldap']

/**
 * The organisation's sign-in providers (security:manage): listed, and added here — OpenID
 * Connect, WeCom, DingTalk, Feishu or an LDAP/AD directory, each with the fields its documented
 * flow needs (docs/sign-in.md).
 */
export function SsoProvidersCard({ orgId }: { orgId: string }) {
  const { t, errorText } = usePageWords(ssoZhCN, ssoEnUS)
  const queryClient = useQueryClient()
  const providers = useQuery({ queryKey: ['sso-providers'], queryFn: fetchSsoProviders })
  const [form] = Form.useForm<SsoProviderForm>()
  const kind = (Form.useWatch('kind', form) ?? 'oidc') as SsoKind
  const create = useMutation({
    mutationFn: (values: SsoProviderForm) => createSsoProvider(ssoProviderBody(values)),
    onSuccess: async () => {
      form.resetFields()
      await queryClient.invalidateQueries({ queryKey: ['sso-providers'] })
    },
  })
  const signInLink = `${window.location.origin}/app/?org=${encodeURIComponent(orgId)}`
  const { fields, advanced, mapping } = SSO_KIND_FIELDS[kind]
  return (
    <Card title={t('ssoProviders')} loading={providers.isPending} data-testid="sso-providers-card">
      <Typography.Paragraph type="secondary" copyable={{ text: signInLink }}>
        {t('ssoSignInLink')}: {signInLink}
      </Typography.Paragraph>
      <List
        dataSource={providers.data ?? []}
        locale={{ emptyText: t('ssoNoProviders') }}
        renderItem={(p) => (
          <List.Item data-testid={`sso-provider-${p.kind}`}>
            <List.Item.Meta
              title={p.name}
              description={
                <Typography.Text type="secondary" style={{ wordBreak: 'break-all' }}>
                  {t(`ssoKind.${p.kind}` as never)}
                  {p.kind === 'ldap'
                    ? ''
                    : ` · ${t('ssoCallback')}: ${window.location.origin}/sso/${p.id}/callback`}
                </Typography.Text>
              }
            />
            <Tag color={p.enabled ? 'green' : undefined}>{t(p.enabled ? 'mfaOn' : 'mfaOff')}</Tag>
          </List.Item>
        )}
      />
      {create.error && (
        <Alert type="error" showIcon title={errorText(create.error)} style={{ margin: '12px 0' }} />
      )}
      {create.isSuccess && (
        <Alert
          type="success"
          showIcon
          title={t('ssoAdded', { name: create.data.name })}
          style={{ margin: '12px 0' }}
          data-testid="sso-added"
        />
      )}
      <Typography.Title level={5}>{t('ssoAddProvider')}</Typography.Title>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: 'oidc' }}
        onFinish={(values) => create.mutate(values)}
      >
        <Form.Item label={t('ssoKind')} name="kind">
          <Select
            data-testid="sso-kind"
            options={KINDS.map((k) => ({ value: k, label: t(`ssoKind.${k}` as never) }))}
          />
        </Form.Item>
        <Form.Item label={t('ssoName')} name="name" rules={[{ required: true }]}>
          <Input maxLength={100} data-testid="sso-name" />
        </Form.Item>
        {fields.map((field) => (
          <Form.Item
            key={`${kind}-${field.name}`}
            label={t(field.label as never)}
            name={field.name}
            rules={[{ required: field.required, type: field.url ? 'url' : 'string' }]}
            initialValue={field.initial}
          >
            {field.secret ? (
              <Input.Password autoComplete="new-password" data-testid={`sso-${field.name}`} />
            ) : (
              <Input placeholder={field.placeholder} data-testid={`sso-${field.name}`} />
            )}
          </Form.Item>
        ))}
        {advanced && (
          <Collapse
            ghost
            size="small"
            style={{ marginBottom: 12 }}
            items={[
              {
                key: 'advanced',
                label: t('ssoAdvanced'),
                forceRender: true,
                children: (
                  <>
                    <Form.Item
                      label={t('ssoAuthorizeUrl')}
                      name="authorizeUrl"
                      rules={[{ type: 'url' }]}
                    >
                      <Input data-testid="sso-authorizeUrl" />
                    </Form.Item>
                    <Form.Item
                      label={t('ssoApiBaseUrl')}
                      name="apiBaseUrl"
                      rules={[{ type: 'url' }]}
                    >
                      <Input data-testid="sso-apiBaseUrl" />
                    </Form.Item>
                  </>
                ),
              },
            ]}
          />
        )}
        {mapping && (
          <Form.Item
            label={t('ssoRoleMapping')}
            name="mapping"
            extra={t(mapping === 'departments' ? 'ssoDepartmentMappingHelp' : 'ssoRoleMappingHelp')}
          >
            <Input.TextArea
              rows={3}
              placeholder={mapping === 'departments' ? '2=agent' : 'cs-agents=agent'}
              data-testid="sso-mapping"
            />
          </Form.Item>
        )}
        <Form.Item label={t('ssoDefaultRole')} name="defaultRole">
          <Select
            allowClear
            data-testid="sso-default-role"
            options={ROLES.map((r) => ({ value: r, label: t(`role.${r}` as never) }))}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="sso-save">
          {t('save')}
        </Button>
      </Form>
    </Card>
  )
}
