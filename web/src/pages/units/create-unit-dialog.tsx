import { Alert, AutoComplete, Form, Input, Modal, TreeSelect } from 'antd'
import { useState } from 'react'
import { useUnitWords } from './unit-words'
import { UNIT_TYPES, useUnitTypeLabel } from './unit-types'
import { createUnit, type UnitRecord } from './units-api'
import { unitTreeSelectData } from './unit-tree-select'

interface Values {
  code: string
  nameZh: string
  nameEn?: string
  type?: string
  parentId?: string
}

/** A new unit: code, names, type and parent (the selected unit, if any). */
export function CreateUnitDialog({
  units,
  parentId,
  onClose,
  onCreated,
}: {
  units: readonly UnitRecord[]
  parentId: string | null
  onClose: () => void
  onCreated: (unit: UnitRecord) => void | Promise<void>
}) {
  const { t, locale, errorText } = useUnitWords()
  const typeLabel = useUnitTypeLabel()
  const [form] = Form.useForm<Values>()
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const submit = async (values: Values) => {
    setBusy(true)
    setError(null)
    try {
      const unit = await createUnit({
        code: values.code.trim(),
        nameZh: values.nameZh.trim(),
        nameEn: values.nameEn?.trim() || null,
        type: values.type?.trim() || 'unit',
        parentId: values.parentId ?? null,
      })
      await onCreated(unit)
    } catch (e) {
      setError(errorText(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Modal
      open
      title={t('units.new')}
      okText={t('units.create')}
      cancelText={t('units.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ id: 'unit-create-submit' }}
    >
      {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ parentId: parentId ?? undefined, type: 'unit' }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item name="code" label={t('units.code')} rules={[{ required: true, max: 64 }]}>
          <Input data-testid="unit-create-code" />
        </Form.Item>
        <Form.Item name="nameZh" label={t('units.nameZh')} rules={[{ required: true, max: 200 }]}>
          <Input data-testid="unit-create-name" />
        </Form.Item>
        <Form.Item name="nameEn" label={t('units.nameEn')} rules={[{ max: 200 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="type" label={t('units.type')}>
          <AutoComplete
            options={UNIT_TYPES.map((type) => ({ value: type, label: typeLabel(type) }))}
          />
        </Form.Item>
        <Form.Item name="parentId" label={t('units.parent')}>
          <TreeSelect
            allowClear
            showSearch
            treeNodeFilterProp="title"
            placeholder={t('units.noParent')}
            treeData={unitTreeSelectData(
              units.filter((u) => u.closedAt === null),
              locale,
            )}
            treeDefaultExpandAll
          />
        </Form.Item>
      </Form>
    </Modal>
  )
}
