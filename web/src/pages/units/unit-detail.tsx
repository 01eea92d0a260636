import {
  Button,
  Card,
  Divider,
  Form,
  Input,
  Popconfirm,
  Space,
  Typography,
  TreeSelect,
  AutoComplete,
  message,
} from 'antd'
import { useState } from 'react'
import { useOrgTime } from '../../components/org-time'
import { useUnitWords } from './unit-words'
import { UNIT_TYPES, useUnitTypeLabel } from './unit-types'
import { closeUnit, mergeUnit, moveUnit, type UnitRecord, updateUnit } from './units-api'
import { unitTreeSelectData } from './unit-tree-select'
import { unitNameIn } from './unit-name'
import { UnitPlaceForm, UnitPlaceSummary } from './unit-place-form'
import { unitPlaceEnUS, unitPlaceZhCN } from './unit-place-words'
import { usePageWords } from '../../i18n/page-words'

/**
 * One unit: rename (names, type), its location and opening hours, move under another parent,
 * merge into another, close.
 */
export function UnitDetail({
  unit,
  units,
  onChanged,
  onError,
  readOnly = false,
}: {
  unit: UnitRecord
  units: readonly UnitRecord[]
  onChanged: () => Promise<unknown>
  onError: (text: string | null) => void
  /** Without units:write: the unit's place and hours only, no forms the server would refuse. */
  readOnly?: boolean
}) {
  const { t, locale, errorText } = useUnitWords()
  const time = useOrgTime()
  const typeLabel = useUnitTypeLabel()
  const words = usePageWords(unitPlaceZhCN, unitPlaceEnUS)
  const [form] = Form.useForm<{ nameZh: string; nameEn?: string; type: string }>()
  const [parentId, setParentId] = useState<string | null>(unit.parentId)
  const [intoId, setIntoId] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const open = units.filter((u) => u.closedAt === null)
  const byId = new Map(units.map((u) => [u.id, u]))
  const closed = unit.closedAt !== null
  const run = async (action: () => Promise<unknown>, done?: string) => {
    setBusy(true)
    onError(null)
    try {
      await action()
      await onChanged()
      if (done) void message.success(done)
    } catch (e) {
      onError(errorText(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Card
      size="small"
      title={
        <span data-testid="unit-detail-title">
          {unitNameIn(unit, locale)} <Typography.Text type="secondary">{unit.code}</Typography.Text>
        </span>
      }
    >
      {closed && unit.closedAt !== null && (
        <Typography.Paragraph type="secondary">
          {t('units.closedAt', { date: time.labelled(new Date(unit.closedAt).toISOString()) })}
        </Typography.Paragraph>
      )}
      <UnitPlaceSummary unit={unit} />
      {!readOnly && (
        <>
          <Typography.Title level={5}>{t('units.rename')}</Typography.Title>
          <Form
            form={form}
            layout="vertical"
            disabled={busy}
            initialValues={{ nameZh: unit.nameZh, nameEn: unit.nameEn ?? '', type: unit.type }}
            onFinish={(v) =>
              void run(
                () =>
                  updateUnit(unit.id, {
                    nameZh: v.nameZh.trim(),
                    nameEn: v.nameEn?.trim() || null,
                    type: v.type.trim() || unit.type,
                  }),
                t('units.saved'),
              )
            }
          >
            <Form.Item
              name="nameZh"
              label={t('units.nameZh')}
              rules={[{ required: true, max: 200 }]}
            >
              <Input data-testid="unit-rename-zh" />
            </Form.Item>
            <Form.Item name="nameEn" label={t('units.nameEn')} rules={[{ max: 200 }]}>
              <Input />
            </Form.Item>
            <Form.Item name="type" label={t('units.type')} rules={[{ required: true, max: 32 }]}>
              <AutoComplete
                options={UNIT_TYPES.map((type) => ({ value: type, label: typeLabel(type) }))}
              />
            </Form.Item>
            <Button htmlType="submit" data-testid="unit-rename-save">
              {t('units.save')}
            </Button>
          </Form>
          <Divider />
          <Typography.Title level={5}>{words.t('place.title')}</Typography.Title>
          <UnitPlaceForm
            key={unit.id}
            unit={unit}
            busy={busy}
            onSave={(place) => void run(() => updateUnit(unit.id, place), words.t('place.saved'))}
          />
          {!closed && (
            <>
              <Divider />
              <Typography.Title level={5}>{t('units.move')}</Typography.Title>
              <Space.Compact style={{ width: '100%' }}>
                <TreeSelect
                  style={{ width: '100%' }}
                  allowClear
                  showSearch
                  treeNodeFilterProp="title"
                  placeholder={t('units.noParent')}
                  value={parentId ?? undefined}
                  onChange={(v) => setParentId(v ?? null)}
                  treeData={unitTreeSelectData(open, locale, unit.id)}
                  treeDefaultExpandAll
                  data-testid="unit-move-parent"
                />
                <Button
                  disabled={busy || parentId === unit.parentId}
                  onClick={() => void run(() => moveUnit(unit.id, parentId), t('units.moved'))}
                  data-testid="unit-move"
                >
                  {t('units.moveAction')}
                </Button>
              </Space.Compact>
              <Divider />
              <Typography.Title level={5}>{t('units.merge')}</Typography.Title>
              <Space.Compact style={{ width: '100%' }}>
                <TreeSelect
                  style={{ width: '100%' }}
                  allowClear
                  showSearch
                  treeNodeFilterProp="title"
                  value={intoId ?? undefined}
                  onChange={(v) => setIntoId(v ?? null)}
                  treeData={unitTreeSelectData(open, locale, unit.id)}
                  treeDefaultExpandAll
                  data-testid="unit-merge-into"
                />
                <Popconfirm
                  title={t('units.mergeConfirm', {
                    from: unitNameIn(unit, locale),
                    to: intoId && byId.has(intoId) ? unitNameIn(byId.get(intoId)!, locale) : '',
                  })}
                  disabled={!intoId}
                  onConfirm={() => intoId && void run(() => mergeUnit(unit.id, intoId))}
                >
                  <Button danger disabled={busy || !intoId} data-testid="unit-merge">
                    {t('units.mergeAction')}
                  </Button>
                </Popconfirm>
              </Space.Compact>
              <Divider />
              <Popconfirm
                title={t('units.closeConfirm', { name: unitNameIn(unit, locale) })}
                onConfirm={() => void run(() => closeUnit(unit.id))}
              >
                <Button danger disabled={busy} data-testid="unit-close">
                  {t('units.close')}
                </Button>
              </Popconfirm>
            </>
          )}
        </>
      )}
    </Card>
  )
}
