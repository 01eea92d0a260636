import { useQuery, useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Card, Form, Input, Select, Space, Table } from 'antd'
import dayjs from 'dayjs'
import { useState } from 'react'
import { api } from '../api/client'
import { useI18n } from '../i18n/i18n'

interface User {
  id: string
  email: string
  displayName: string
  role: string
  createdAt: string
}

const ROLES = ['admin', 'supervisor', 'analyst', 'agent', 'viewer'] as const

export function UsersPage() {
  const { t, errorText } = useI18n()
  const queryClient = useQueryClient()
  const [form] = Form.useForm()
  const [error, setError] = useState<string | null>(null)
  const users = useQuery({ queryKey: ['users'], queryFn: () => api<{ users: User[] }>('GET', '/users').then((r) => r.users) })
  const add = async (values: Record<string, string>) => {
    setError(null)
    try {
      await api('POST', '/users', values)
      form.resetFields()
      await queryClient.invalidateQueries({ queryKey: ['users'] })
    } catch (e) {
      setError(errorText(e))
    }
  }
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={t('users')}>
        {users.isError && <Alert type="error" title={errorText(users.error)} />}
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          loading={users.isPending}
          dataSource={users.data ?? []}
          columns={[
            { title: t('email'), dataIndex: 'email' },
            { title: t('displayName'), dataIndex: 'displayName' },
            { title: t('role'), dataIndex: 'role', render: (role: string) => t(`role.${role}` as never) },
            { title: t('created'), dataIndex: 'createdAt', render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
          ]}
        />
      </Card>
      <Card title={t('addUser')}>
        {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 12 }} />}
        <Form form={form} layout="inline" onFinish={add} initialValues={{ role: 'analyst' }}>
          <Form.Item name="email" rules={[{ required: true, type: 'email' }]}>
            <Input placeholder={t('email')} />
          </Form.Item>
          <Form.Item name="displayName" rules={[{ required: true }]}>
            <Input placeholder={t('displayName')} />
          </Form.Item>
          <Form.Item name="password" rules={[{ required: true, min: 10 }]}>
            <Input.Password placeholder={t('initialPassword')} autoComplete="new-password" />
          </Form.Item>
          <Form.Item name="role">
            <Select style={{ width: 140 }} options={ROLES.map((r) => ({ value: r, label: t(`role.${r}` as never) }))} />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t('addUser')}
          </Button>
        </Form>
      </Card>
    </Space>
  )
}
