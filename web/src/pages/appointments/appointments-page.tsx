import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Card, Input, Space, Table, Tag, Typography } from 'antd'
import { useState } from 'react'
import type { Me } from '../../api/types'
import { usePageWords } from '../../i18n/page-words'
import { useVisibleUnits } from '../units/use-visible-units'
import {
  type Booking,
  fetchAppointmentWaits,
  fetchBookings,
  fetchNoShows,
  fetchSlots,
  fetchSmsSettings,
  markArrived,
  markNoShow,
  saveSmsSettings,
} from './appointments-api'
import { unitNameIn } from '../units/unit-name'

// Appointments at halls and home visits: the coming slots and bookings (staff mark arrival with
// the queue ticket, or a no-show), the no-show rate per unit (Wilson 95% interval) and the queue
// wait of visitors by appointment against walk-ins. Words live with the page.

const ZH = {
  pageTitle: '预约管理',
  publicLink: '客户预约链接',
  bookings: '预约（昨天起 14 天）',
  bookingsByCode: '预约码 {code} 的预约（不限日期）',
  time: '时间',
  unit: '单位',
  customer: '客户',
  phone: '电话',
  address: '上门地址',
  code: '预约码',
  findCode: '按预约码查找，如 3FA9C2',
  noCode: '没有此预约码的预约（在您负责的单位中）',
  badCode: '预约码为 6 位，由数字 0–9 和字母 A–F 组成',
  status: '状态',
  ticket: '排队号',
  actions: '操作',
  arrived: '到达',
  noShow: '未到',
  ticketPlaceholder: '号码（选填）',
  booked: '已预约',
  arrivedStatus: '已到达',
  noShowStatus: '未到',
  cancelled: '已取消',
  slots: '时段（昨天起 14 天）',
  places: '已约 / 名额',
  noShows: '爽约率（近 28 天）',
  settled: '已登记',
  noShowCount: '未到',
  rate: '爽约率',
  interval: '95% 区间',
  unmarked: '未登记',
  waits: '预约与现场取号的排队等候（近 28 天，分钟）',
  group: '来客',
  appointment: '预约',
  walkIn: '现场取号',
  n: '人数',
  median: '中位数',
  mean: '平均（95% 区间）',
  waitNote:
    '预约者以到达时登记的排队号对应排队记录；只计已叫号的取号。这是观察比较，预约者可能选择了较空闲的时段。',
  none: '暂无数据',
  noShowsEmpty: '预约时间过后登记“到达”或“未到”，这里按单位显示爽约率',
  waitsEmpty: '到达时登记排队号、且营业厅报送了排队记录后，这里比较预约与现场取号的等候',
  sms: '预约短信模板（云短信）',
  smsHelp:
    '渠道设置中选择了阿里云或腾讯云短信时，预约确认和提醒用这里的模板发送；留空或未选择云短信时，经通知设置中的短信网关发送整段文字，取消通知总是经短信网关发送。模板变量如下。',
  varName: '客户姓名',
  varHall: '营业厅或上门区域',
  varTime: '时间',
  varCode: '预约码',
  varAliyun: '阿里云（按名称）',
  varTencent: '腾讯云（按顺序）',
  confirmationTemplate: '预约确认模板 ID',
  reminderTemplate: '预约提醒模板 ID',
  templatePlaceholder: '如 SMS_123456789 或 1234567',
  save: '保存',
  saved: '已保存',
} as const
const EN: Record<keyof typeof ZH, string> = {
  pageTitle: 'Appointments',
  publicLink: 'Customers book at',
  bookings: 'Bookings (yesterday and the next 14 days)',
  bookingsByCode: 'Bookings with code {code} (any date)',
  time: 'Time',
  unit: 'Unit',
  customer: 'Customer',
  phone: 'Phone',
  address: 'Visit address',
  code: 'Booking code',
  findCode: 'Find by booking code, e.g. 3FA9C2',
  noCode: 'No booking with this code (in your units)',
  badCode: 'A booking code has 6 characters, digits 0–9 and letters A–F',
  status: 'Status',
  ticket: 'Ticket',
  actions: 'Actions',
  arrived: 'Arrived',
  noShow: 'No-show',
  ticketPlaceholder: 'Ticket (optional)',
  booked: 'Booked',
  arrivedStatus: 'Arrived',
  noShowStatus: 'No-show',
  cancelled: 'Cancelled',
  slots: 'Slots (yesterday and the next 14 days)',
  places: 'Booked / places',
  noShows: 'No-shows (last 28 days)',
  settled: 'Marked',
  noShowCount: 'No-shows',
  rate: 'No-show rate',
  interval: '95% interval',
  unmarked: 'Not marked',
  waits: 'Queue wait by appointment and walk-in (last 28 days, minutes)',
  group: 'Group',
  appointment: 'By appointment',
  walkIn: 'Walk-in',
  n: 'Visitors',
  median: 'Median',
  mean: 'Mean (95% interval)',
  waitNote:
    'Visitors by appointment are matched to the queue by the ticket marked on arrival; only tickets called count. This is an observed comparison: people may book quieter hours.',
  none: 'No data yet',
  noShowsEmpty:
    'Once appointments have passed and are marked arrived or no-show, the rate per unit shows here',
  waitsEmpty:
    'Once arrivals are marked with their queue ticket and the hall sends its queue events, the waits are compared here',
  sms: 'Appointment SMS templates (cloud SMS)',
  smsHelp:
    'When Alibaba Cloud or Tencent Cloud SMS is chosen in the channel settings, confirmations and reminders go out with these templates; empty, or no cloud chosen, the whole text goes through the SMS gateway of the notice settings, and cancellations always do. The template variables:',
  varName: 'customer’s name',
  varHall: 'hall or home-visit area',
  varTime: 'time',
  varCode: 'booking code',
  varAliyun: 'Alibaba Cloud (by name)',
  varTencent: 'Tencent Cloud (in order)',
  confirmationTemplate: 'Confirmation template ID',
  reminderTemplate: 'Reminder template ID',
  templatePlaceholder: 'e.g. SMS_123456789 or 1234567',
  save: 'Save',
  saved: 'Saved',
}

const pct = (x: number | null | undefined) => (x == null ? '—' : `${(x * 100).toFixed(1)}%`)
const num = (x: number | null | undefined) => (x == null ? '—' : x.toFixed(1))

export function AppointmentsPage({ me }: { me: Me }) {
  const { t, locale, errorText } = usePageWords(ZH, EN)
  const client = useQueryClient()
  // The code the customer reads out; empty: the period's bookings.
  const [code, setCode] = useState('')
  const [badCode, setBadCode] = useState(false)
  /** As the server reads it (appointment-words.ts): spaces and dashes dropped, capitals. */
  const searchCode = (typed: string) => {
    const cleaned = typed.replace(/[\s-]/g, '').toUpperCase()
    const valid = cleaned === '' || /^[0-9A-F]{6}$/.test(cleaned)
    setBadCode(!valid)
    if (valid) setCode(cleaned)
  }
  const bookings = useQuery({
    queryKey: ['appointment-bookings', code],
    queryFn: () => fetchBookings(code),
  })
  const slots = useQuery({ queryKey: ['appointment-slots'], queryFn: fetchSlots })
  const noShows = useQuery({ queryKey: ['appointment-no-shows'], queryFn: fetchNoShows })
  const waits = useQuery({ queryKey: ['appointment-waits'], queryFn: fetchAppointmentWaits })
  const units = useVisibleUnits()
  const [tickets, setTickets] = useState<Record<string, string>>({})
  const refresh = () => {
    for (const key of ['appointment-bookings', 'appointment-no-shows', 'appointment-waits'])
      void client.invalidateQueries({ queryKey: [key] })
  }
  const arrive = useMutation({
    mutationFn: (b: Booking) => markArrived(b.id, tickets[b.id]?.trim() || undefined),
    onSuccess: refresh,
  })
  const missed = useMutation({ mutationFn: (b: Booking) => markNoShow(b.id), onSuccess: refresh })
  const unitName = (id: string) => {
    const unit = units.data?.find((u) => u.id === id)
    if (!unit) return id
    return unitNameIn(unit, locale)
  }
  const time = (iso: string) =>
    new Date(iso).toLocaleString(locale, {
      timeZone: me.organisation.timezone,
      dateStyle: 'medium',
      timeStyle: 'short',
    })
  const statusTag = (status: Booking['status']) => {
    const [label, color] = {
      booked: [t('booked'), 'blue'],
      arrived: [t('arrivedStatus'), 'green'],
      no_show: [t('noShowStatus'), 'red'],
      cancelled: [t('cancelled'), 'default'],
    }[status]
    return <Tag color={color}>{label}</Tag>
  }
  const link = `${window.location.origin}/book/${encodeURIComponent(me.organisation.id)}?lang=${locale}`
  const failure = arrive.error ?? missed.error ?? bookings.error
  const waitRows = (waits.data?.units ?? []).flatMap((u) => [
    { key: `${u.unitId}-a`, unitId: u.unitId, group: t('appointment'), ...u.appointment },
    { key: `${u.unitId}-w`, unitId: u.unitId, group: t('walkIn'), ...u.walkIn },
  ])
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="appointments-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('pageTitle')}
      </Typography.Title>
      <Typography.Text>
        {t('publicLink')}:{' '}
        <Typography.Link href={link} target="_blank" data-testid="appointments-public-link">
          {link}
        </Typography.Link>
      </Typography.Text>
      {failure && <Alert type="error" showIcon title={errorText(failure)} />}
      {/* A code search finds the booking whatever its date: the title says what the list holds. */}
      <Card
        title={code ? t('bookingsByCode', { code }) : t('bookings')}
        styles={{ title: { whiteSpace: 'normal' } }}
        size="small"
        data-testid="appointment-bookings-card"
      >
        <Input.Search
          allowClear
          style={{ maxWidth: 320, marginBottom: 12 }}
          placeholder={t('findCode')}
          aria-label={t('findCode')}
          data-testid="appointment-code-search"
          status={badCode ? 'error' : undefined}
          onSearch={searchCode}
        />
        {badCode && (
          <Typography.Paragraph type="danger" data-testid="appointment-code-error">
            {t('badCode')}
          </Typography.Paragraph>
        )}
        <Table
          size="small"
          rowKey="id"
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          loading={bookings.isLoading}
          locale={{ emptyText: code ? t('noCode') : t('none') }}
          dataSource={bookings.data ?? []}
          data-testid="appointment-bookings"
          onRow={(b) => ({ 'data-booking': b.id }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('time'), render: (_, b) => time(b.startsAt) },
            { title: t('unit'), render: (_, b) => unitName(b.unitId) },
            { title: t('customer'), dataIndex: 'name' },
            { title: t('phone'), dataIndex: 'phone' },
            {
              title: t('address'),
              render: (_, b) =>
                b.address === null ? (
                  '—'
                ) : (
                  <span data-address style={{ display: 'inline-block', maxWidth: 260 }}>
                    {b.address}
                  </span>
                ),
            },
            { title: t('code'), dataIndex: 'code' },
            { title: t('status'), render: (_, b) => statusTag(b.status) },
            { title: t('ticket'), render: (_, b) => b.ticket ?? '—' },
            {
              title: t('actions'),
              render: (_, b) =>
                b.status === 'booked' && (
                  <Space size={4} wrap>
                    <Input
                      size="small"
                      style={{ width: 120 }}
                      placeholder={t('ticketPlaceholder')}
                      aria-label={t('ticket')}
                      value={tickets[b.id] ?? ''}
                      onChange={(e) => setTickets({ ...tickets, [b.id]: e.target.value })}
                    />
                    <Button size="small" type="primary" onClick={() => arrive.mutate(b)}>
                      {t('arrived')}
                    </Button>
                    {Date.parse(b.startsAt) <= Date.now() && (
                      <Button size="small" danger onClick={() => missed.mutate(b)}>
                        {t('noShow')}
                      </Button>
                    )}
                  </Space>
                ),
            },
          ]}
        />
      </Card>
      <Card title={t('noShows')} size="small">
        <Table
          size="small"
          rowKey="unitId"
          pagination={false}
          scroll={{ x: 'max-content' }}
          loading={noShows.isLoading}
          locale={{ emptyText: t('noShowsEmpty') }}
          dataSource={noShows.data?.units ?? []}
          data-testid="appointment-no-shows"
          columns={[
            { title: t('unit'), render: (_, u) => unitName(u.unitId) },
            { title: t('settled'), dataIndex: 'settled' },
            { title: t('noShowCount'), dataIndex: 'noShows' },
            { title: t('rate'), render: (_, u) => pct(u.rate) },
            {
              title: t('interval'),
              render: (_, u) =>
                u.interval ? `${pct(u.interval[0])} – ${pct(u.interval[1])}` : '—',
            },
            { title: t('unmarked'), dataIndex: 'unmarked' },
            { title: t('cancelled'), dataIndex: 'cancelled' },
          ]}
        />
      </Card>
      <Card title={t('waits')} size="small">
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          {t('waitNote')}
        </Typography.Paragraph>
        <Table
          size="small"
          rowKey="key"
          pagination={false}
          scroll={{ x: 'max-content' }}
          loading={waits.isLoading}
          locale={{ emptyText: t('waitsEmpty') }}
          dataSource={waitRows}
          data-testid="appointment-waits"
          columns={[
            { title: t('unit'), render: (_, r) => unitName(r.unitId) },
            { title: t('group'), dataIndex: 'group' },
            { title: t('n'), dataIndex: 'n' },
            { title: t('median'), render: (_, r) => num(r.median) },
            {
              title: t('mean'),
              render: (_, r) =>
                r.meanInterval
                  ? `${num(r.mean)} (${num(r.meanInterval[0])} – ${num(r.meanInterval[1])})`
                  : num(r.mean),
            },
          ]}
        />
      </Card>
      {me.permissions.includes('cases:configure') && <SmsTemplatesCard />}
      <Card title={t('slots')} size="small">
        <Table
          size="small"
          rowKey="id"
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          loading={slots.isLoading}
          locale={{ emptyText: t('none') }}
          dataSource={slots.data ?? []}
          data-testid="appointment-slots"
          columns={[
            { title: t('time'), render: (_, s) => time(s.startsAt) },
            { title: t('unit'), render: (_, s) => unitName(s.unitId) },
            {
              title: t('places'),
              render: (_, s) => (
                <Tag color={s.booked >= s.capacity ? 'red' : 'green'}>
                  {s.booked} / {s.capacity}
                </Tag>
              ),
            },
          ]}
        />
      </Card>
    </Space>
  )
}

/** The cloud SMS templates of confirmations and reminders (cases:configure). */
/** The templates' variables as each cloud writes them (kept out of t(), which fills {…}). */
const VARIABLES = [
  ['varName', 'name', '1'],
  ['varHall', 'hall', '2'],
  ['varTime', 'time', '3'],
  ['varCode', 'code', '4'],
] as const

function SmsTemplatesCard() {
  const { t, errorText } = usePageWords(ZH, EN)
  const client = useQueryClient()
  const settings = useQuery({ queryKey: ['appointment-sms-settings'], queryFn: fetchSmsSettings })
  const [draft, setDraft] = useState<{ confirmation: string; reminder: string } | null>(null)
  const values = draft ?? {
    confirmation: settings.data?.confirmationTemplateId ?? '',
    reminder: settings.data?.reminderTemplateId ?? '',
  }
  const save = useMutation({
    mutationFn: () =>
      saveSmsSettings({
        confirmationTemplateId: values.confirmation.trim() || null,
        reminderTemplateId: values.reminder.trim() || null,
      }),
    onSuccess: (saved) => {
      client.setQueryData(['appointment-sms-settings'], saved)
      setDraft(null)
    },
  })
  const set = (key: 'confirmation' | 'reminder', value: string) => {
    save.reset()
    setDraft({ ...values, [key]: value })
  }
  return (
    <Card title={t('sms')} size="small" data-testid="appointment-sms-settings">
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t('smsHelp')}
      </Typography.Paragraph>
      <Table
        size="small"
        rowKey={(v) => v[1]}
        pagination={false}
        scroll={{ x: 'max-content' }}
        style={{ maxWidth: 560, marginBottom: 12 }}
        dataSource={[...VARIABLES]}
        data-testid="appointment-sms-variables"
        columns={[
          { title: '', render: (_, v) => t(v[0]) },
          { title: t('varAliyun'), render: (_, v) => <code>{`$\{${v[1]}}`}</code> },
          { title: t('varTencent'), render: (_, v) => <code>{`{${v[2]}}`}</code> },
        ]}
      />
      {save.error && <Alert type="error" showIcon title={errorText(save.error)} />}
      <Space direction="vertical" size={8} style={{ width: '100%', maxWidth: 420 }}>
        <label htmlFor="appointment-sms-confirmation">
          {t('confirmationTemplate')}
          <Input
            id="appointment-sms-confirmation"
            value={values.confirmation}
            placeholder={t('templatePlaceholder')}
            maxLength={64}
            data-testid="appointment-sms-confirmation"
            onChange={(e) => set('confirmation', e.target.value)}
          />
        </label>
        <label htmlFor="appointment-sms-reminder">
          {t('reminderTemplate')}
          <Input
            id="appointment-sms-reminder"
            value={values.reminder}
            placeholder={t('templatePlaceholder')}
            maxLength={64}
            data-testid="appointment-sms-reminder"
            onChange={(e) => set('reminder', e.target.value)}
          />
        </label>
        <Space>
          <Button type="primary" loading={save.isPending} onClick={() => save.mutate()}>
            {t('save')}
          </Button>
          {save.isSuccess && <Typography.Text type="success">{t('saved')}</Typography.Text>}
        </Space>
      </Space>
    </Card>
  )
}
