import { useQuery, useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Card, Empty, Input, Space, Table, Tag, Typography } from 'antd'
import { useMemo, useState } from 'react'
import { Link } from 'react-router'
import { EmployeeEditDialog } from './employees/employee-edit-dialog'
import { EmployeeImportDialog } from './employees/employee-import-dialog'
import { useEmployeeWords } from './employees/employee-words'
import { type Employee, fetchEmployees } from './employees/employees-api'
import { useVisibleUnits } from './units/use-visible-units'
import { fetchMe } from '../api/endpoints'
import { unitNameIn } from './units/unit-name'

/**
 * The organisation's employees (issue 19): who serves customers, in which unit, whether they
 * sign in; create and edit them, or import them from a file with a report per row.
 */
export function EmployeesPage() {
  const { t, locale, errorText } = useEmployeeWords()
  const me = useQuery({ queryKey: ['me'], queryFn: fetchMe })
  const queryClient = useQueryClient()
  const employees = useQuery({ queryKey: ['employees'], queryFn: fetchEmployees })
  const units = useVisibleUnits()
  const [search, setSearch] = useState('')
  const [dialog, setDialog] = useState<'import' | 'create' | Employee | null>(null)
  const list = employees.data ?? []
  const unitById = useMemo(() => new Map((units.data ?? []).map((u) => [u.id, u])), [units.data])
  const needle = search.trim().toLowerCase()
  const shown = list.filter(
    (e) => needle === '' || e.code.toLowerCase().includes(needle) || e.name.includes(search.trim()),
  )
  const reload = () => queryClient.invalidateQueries({ queryKey: ['employees'] })
  const canWrite = me.data?.permissions.includes('employees:write') ?? false
  const unitLabel = (id: string | null) => {
    const unit = id ? unitById.get(id) : undefined
    if (!unit) return t('employees.noUnit')
    return unitNameIn(unit, locale)
  }
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={t('employees.title')}
        extra={
          <Typography.Text type="secondary" data-testid="employees-count">
            {t('employees.count', { n: String(list.length) })}
          </Typography.Text>
        }
      >
        <Typography.Paragraph type="secondary">{t('employees.intro')}</Typography.Paragraph>
        <Space wrap>
          {canWrite && (
            <Button type="primary" onClick={() => setDialog('create')} data-testid="employee-new">
              {t('employees.new')}
            </Button>
          )}
          {canWrite && (
            <Button onClick={() => setDialog('import')} data-testid="employee-import">
              {t('employees.import')}
            </Button>
          )}
          <Input.Search
            allowClear
            placeholder={t('employees.search')}
            onChange={(e) => setSearch(e.target.value)}
            style={{ width: 240, maxWidth: '100%' }}
            data-testid="employee-search"
          />
        </Space>
      </Card>
      {employees.isError && <Alert type="error" title={errorText(employees.error)} showIcon />}
      <Card>
        <Table
          size="small"
          rowKey="id"
          loading={employees.isLoading}
          dataSource={shown}
          scroll={{ x: 'max-content' }}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty description={t('employees.empty')} /> }}
          data-testid="employees-table"
          columns={[
            { title: t('employees.code'), dataIndex: 'code', fixed: 'left' },
            {
              title: t('employees.name'),
              dataIndex: 'name',
              // Every employee's scorecard, those who do not sign in too (the server keeps the
              // reader to their units, as it does this list).
              render: (name: string, e: Employee) => (
                <Link
                  to={`/employees/${e.id}/scorecard`}
                  data-testid={`employee-scorecard-${e.code}`}
                >
                  {name}
                </Link>
              ),
            },
            {
              title: t('employees.unit'),
              dataIndex: 'unitId',
              render: (id: string | null) => unitLabel(id),
            },
            {
              title: t('employees.position'),
              dataIndex: 'position',
              render: (p: string | null) => p ?? '—',
            },
            {
              title: t('employees.status'),
              dataIndex: 'status',
              render: (s: Employee['status']) => (
                <Tag color={s === 'active' ? 'green' : 'default'}>{t(`employees.status.${s}`)}</Tag>
              ),
            },
            {
              title: t('employees.signsIn'),
              dataIndex: 'userId',
              render: (u: string | null) =>
                u ? t('employees.signsInYes') : t('employees.signsInNo'),
            },
            ...(canWrite
              ? [
                  {
                    title: '',
                    key: 'edit',
                    render: (_: unknown, e: Employee) => (
                      <Button
                        size="small"
                        onClick={() => setDialog(e)}
                        data-testid={`employee-edit-${e.code}`}
                      >
                        {t('employees.edit')}
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {dialog === 'import' && (
        <EmployeeImportDialog onClose={() => setDialog(null)} onImported={reload} />
      )}
      {dialog !== null && dialog !== 'import' && (
        <EmployeeEditDialog
          employee={dialog === 'create' ? null : dialog}
          units={units.data ?? []}
          onClose={() => setDialog(null)}
          onSaved={reload}
        />
      )}
    </Space>
  )
}
