import { useQuery, useQueryClient } from '@tanstack/react-query'
import { Space, TreeSelect, Typography } from 'antd'
import type { ColumnType } from 'antd/es/table'
import { useState } from 'react'
import { fetchMe } from '../../api/endpoints'
import { useUnitWords } from './unit-words'
import { fetchMembershipUnits, setMembershipUnits } from './units-api'
import { useVisibleUnits } from './use-visible-units'
import { unitTreeSelectData } from './unit-tree-select'

/**
 * The users page's "units" column: the units each member is limited to (none: the whole
 * organisation), chosen from the unit tree. Shown to those who may read the units and change
 * users; null otherwise. The server refuses a unit of another organisation. A reader limited to
 * units sees only the member's units within theirs; a member limited only to units beyond them
 * reads "other units" (not "all units") and cannot be changed here; one limited partly beyond them
 * keeps those units on a change (the server keeps them). A member of the whole organisation is
 * read-only, with the reason, for a reader limited to units (the server refuses them the change).
 */
export function useMembershipUnitColumn<U extends { id: string; email: string }>(
  onError: (text: string | null) => void,
): ColumnType<U> | null {
  const { t, locale, errorText } = useUnitWords()
  const queryClient = useQueryClient()
  const me = useQuery({ queryKey: ['me'], queryFn: fetchMe, retry: false })
  const permissions: readonly string[] = me.data?.permissions ?? []
  const allowed = permissions.includes('units:read') && permissions.includes('users:write')
  const units = useVisibleUnits({ enabled: allowed })
  const held = useQuery({
    queryKey: ['membership-units'],
    queryFn: fetchMembershipUnits,
    enabled: allowed,
  })
  const [saving, setSaving] = useState<string | null>(null)
  // The reader is limited to units when they hold any (GET /memberships/units names their own).
  const meId = me.data?.user?.id
  const readerLimited = meId !== undefined && (held.data?.memberships[meId] ?? []).length > 0
  if (!allowed || (units.data ?? []).length === 0) return null
  const treeData = unitTreeSelectData(
    (units.data ?? []).filter((u) => u.closedAt === null),
    locale,
  )
  const save = async (userId: string, unitIds: string[]) => {
    setSaving(userId)
    onError(null)
    try {
      await setMembershipUnits(userId, unitIds)
      await queryClient.invalidateQueries({ queryKey: ['membership-units'] })
    } catch (e) {
      onError(errorText(e))
    } finally {
      setSaving(null)
    }
  }
  return {
    title: t('units.membershipUnits'),
    key: 'units',
    render: (_, user) => {
      const own = held.data?.memberships[user.id] ?? []
      const beyond = held.data?.elsewhere.includes(user.id) ?? false
      if (readerLimited && held.data && !beyond && own.length === 0)
        return (
          <Space direction="vertical" size={0} data-testid={`units-${user.email}`}>
            <Typography.Text>{t('units.membershipAll')}</Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('units.membershipAllReadOnly')}
            </Typography.Text>
          </Space>
        )
      return (
        <TreeSelect
          size="small"
          multiple
          allowClear
          showSearch
          treeNodeFilterProp="title"
          maxTagCount={2}
          loading={saving === user.id}
          placeholder={t(beyond ? 'units.membershipElsewhere' : 'units.membershipAll')}
          title={t(beyond ? 'units.membershipKeepsElsewhere' : 'units.membershipPick')}
          disabled={beyond && own.length === 0}
          style={{ width: 200 }}
          value={own}
          onChange={(ids: string[]) => void save(user.id, ids)}
          treeData={treeData}
          data-testid={`units-${user.email}`}
        />
      )
    },
  }
}
