import { useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  Button,
  Card,
  Form,
  Input,
  Popconfirm,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
} from 'antd'
import { useState } from 'react'
import { api } from '../api/client'
import { useOrgTime } from '../components/org-time'
import { useI18n } from '../i18n/i18n'
import { ROLES } from '../../../src/shared/role'
import type { UserSummary as User } from '../api/types'
import { TokensCard } from './users/tokens-card'
import { useRoleChoices } from './users/role-choices'
import { PasswordModal } from './users/password-modal'
import { useMembershipUnitColumn } from './units/membership-units-picker'

/**
 * Administrators add colleagues and set their role, department (case routing),
 * supervisor (escalation) and password; disable, enable and delete them; and
 * manage the organisation's API tokens.
 */
export function UsersPage() {
  const { t, errorText } = useI18n()
  // Sign-ins and locks on the organisation's clock, the zone named in the headings.
  const time = useOrgTime()
  const queryClient = useQueryClient()
  const [form] = Form.useForm()
  const [error, setError] = useState<string | null>(null)
  const unitColumn = useMembershipUnitColumn<User>(setError)
  const [passwordFor, setPasswordFor] = useState<User | null>(null)
  const roles = useRoleChoices()
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
    changes: Partial<Pick<User, 'role' | 'department' | 'supervisorId'>> & {
      customRoleId?: string
    },
  ) =>
    run(async () => {
      await api('PATCH', `/users/${user.id}`, changes)
      await queryClient.invalidateQueries({ queryKey: ['roles'] })
    })
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
                  value={roles.valueOf(user)}
                  style={{ width: 150 }}
                  data-testid={`role-${user.email}`}
                  onChange={(value: string) => void update(user, roles.changeFor(value))}
                  options={roles.options}
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
            ...(unitColumn ? [unitColumn] : []),
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
              title: time.heading(t('created')),
              dataIndex: 'createdAt',
              render: (v: string) => time.dateTime(v),
            },
            {
              title: (
                <span data-testid="user-last-login-heading">
                  {time.heading(t('userLastLogin'))}
                </span>
              ),
              dataIndex: 'lastLoginAt',
              render: (v: string | null, user: User) => (
                <span data-testid={`last-login-${user.email}`}>
                  {v ? time.dateTime(v) : t('never')}
                </span>
              ),
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
                        time: time.labelled(user.lockedUntil),
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
        <Form
          form={form}
          layout="inline"
          onFinish={add}
          initialValues={{ role: 'analyst', signIn: 'password' }}
        >
          <Form.Item name="email" rules={[{ required: true, type: 'email' }]}>
            <Input placeholder={t('email')} />
          </Form.Item>
          <Form.Item name="displayName" rules={[{ required: true }]}>
            <Input placeholder={t('displayName')} />
          </Form.Item>
          <Form.Item name="signIn" tooltip={t('signInSsoOnlyHelp')}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 'password', label: t('signInWithPassword') },
                { value: 'sso', label: t('signInSsoOnly') },
              ]}
              data-testid="new-user-sign-in"
            />
          </Form.Item>
          <Form.Item noStyle dependencies={['signIn']}>
            {({ getFieldValue }) =>
              getFieldValue('signIn') === 'sso' ? null : (
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
              )
            }
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
