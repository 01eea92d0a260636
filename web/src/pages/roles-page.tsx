import { useQuery, useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Card, Popconfirm, Space, Table, Tag, Typography } from 'antd'
import { useState } from 'react'
import { type CustomRole, deleteRole, fetchRoleMatrix, type RoleMatrix } from '../api/roles'
import { type MessageKey, useI18n } from '../i18n/i18n'
import { usePermissionWord } from '../i18n/permission-words'
import { RoleEditor } from './roles/role-editor'

type PermissionInfo = RoleMatrix['permissions'][number]

const AREA_COLOR = { system: 'blue', security: 'orange', audit: 'purple' } as const

/**
 * The role matrix: every permission (with its 等保 2.0 area) against the built-in roles, which
 * are read-only, and the organisation's custom roles, which a security administrator creates,
 * edits and deletes here (the server refuses a role holding all three areas).
 */
export function RolesPage() {
  const { t, errorText } = useI18n()
  const permissionWord = usePermissionWord()
  const queryClient = useQueryClient()
  const matrix = useQuery({ queryKey: ['roles'], queryFn: fetchRoleMatrix })
  const [editing, setEditing] = useState<CustomRole | 'new' | null>(null)
  const [error, setError] = useState<string | null>(null)
  const remove = async (role: CustomRole) => {
    setError(null)
    try {
      await deleteRole(role.id)
      await queryClient.invalidateQueries({ queryKey: ['roles'] })
    } catch (e) {
      setError(errorText(e))
    }
  }
  const data = matrix.data
  const tick = (held: boolean, testId: string) =>
    held ? <span data-testid={testId}>✓</span> : null
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={t('roles')}>
        <Typography.Paragraph type="secondary">{t('rolesIntro')}</Typography.Paragraph>
        {matrix.isError && <Alert type="error" title={errorText(matrix.error)} />}
        {error && <Alert type="error" title={error} showIcon data-testid="roles-error" />}
        <Space wrap style={{ marginBottom: 12 }}>
          <Button type="primary" onClick={() => setEditing('new')} data-testid="role-new">
            {t('roleNew')}
          </Button>
          {data && data.custom.length === 0 && (
            <Typography.Text type="secondary">{t('roleNone')}</Typography.Text>
          )}
        </Space>
        <Table<PermissionInfo>
          rowKey="name"
          size="small"
          pagination={false}
          loading={matrix.isPending}
          dataSource={data?.permissions ?? []}
          scroll={{ x: 'max-content' }}
          data-testid="role-matrix"
          columns={[
            {
              title: t('rolePermission'),
              fixed: 'left',
              // Narrow enough on a phone that the roles' columns scroll beside it.
              width: 180,
              render: (_, p) => <span title={p.name}>{permissionWord(p.name)}</span>,
            },
            {
              title: t('roleArea'),
              render: (_, p) => (
                <Tag color={AREA_COLOR[p.area]}>{t(`area.${p.area}` as MessageKey)}</Tag>
              ),
            },
            ...(data?.builtIn ?? []).map((r) => ({
              key: r.role,
              title: t(`role.${r.role}` as MessageKey),
              align: 'center' as const,
              render: (_: unknown, p: PermissionInfo) =>
                tick(r.permissions.includes(p.name), `cell-${r.role}-${p.name}`),
            })),
            ...(data?.custom ?? []).map((role) => ({
              key: role.id,
              align: 'center' as const,
              title: (
                <Space orientation="vertical" size={2} data-testid={`custom-role-${role.name}`}>
                  <span>
                    {role.name} <Tag>{t('roleCustomTag')}</Tag>
                  </span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('roleMembers', { n: String(role.members) })}
                  </Typography.Text>
                  <Space size={4}>
                    <Button size="small" onClick={() => setEditing(role)}>
                      {t('edit')}
                    </Button>
                    <Popconfirm
                      title={t('roleDeleteConfirm', { name: role.name })}
                      onConfirm={() => void remove(role)}
                    >
                      <Button size="small" danger>
                        {t('roleDelete')}
                      </Button>
                    </Popconfirm>
                  </Space>
                </Space>
              ),
              render: (_: unknown, p: PermissionInfo) =>
                tick(role.permissions.includes(p.name), `cell-${role.name}-${p.name}`),
            })),
          ]}
        />
      </Card>
      {editing && data && (
        <RoleEditor
          role={editing === 'new' ? null : editing}
          permissions={data.permissions}
          onClose={() => setEditing(null)}
        />
      )}
    </Space>
  )
}
