import { useQuery } from '@tanstack/react-query'
import { Select } from 'antd'
import { fetchCaseOwners } from '../api/case-list-api'
import { useI18n } from '../i18n/i18n'

/** The active agents and supervisors, cached for the page (the picker and the filter chips). */
export function useCaseOwners() {
  return useQuery({ queryKey: ['case-owners'], queryFn: fetchCaseOwners, staleTime: 60_000 })
}

/**
 * Whom to give a case to: the active agents and supervisors by name, with their role and
 * department, searchable by name or department.
 */
export function CaseOwnerPicker({
  value,
  onChange,
  testId = 'owner-picker',
}: {
  value: string | undefined
  onChange(ownerId: string | undefined): void
  testId?: string
}) {
  const { t } = useI18n()
  const owners = useCaseOwners()
  return (
    <Select
      showSearch={{ optionFilterProp: 'search' }}
      allowClear
      value={value}
      onChange={(v: string | undefined) => onChange(v)}
      loading={owners.isPending}
      placeholder={t('casePickOwner')}
      style={{ minWidth: 220 }}
      data-testid={testId}
      options={(owners.data ?? []).map((o) => ({
        value: o.id,
        search: `${o.name} ${o.department ?? ''}`,
        label: `${o.name} · ${t(`role.${o.role}` as 'role.agent')}${o.department ? ` · ${o.department}` : ''}`,
      }))}
    />
  )
}
