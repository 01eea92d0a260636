import { useQuery } from '@tanstack/react-query'
import { fetchMe } from '../../api/endpoints'
import { fetchRoleMatrix } from '../../api/roles'
import type { UserSummary as User } from '../../api/types'
import { useI18n } from '../../i18n/i18n'
import { ROLES, type Role } from '../../../../src/shared/role'

const CUSTOM = 'custom:'

/**
 * The roles a member may be given on the users page: the built-in ones, and for a security
 * administrator (roles:manage) the organisation's custom roles too, as `custom:<id>` choices.
 */
export function useRoleChoices() {
  const { t } = useI18n()
  const me = useQuery({ queryKey: ['me'], queryFn: fetchMe, retry: false })
  const managesRoles = me.data?.permissions.includes('roles:manage') ?? false
  const matrix = useQuery({
    queryKey: ['roles'],
    queryFn: fetchRoleMatrix,
    enabled: managesRoles,
  })
  const held = new Map(
    (matrix.data?.assignments ?? []).map((a) => [a.userId, a.customRoleId] as const),
  )
  return {
    options: [
      ...ROLES.map((r) => ({ value: r as string, label: t(`role.${r}` as never) })),
      ...(matrix.data?.custom ?? []).map((r) => ({
        value: `${CUSTOM}${r.id}`,
        label: `${r.name} · ${t('roleCustomTag')}`,
      })),
    ],
    /** The select's value for the member: their custom role when they hold one. */
    valueOf: (user: User): string =>
      held.has(user.id) ? `${CUSTOM}${held.get(user.id)}` : user.role,
    /** The change a chosen value asks for. */
    changeFor: (value: string): { role: Role } | { customRoleId: string } =>
      value.startsWith(CUSTOM)
        ? { customRoleId: value.slice(CUSTOM.length) }
        : { role: value as Role },
  }
}
