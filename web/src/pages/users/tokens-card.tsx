import { useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Select,
  Table,
  Tag,
  Typography,
} from 'antd'
import { useState } from 'react'
import { api } from '../../api/client'
import { useOrgTime } from '../../components/org-time'
import { useI18n } from '../../i18n/i18n'
import { ROLES } from '../../../../src/shared/role'
import type { TokenSummary as Token } from '../../api/types'

/** API tokens: create (the secret shown once), see status, expiry and last use, revoke. */
export function TokensCard() {
  const { t, errorText } = useI18n()
  // Expiry and last use on the organisation's clock, the zone named in the headings.
  const time = useOrgTime()
  const queryClient = useQueryClient()
  const [form] = Form.useForm()
  const [error, setError] = useState<string | null>(null)
  const [secret, setSecret] = useState<string | null>(null)
  const tokens = useQuery({
    queryKey: ['tokens'],
    queryFn: () => api<{ tokens: Token[] }>('GET', '/tokens').then((r) => r.tokens),
  })
  const run = async (work: () => Promise<unknown>) => {
    setError(null)
    try {
      await work()
      await queryClient.invalidateQueries({ queryKey: ['tokens'] })
      return true
    } catch (e) {
      setError(errorText(e))
      return false
    }
  }
  const create = async (values: {
    name: string
    scope: string
    role: string
    expiresInDays: number
  }) => {
    await run(async () => {
      const created = await api<{ token: string }>('POST', '/tokens', values)
      setSecret(created.token)
      form.resetFields()
    })
  }
  const date = (v: string | null) => (v ? time.dateTime(v) : t('never'))
  const statusColor = {
    active: 'green',
    expired: 'default',
    revoked: 'red',
    creator_inactive: 'orange',
  } as const
  return (
    <Card title={t('apiTokens')}>
      <Typography.Paragraph type="secondary">{t('apiTokensHelp')}</Typography.Paragraph>
      {error && (
        <Alert
          type="error"
          title={error}
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="tokens-error"
        />
      )}
      {secret && (
        <Alert
          type="success"
          showIcon
          closable
          onClose={() => setSecret(null)}
          style={{ marginBottom: 12 }}
          title={t('tokenSecretOnce')}
          description={
            <Typography.Text code copyable data-testid="token-secret">
              {secret}
            </Typography.Text>
          }
        />
      )}
      <Form
        form={form}
        layout="inline"
        onFinish={create}
        initialValues={{ scope: 'full', role: 'admin', expiresInDays: 90 }}
        style={{ marginBottom: 12 }}
      >
        <Form.Item name="name" rules={[{ required: true, max: 100 }]}>
          <Input placeholder={t('tokenName')} data-testid="token-name" />
        </Form.Item>
        <Form.Item name="role">
          <Select
            style={{ width: 130 }}
            options={ROLES.map((r) => ({ value: r, label: t(`role.${r}` as never) }))}
          />
        </Form.Item>
        <Form.Item name="scope">
          <Select
            style={{ width: 110 }}
            options={(['full', 'read'] as const).map((s) => ({
              value: s,
              label: t(`tokenScope.${s}`),
            }))}
          />
        </Form.Item>
        <Form.Item name="expiresInDays" label={t('tokenExpiresInDays')}>
          <InputNumber min={1} max={365} style={{ width: 90 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" data-testid="create-token">
          {t('createToken')}
        </Button>
      </Form>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        loading={tokens.isPending}
        dataSource={tokens.data ?? []}
        columns={[
          { title: t('tokenName'), dataIndex: 'name' },
          { title: t('role'), render: (_, tk: Token) => t(`role.${tk.role}` as never) },
          { title: t('tokenScope'), render: (_, tk: Token) => t(`tokenScope.${tk.scope}`) },
          {
            title: t('tokenCreatedBy'),
            render: (_, tk: Token) => tk.createdBy?.displayName ?? t('systemActor'),
          },
          { title: time.heading(t('tokenExpires')), render: (_, tk: Token) => date(tk.expiresAt) },
          {
            title: time.heading(t('tokenLastUsed')),
            render: (_, tk: Token) => date(tk.lastUsedAt),
          },
          {
            title: t('userStatus'),
            render: (_, tk: Token) => (
              <Tag color={statusColor[tk.status]}>{t(`tokenStatus.${tk.status}`)}</Tag>
            ),
          },
          {
            title: '',
            render: (_, tk: Token) =>
              tk.status === 'revoked' ? null : (
                <Popconfirm
                  title={t('revokeTokenConfirm', { name: tk.name })}
                  onConfirm={() => void run(() => api('POST', `/tokens/${tk.id}/revoke`))}
                >
                  <Button size="small" danger data-testid={`revoke-${tk.name}`}>
                    {t('revokeToken')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
    </Card>
  )
}
