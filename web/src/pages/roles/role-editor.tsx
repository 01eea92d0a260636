import { useQueryClient } from '@tanstack/react-query'
import { Alert, Checkbox, Form, Input, Modal, Space, Tag } from 'antd'
import { useState } from 'react'
import { type CustomRole, createRole, type RoleMatrix, updateRole } from '../../api/roles'
import { type MessageKey, useI18n } from '../../i18n/i18n'
import { usePermissionWord } from '../../i18n/permission-words'

const AREAS = ['system', 'security', 'audit'] as const

/** Create or change a custom role: its name, description and permissions, grouped by area. */
export function RoleEditor({
  role,
  permissions,
  onClose,
}: {
  role: CustomRole | null
  permissions: RoleMatrix['permissions']
  onClose: () => void
}) {
  const { t, errorText } = useI18n()
  const permissionWord = usePermissionWord()
  const queryClient = useQueryClient()
  const [name, setName] = useState(role?.name ?? '')
  const [description, setDescription] = useState(role?.description ?? '')
  const [chosen, setChosen] = useState<string[]>(role?.permissions ?? [])
  const [error, setError] = useState<string | null>(null)
  const save = async () => {
    setError(null)
    const input = { name: name.trim(), description: description.trim(), permissions: chosen }
    try {
      if (role) await updateRole(role.id, input)
      else await createRole(input)
      await queryClient.invalidateQueries({ queryKey: ['roles'] })
      onClose()
    } catch (e) {
      setError(errorText(e))
    }
  }
  return (
    <Modal
      open
      title={role ? t('roleEdit') : t('roleNew')}
      onOk={() => void save()}
      onCancel={onClose}
      width={640}
      okButtonProps={
        {
          disabled: name.trim() === '' || chosen.length === 0,
          'data-testid': 'role-save',
        } as never
      }
    >
      <Form layout="vertical">
        <Form.Item label={t('roleName')} required>
          <Input
            value={name}
            maxLength={60}
            onChange={(e) => setName(e.target.value)}
            data-testid="role-name"
          />
        </Form.Item>
        <Form.Item label={t('roleDescription')}>
          <Input
            value={description}
            maxLength={300}
            onChange={(e) => setDescription(e.target.value)}
          />
        </Form.Item>
        <Form.Item label={t('rolePermissions')} required>
          <Checkbox.Group
            value={chosen}
            onChange={(values) => setChosen(values as string[])}
            style={{ width: '100%' }}
          >
            <Space orientation="vertical" size="small" style={{ width: '100%' }}>
              {AREAS.map((area) => (
                <div key={area}>
                  <Tag style={{ marginBottom: 4 }}>{t(`area.${area}` as MessageKey)}</Tag>
                  <Space orientation="vertical" size={2}>
                    {permissions
                      .filter((p) => p.area === area)
                      .map((p) => (
                        <Checkbox key={p.name} value={p.name} data-testid={`perm-${p.name}`}>
                          {permissionWord(p.name)}
                        </Checkbox>
                      ))}
                  </Space>
                </div>
              ))}
            </Space>
          </Checkbox.Group>
        </Form.Item>
      </Form>
      {error && <Alert type="error" title={error} showIcon data-testid="role-error" />}
    </Modal>
  )
}
