import { useMutation, useQueryClient } from '@tanstack/react-query'
import { Alert, DatePicker, Form, Input, Modal, Select } from 'antd'
import type { Dayjs } from 'dayjs'
import { useState } from 'react'
import { useOrgTime } from '../../components/org-time'
import { usePageWords } from '../../i18n/page-words'
import { useVisibleUnits } from '../units/use-visible-units'
import { recipientsFromText, wallTimeToIso } from './notice-time'
import { createNotice } from './notices-api'
import { NOTICE_EN, NOTICE_ZH } from './notice-words'
import { unitNameIn } from '../units/unit-name'

interface FormValues {
  kind: 'planned_outage' | 'disruption'
  title: string
  reason: string
  period: [Dayjs, Dayjs]
  unitIds?: string[]
  recipients?: string
}

/** Announce an outage: kind, title, reason, the period on the organisation's clock, the area or a list. */
export function NoticeForm({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t, locale, errorText } = usePageWords(NOTICE_ZH, NOTICE_EN)
  const orgTime = useOrgTime()
  const [form] = Form.useForm<FormValues>()
  const [error, setError] = useState<string>()
  const client = useQueryClient()
  const units = useVisibleUnits({ enabled: open })
  const create = useMutation({
    mutationFn: createNotice,
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['notices'] })
      await client.invalidateQueries({ queryKey: ['notice-compliance'] })
      form.resetFields()
      onClose()
    },
    onError: (e) => setError(errorText(e)),
  })
  const wall = (d: Dayjs) =>
    wallTimeToIso(
      { year: d.year(), month: d.month() + 1, day: d.date(), hour: d.hour(), minute: d.minute() },
      orgTime.timeZone,
    )
  const submit = async () => {
    setError(undefined)
    const v = await form.validateFields()
    create.mutate({
      kind: v.kind,
      title: v.title,
      reason: v.reason,
      startsAt: wall(v.period[0]),
      endsAt: wall(v.period[1]),
      unitIds: v.unitIds ?? [],
      recipients: recipientsFromText(v.recipients ?? '', locale),
    })
  }
  return (
    <Modal
      open={open}
      title={t('newNotice')}
      okText={t('send')}
      cancelText={t('cancel')}
      onOk={submit}
      onCancel={onClose}
      confirmLoading={create.isPending}
      okButtonProps={{ 'data-testid': 'notice-submit' } as Record<string, string>}
      width={640}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={{ kind: 'planned_outage' }}>
        <Form.Item name="kind" label={t('kind')} rules={[{ required: true }]}>
          <Select
            data-testid="notice-kind"
            options={[
              { value: 'planned_outage', label: t('kind.planned_outage') },
              { value: 'disruption', label: t('kind.disruption') },
            ]}
          />
        </Form.Item>
        <Form.Item name="title" label={t('title')} rules={[{ required: true, max: 100 }]}>
          <Input data-testid="notice-title" placeholder={t('titleHint')} />
        </Form.Item>
        <Form.Item name="reason" label={t('reason')} rules={[{ required: true, max: 500 }]}>
          <Input.TextArea data-testid="notice-reason" rows={2} />
        </Form.Item>
        <Form.Item
          name="period"
          label={orgTime.heading(t('period'))}
          rules={[{ required: true, message: t('periodRequired') }]}
        >
          <DatePicker.RangePicker
            data-testid="notice-period"
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            style={{ width: '100%' }}
          />
        </Form.Item>
        <Form.Item name="unitIds" label={t('area')} extra={t('areaHint')}>
          <Select
            data-testid="notice-units"
            mode="multiple"
            allowClear
            optionFilterProp="label"
            loading={units.isLoading}
            options={(units.data ?? [])
              .filter((u) => u.closedAt === null)
              .map((u) => ({
                value: u.id,
                label: unitNameIn(u, locale),
              }))}
          />
        </Form.Item>
        <Form.Item name="recipients" label={t('list')} extra={t('listHint')}>
          <Input.TextArea data-testid="notice-recipients" rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  )
}
