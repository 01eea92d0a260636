import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  Button,
  Card,
  Form,
  Input,
  List,
  Popconfirm,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd'
import { useState } from 'react'
import { ApiError, api } from '../../api/client'
import type {
  CustomerSegment,
  CustomerSegmentInput,
} from '../../../../src/customers/customer-segment.schema'
import type { LoyaltyProgramme } from '../../../../src/loyalty/loyalty.schema'
import { useVisibleUnits } from '../units/use-visible-units'
import type { usePageWords } from '../../i18n/page-words'
import type { PROGRAMMES_ZH } from './programmes-words'
import { unitNameIn } from '../units/unit-name'

type Words = ReturnType<typeof usePageWords<keyof typeof PROGRAMMES_ZH>>

export const fetchSegments = () =>
  api<{ segments: CustomerSegment[] }>('GET', '/customer-segments').then((r) => r.segments)
const saveSegment = (id: string | null, body: CustomerSegmentInput) =>
  id
    ? api<CustomerSegment>('PUT', `/customer-segments/${id}`, body)
    : api<CustomerSegment>('POST', '/customer-segments', body)
const deleteSegment = (id: string) => api<void>('DELETE', `/customer-segments/${id}`)

/** The programmes a SEGMENT_IN_USE refusal names. */
function programmesInError(error: unknown): string[] {
  if (!(error instanceof ApiError) || error.code !== 'SEGMENT_IN_USE') return []
  const listed = error.extra.programmes
  return Array.isArray(listed) ? listed.map((p) => String((p as { name?: unknown }).name)) : []
}
const fetchLoyaltyProgramme = () => api<LoyaltyProgramme | null>('GET', '/loyalty/programme')

/**
 * Saved customer segments (a unit and below, loyalty tiers): made, edited and deleted here, asked
 * by a programme. A segment a programme asks is not deleted: the refusal names the programmes.
 */
export function SegmentsCard({ words }: { words: Words }) {
  const { t, errorText, locale } = words
  const en = locale === 'en-US'
  const client = useQueryClient()
  const [form] = Form.useForm<{ name: string; unitId?: string; tiers?: string[] }>()
  const segments = useQuery({ queryKey: ['customer-segments'], queryFn: fetchSegments })
  const loyalty = useQuery({ queryKey: ['loyalty-programme'], queryFn: fetchLoyaltyProgramme })
  const units = useVisibleUnits()
  const unitName = (id: string | null) => {
    const unit = units.data?.find((u) => u.id === id)
    return unit ? unitNameIn(unit, locale) : (id ?? '')
  }
  const tierName = (code: string) => {
    const tier = loyalty.data?.tiers.find((x) => x.code === code)
    return tier ? (en ? tier.nameEn : tier.nameZh) : code
  }
  const [editing, setEditing] = useState<string | null>(null)
  const save = useMutation({
    mutationFn: (v: { name: string; unitId?: string; tiers?: string[] }) =>
      saveSegment(editing, { name: v.name, unitId: v.unitId ?? null, tiers: v.tiers ?? [] }),
    onSuccess: () => {
      form.resetFields()
      setEditing(null)
      return client.invalidateQueries({ queryKey: ['customer-segments'] })
    },
  })
  const remove = useMutation({
    mutationFn: (id: string) => deleteSegment(id),
    onSuccess: (_, id) => {
      if (id === editing) {
        form.resetFields()
        setEditing(null)
      }
      return client.invalidateQueries({ queryKey: ['customer-segments'] })
    },
  })
  const startEditing = (s: CustomerSegment) => {
    save.reset()
    remove.reset()
    setEditing(s.id)
    form.setFieldsValue({ name: s.name, unitId: s.unitId ?? undefined, tiers: s.tiers })
  }
  const stopEditing = () => {
    save.reset()
    setEditing(null)
    form.resetFields()
  }
  const inUse = programmesInError(remove.error)
  return (
    <Card size="small" title={t('programmes.segments')} data-testid="segments-card">
      <Typography.Paragraph type="secondary">{t('programmes.segments.help')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        <Space wrap align="start">
          <Form.Item
            name="name"
            label={t('programmes.segments.name')}
            rules={[{ required: true, message: t('programmes.required') }]}
          >
            <Input style={{ width: 200 }} data-testid="segment-name" />
          </Form.Item>
          <Form.Item name="unitId" label={t('programmes.audience.unit')}>
            <Select
              allowClear
              style={{ width: 200 }}
              placeholder={t('programmes.segments.anyUnit')}
              options={(units.data ?? []).map((u) => ({ value: u.id, label: unitName(u.id) }))}
            />
          </Form.Item>
          <Form.Item name="tiers" label={t('programmes.segments.tiers')}>
            <Select
              mode="multiple"
              allowClear
              style={{ width: 220 }}
              data-testid="segment-tiers"
              placeholder={t('programmes.segments.anyTier')}
              options={(loyalty.data?.tiers ?? []).map((x) => ({
                value: x.code,
                label: tierName(x.code),
              }))}
            />
          </Form.Item>
        </Space>
        <Space wrap>
          <Button
            htmlType="submit"
            type={editing ? 'primary' : 'default'}
            loading={save.isPending}
            data-testid="segment-save"
          >
            {t(editing ? 'programmes.segments.update' : 'programmes.segments.save')}
          </Button>
          {editing && (
            <Button onClick={stopEditing} data-testid="segment-cancel">
              {t('programmes.segments.cancel')}
            </Button>
          )}
        </Space>
        {save.error && (
          <Alert type="error" showIcon style={{ marginTop: 8 }} title={errorText(save.error)} />
        )}
      </Form>
      {remove.error && (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 8 }}
          data-testid="segment-delete-error"
          title={errorText(remove.error)}
          description={
            inUse.length > 0
              ? t('programmes.segments.inUse', { names: inUse.join(en ? ', ' : '、') })
              : undefined
          }
        />
      )}
      <List
        size="small"
        style={{ marginTop: 12 }}
        dataSource={segments.data ?? []}
        locale={{ emptyText: t('programmes.segments.none') }}
        renderItem={(s) => (
          <List.Item
            data-testid="segment-row"
            actions={[
              <Button
                key="edit"
                type="link"
                size="small"
                data-testid="segment-edit"
                onClick={() => startEditing(s)}
              >
                {t('programmes.segments.edit')}
              </Button>,
              <Popconfirm
                key="delete"
                title={t('programmes.segments.deleteConfirm', { name: s.name })}
                okText={t('programmes.segments.delete')}
                cancelText={t('programmes.segments.cancel')}
                onConfirm={() => remove.mutate(s.id)}
              >
                <Button type="link" size="small" danger data-testid="segment-delete">
                  {t('programmes.segments.delete')}
                </Button>
              </Popconfirm>,
            ]}
          >
            <Space wrap>
              <Typography.Text strong>{s.name}</Typography.Text>
              {s.unitId && <Tag>{unitName(s.unitId)}</Tag>}
              {s.tiers.map((code) => (
                <Tag key={code} color="gold">
                  {tierName(code)}
                </Tag>
              ))}
              <Typography.Text type="secondary">
                {t('programmes.segments.members', { n: s.members })}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  )
}
