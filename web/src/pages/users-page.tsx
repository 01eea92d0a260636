import { useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd'
import dayjs from 'dayjs'
import { useState } from 'react'
import { api } from '../api/client'
import { useI18n } from '../i18n/i18n'
import { ROLES } from '../../../src/shared/role'
import type { TokenSummary as Token, UserSummary as User } from '../api/types'

/**
 * Administrators add colleagues and set their role, department (case routing),
 * supervisor (escalation) and password; disable, enable and delete them; and
 * manage the organisation's API tokens.
 */
export function UsersPage() {
  const { t, errorText } = useI18n()
  const queryClient = useQueryClient()
  const [form] = Form.useForm()
  const [error, setError] = useState<string | null>(null)
  const [passwordFor, setPasswordFor] = useState<User | null>(null)
  const users = useQuery({
    queryKey: ['users'],
    queryFn: () => api<{ users: User[] }>('GET', '/users').then((r) => r.users),
  })
  const run = async (work: () => Promise<unknown>) => {
    setError(null)
    try {
      await work()
      await queryClient.invalidateQueries({ queryKey: ['users'] })
      return true
    } catch (e) {
      setError(errorText(e))
      return false
    }
  }
  const update = (
    user: User,
    changes: Partial<Pick<User, 'role' | 'department' | 'supervisorId'>>,
  ) => run(() => api('PATCH', `/users/${user.id}`, changes))
  const add = async (values: Record<string, string>) => {
    if (await run(() => api('POST', '/users', values))) form.resetFields()
  }
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={t('users')}>
        {users.isError && <Alert type="error" title={errorText(users.error)} />}
        {error && (
          <Alert
            type="error"
            title={error}
            showIcon
            style={{ marginBottom: 12 }}
            data-testid="users-error"
          />
        )}
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          loading={users.isPending}
          dataSource={users.data ?? []}
          columns={[
            { title: t('email'), dataIndex: 'email' },
            { title: t('displayName'), dataIndex: 'displayName' },
            {
              title: t('role'),
              render: (_, user: User) => (
                <Select
                  size="small"
                  value={user.role}
                  style={{ width: 130 }}
                  data-testid={`role-${user.email}`}
                  onChange={(role) => void update(user, { role })}
                  options={ROLES.map((r) => ({ value: r, label: t(`role.${r}` as never) }))}
                />
              ),
            },
            {
              title: t('department'),
              render: (_, user: User) => (
                <Input
                  size="small"
                  key={`${user.id}:${user.department ?? ''}`}
                  defaultValue={user.department ?? ''}
                  placeholder={t('department')}
                  style={{ width: 140 }}
                  data-testid={`department-${user.email}`}
                  onBlur={(e) =>
                    e.target.value.trim() !== (user.department ?? '') &&
                    void update(user, { department: e.target.value.trim() || null })
                  }
                  onPressEnter={(e) => (e.target as HTMLInputElement).blur()}
                />
              ),
            },
            {
              title: t('supervisor'),
              render: (_, user: User) => (
                <Select
                  size="small"
                  allowClear
                  value={user.supervisorId ?? undefined}
                  placeholder="—"
                  style={{ width: 130 }}
                  onChange={(supervisorId) =>
                    void update(user, { supervisorId: supervisorId ?? null })
                  }
                  options={(users.data ?? [])
                    .filter(
                      (u) => u.id !== user.id && (u.role === 'supervisor' || u.role === 'admin'),
                    )
                    .map((u) => ({ value: u.id, label: u.displayName }))}
                />
              ),
            },
            {
              title: t('created'),
              dataIndex: 'createdAt',
              render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm'),
            },
            {
              title: t('userStatus'),
              render: (_, user: User) => (
                <Space size={4}>
                  <Tag
                    color={user.status === 'active' ? 'green' : 'default'}
                    data-testid={`status-${user.email}`}
                  >
                    {t(`userStatus.${user.status}` as never)}
                  </Tag>
                  {user.lockedUntil ? (
                    <Tooltip
                      title={t('userLockedUntil', {
                        time: dayjs(user.lockedUntil).format('YYYY-MM-DD HH:mm'),
                      })}
                    >
                      <Tag color="red" data-testid={`locked-${user.email}`}>
                        {t('userLocked')}
                      </Tag>
                    </Tooltip>
                  ) : null}
                </Space>
              ),
            },
            {
              title: '',
              render: (_, user: User) => (
                <Space size="small">
                  <Button
                    size="small"
                    onClick={() => setPasswordFor(user)}
                    data-testid={`password-${user.email}`}
                  >
                    {t('setPassword')}
                  </Button>
                  {user.lockedUntil ? (
                    <Button
                      size="small"
                      onClick={() => void run(() => api('POST', `/users/${user.id}/unlock`))}
                      data-testid={`unlock-${user.email}`}
                    >
                      {t('unlockUser')}
                    </Button>
                  ) : null}
                  {user.status === 'active' ? (
                    <Button
                      size="small"
                      onClick={() => void run(() => api('POST', `/users/${user.id}/disable`))}
                      data-testid={`disable-${user.email}`}
                    >
                      {t('disableUser')}
                    </Button>
                  ) : (
                    <Button
                      size="small"
                      onClick={() => void run(() => api('POST', `/users/${user.id}/enable`))}
                      data-testid={`enable-${user.email}`}
                    >
                      {t('enableUser')}
                    </Button>
                  )}
                  <Popconfirm
                    title={t('deleteUserConfirm', { name: user.displayName })}
                    onConfirm={() => void run(() => api('DELETE', `/users/${user.id}`))}
                    okButtonProps={{ danger: true, 'data-testid': 'confirm-delete' } as never}
                  >
                    <Button size="small" danger data-testid={`delete-${user.email}`}>
                      {t('deleteUser')}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Card title={t('addUser')}>
        <Form form={form} layout="inline" onFinish={add} initialValues={{ role: 'analyst' }}>
          <Form.Item name="email" rules={[{ required: true, type: 'email' }]}>
            <Input placeholder={t('email')} />
          </Form.Item>
          <Form.Item name="displayName" rules={[{ required: true }]}>
            <Input placeholder={t('displayName')} />
          </Form.Item>
          <Form.Item
            name="password"
            rules={[{ required: true, min: 10 }]}
            tooltip={t('passwordPolicyHelp')}
          >
            <Input.Password
              placeholder={t('initialPassword')}
              autoComplete="new-password"
              title={t('passwordPolicyHelp')}
            />
          </Form.Item>
          <Form.Item name="role">
            <Select
              style={{ width: 140 }}
              options={ROLES.map((r) => ({ value: r, label: t(`role.${r}` as never) }))}
            />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t('addUser')}
          </Button>
        </Form>
      </Card>
      <TokensCard />
      {passwordFor && <PasswordModal user={passwordFor} onClose={() => setPasswordFor(null)} />}
    </Space>
  )
}

/** API tokens: create (the secret shown once), see status, expiry and last use, revoke. */
function TokensCard() {
  const { t, errorText } = useI18n()
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
  const date = (v: string | null) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : t('never'))
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
          { title: t('tokenExpires'), render: (_, tk: Token) => date(tk.expiresAt) },
          { title: t('tokenLastUsed'), render: (_, tk: Token) => date(tk.lastUsedAt) },
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

function PasswordModal({ user, onClose }: { user: User; onClose: () => void }) {
  const { t, errorText } = useI18n()
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | null>(null)
  const save = async () => {
    setError(null)
    try {
      await api('POST', `/users/${user.id}/password`, { password })
      onClose()
    } catch (e) {
      setError(errorText(e))
    }
  }
  return (
    <Modal
      open
      title={`${t('setPassword')} · ${user.displayName}`}
      onOk={() => void save()}
      onCancel={onClose}
      okButtonProps={{ disabled: password.length < 10, 'data-testid': 'save-password' } as never}
    >
      <Input.Password
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        placeholder={t('initialPassword')}
        autoComplete="new-password"
        data-testid="new-password"
      />
      <p style={{ color: '#667085', marginTop: 8 }}>
        {t('setPasswordHelp')} {t('passwordPolicyHelp')}
      </p>
      {error && <Alert type="error" title={error} showIcon />}
    </Modal>
  )
}
