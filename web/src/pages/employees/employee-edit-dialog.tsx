import { Alert, Form, Input, Modal, Select } from 'antd'
import { useState } from 'react'
import type { UnitRecord } from '../units/units-api'
import { useEmployeeWords } from './employee-words'
import { createEmployee, type Employee, type EmployeeStatus, updateEmployee } from './employees-api'
import { unitNameIn } from '../units/unit-name'

interface Values {
  code: string
  name: string
  unitId: string | null
  position: string
  status: EmployeeStatus
}

/** Create an employee, or change one's name, unit, position and status (the code stays). */
export function EmployeeEditDialog({
  employee,
  units,
  onClose,
  onSaved,
}: {
  /** null: a new employee. */
  employee: Employee | null
  units: readonly UnitRecord[]
  onClose: () => void
  onSaved: () => Promise<unknown>
}) {
  const { t, locale, errorText } = useEmployeeWords()
  const [form] = Form.useForm<Values>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const save = async (values: Values) => {
    setBusy(true)
    setError(null)
    try {
      const common = {
        name: values.name,
        unitId: values.unitId ?? null,
        position: values.position?.trim() || null,
        status: values.status,
      }
      if (employee) await updateEmployee(employee.id, common)
      else await createEmployee({ ...common, code: values.code })
      await onSaved()
      onClose()
    } catch (e) {
      setError(errorText(e))
    } finally {
      setBusy(false)
    }
  }
  const unitName = (u: UnitRecord) => unitNameIn(u, locale)
  return (
    <Modal
      open
      title={
        employee ? t('employees.editTitle', { code: employee.code }) : t('employees.createTitle')
      }
      okText={t('employees.save')}
      cancelText={t('employees.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'employee-save' } as Record<string, string>}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => void save(v)}
        initialValues={{
          code: employee?.code ?? '',
          name: employee?.name ?? '',
          unitId: employee?.unitId ?? null,
          position: employee?.position ?? '',
          status: employee?.status ?? 'active',
        }}
      >
        <Form.Item name="code" label={t('employees.code')} rules={[{ required: true }]}>
          <Input disabled={employee !== null} data-testid="employee-code" />
        </Form.Item>
        <Form.Item name="name" label={t('employees.name')} rules={[{ required: true }]}>
          <Input data-testid="employee-name" />
        </Form.Item>
        <Form.Item name="unitId" label={t('employees.unit')}>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder={t('employees.noUnit')}
            data-testid="employee-unit"
            options={units.map((u) => ({ value: u.id, label: `${u.code} ${unitName(u)}` }))}
          />
        </Form.Item>
        <Form.Item name="position" label={t('employees.position')}>
          <Input data-testid="employee-position" />
        </Form.Item>
        <Form.Item name="status" label={t('employees.status')}>
          <Select
            data-testid="employee-status"
            options={(['active', 'left'] as const).map((s) => ({
              value: s,
              label: t(`employees.status.${s}`),
            }))}
          />
        </Form.Item>
      </Form>
      {error && <Alert type="error" title={error} showIcon data-testid="employee-error" />}
    </Modal>
  )
}
