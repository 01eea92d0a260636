import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Alert as Notice,
  Button,
  Card,
  Form,
  Grid,
  InputNumber,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd'
import { fetchMe } from '../../api/endpoints'
import {
  fetchWaitPromiseStatus,
  fetchWaitPromises,
  removeWaitPromise,
  setWaitPromise,
  type WaitPromiseStatus,
} from '../../api/wait-promises-api'
import { usePageWords } from '../../i18n/page-words'
import { unitNameIn } from '../units/unit-name'
import { useVisibleUnits } from '../units/use-visible-units'

// The waiting promise ("90 % called within 20 minutes"): the organisation's default and units'
// own, set here by those who configure cases; and which halls break it today and now.

const ZH = {
  title: '等候承诺',
  intro:
    '承诺一定比例的顾客在规定时间内被叫号。组织默认承诺适用于所有营业厅；为某个单元单独设置后，适用于它及其下级单元（就近适用）。在「预警与通知」页可为超出承诺设置预警。',
  scope: '适用范围',
  organisation: '组织默认',
  promise: '承诺',
  promiseText: '{within}% 的顾客在 {minutes} 分钟内叫号',
  set: '保存承诺',
  remove: '删除',
  minutes: '分钟内叫号',
  within: '比例（%）',
  unitPick: '单元',
  none: '还没有设置等候承诺。',
  status: '今日与当前（{day}）',
  hall: '营业厅',
  today: '今日超时',
  todayText: '{over} / {n} 人（{share}）',
  live: '当前预计等候',
  liveText: '{minutes} 分钟',
  state: '状态',
  breaksNow: '当前超出承诺',
  breaksToday: '今日超出承诺',
  tooFew: '人次不足 {min}，暂不判定',
  kept: '守诺',
  noHalls: '近 7 天没有营业厅的排队记录，或尚未设置承诺。',
  setOn: '（{unit}设置）',
  todayLine: '今日超时：{text}',
  liveLine: '当前预计等候：{text}',
} as const
const EN: Record<keyof typeof ZH, string> = {
  title: 'Waiting promise',
  intro:
    'A share of visitors promised a call within a time. The organisation’s default applies to every hall; set on a unit, a promise applies to it and every unit below it (the nearest one applies). Alerts on broken promises are set on the Alerts page.',
  scope: 'Applies to',
  organisation: 'Organisation default',
  promise: 'Promise',
  promiseText: '{within}% called within {minutes} min',
  set: 'Save promise',
  remove: 'Delete',
  minutes: 'Minutes to a call',
  within: 'Share (%)',
  unitPick: 'Unit',
  none: 'No waiting promise set yet.',
  status: 'Today and now ({day})',
  hall: 'Hall',
  today: 'Over the promise today',
  todayText: '{over} of {n} ({share})',
  live: 'Estimated wait now',
  liveText: '{minutes} min',
  state: 'State',
  breaksNow: 'Breaks it now',
  breaksToday: 'Broken today',
  tooFew: 'Fewer than {min} visits: not judged',
  kept: 'Kept',
  noHalls: 'No hall had queue events in the last 7 days, or no promise is set.',
  setOn: '(set on {unit})',
  todayLine: 'Over the promise today: {text}',
  liveLine: 'Estimated wait now: {text}',
}

type Hall = WaitPromiseStatus['halls'][number]

export function WaitPromiseCard() {
  const { t, locale, errorText } = usePageWords(ZH, EN)
  const client = useQueryClient()
  const me = useQuery({ queryKey: ['me'], queryFn: fetchMe })
  const mayWrite = (me.data?.permissions ?? []).includes('cases:configure')
  const promises = useQuery({ queryKey: ['wait-promises'], queryFn: fetchWaitPromises })
  const status = useQuery({ queryKey: ['wait-promise-status'], queryFn: fetchWaitPromiseStatus })
  const units = useVisibleUnits()
  const [form] = Form.useForm<{ unitId?: string; minutes: number; withinPercent: number }>()
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ['wait-promises'] })
    void client.invalidateQueries({ queryKey: ['wait-promise-status'] })
  }
  const save = useMutation({
    mutationFn: (v: { unitId?: string; minutes: number; withinPercent: number }) =>
      setWaitPromise({
        unitId: v.unitId ?? null,
        minutes: v.minutes,
        withinPercent: v.withinPercent,
      }),
    onSuccess: refresh,
  })
  const remove = useMutation({ mutationFn: removeWaitPromise, onSuccess: refresh })
  const unitName = (id: string | null) => {
    if (id === null) return t('organisation')
    const u = units.data?.find((x) => x.id === id)
    return u ? unitNameIn(u, locale) : id
  }
  const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`)
  const hallName = (h: Hall) => (locale === 'en-US' ? (h.unitNameEn ?? h.unitName) : h.unitName)
  const error = save.error ?? remove.error
  // At phone width the five status columns scrolled sideways inside the card: two there, the hall
  // with its promise and the figures with the state, nothing left out.
  const phone = Grid.useBreakpoint().md === false
  const promiseOf = (h: Hall) =>
    `${t('promiseText', { within: h.promise.withinPercent, minutes: h.promise.minutes })}${
      h.promise.setOn ? ` ${t('setOn', { unit: unitName(h.promise.setOn) })}` : ''
    }`
  const todayOf = (h: Hall) =>
    t('todayText', { over: h.today.over, n: h.today.n, share: pct(h.today.overShare) })
  const liveOf = (h: Hall) =>
    h.live.estimatedMinutes === null
      ? '—'
      : t('liveText', { minutes: h.live.estimatedMinutes.toFixed(0) })
  const stateOf = (h: Hall) => (
    <Space size={4} wrap data-testid={`wait-promise-state-${h.unitId}`}>
      {h.live.breached && <Tag color="red">{t('breaksNow')}</Tag>}
      {h.today.breached && <Tag color="volcano">{t('breaksToday')}</Tag>}
      {h.today.tooFew && !h.live.breached && (
        <Tag>{t('tooFew', { min: status.data?.minVisits ?? '' })}</Tag>
      )}
      {!h.live.breached && !h.today.breached && !h.today.tooFew && (
        <Tag color="green">{t('kept')}</Tag>
      )}
    </Space>
  )
  const secondary = (text: string) => (
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      {text}
    </Typography.Text>
  )
  const statusColumns: TableColumnsType<Hall> = phone
    ? [
        {
          title: t('hall'),
          key: 'hall',
          render: (_, h) => (
            <span>
              {hallName(h)}
              <br />
              {secondary(promiseOf(h))}
            </span>
          ),
        },
        {
          title: t('state'),
          key: 'state',
          render: (_, h) => (
            <Space direction="vertical" size={2}>
              {secondary(t('todayLine', { text: todayOf(h) }))}
              {secondary(t('liveLine', { text: liveOf(h) }))}
              {stateOf(h)}
            </Space>
          ),
        },
      ]
    : [
        { title: t('hall'), key: 'hall', render: (_, h) => hallName(h) },
        { title: t('promise'), key: 'promise', render: (_, h) => promiseOf(h) },
        { title: t('today'), key: 'today', render: (_, h) => todayOf(h) },
        { title: t('live'), key: 'live', render: (_, h) => liveOf(h) },
        { title: t('state'), key: 'state', render: (_, h) => stateOf(h) },
      ]
  return (
    <Card title={t('title')} size="small" data-testid="wait-promise-card">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('intro')}
        </Typography.Paragraph>
        {error && <Notice type="error" showIcon title={errorText(error)} />}
        <Table
          size="small"
          rowKey={(p) => p.unitId ?? 'default'}
          pagination={false}
          loading={promises.isLoading}
          locale={{ emptyText: t('none') }}
          dataSource={promises.data ?? []}
          data-testid="wait-promises"
          columns={[
            { title: t('scope'), render: (_, p) => unitName(p.unitId) },
            {
              title: t('promise'),
              render: (_, p) => t('promiseText', { within: p.withinPercent, minutes: p.minutes }),
            },
            ...(mayWrite
              ? [
                  {
                    title: '',
                    key: 'remove',
                    width: 80,
                    render: (_: unknown, p: { unitId: string | null }) => (
                      <Popconfirm
                        title={t('remove')}
                        onConfirm={() => remove.mutate(p.unitId ?? 'default')}
                      >
                        <Button size="small" danger>
                          {t('remove')}
                        </Button>
                      </Popconfirm>
                    ),
                  },
                ]
              : []),
          ]}
        />
        {mayWrite && (
          <Form
            form={form}
            layout="inline"
            initialValues={{ minutes: 20, withinPercent: 90 }}
            onFinish={(v) => save.mutate(v)}
            style={{ rowGap: 8 }}
          >
            <Form.Item name="unitId" label={t('unitPick')}>
              <Select
                allowClear
                showSearch
                optionFilterProp="label"
                placeholder={t('organisation')}
                style={{ width: 200 }}
                data-testid="wait-promise-unit"
                options={(units.data ?? []).map((u) => ({
                  value: u.id,
                  label: `${u.code} ${unitNameIn(u, locale)}`,
                }))}
              />
            </Form.Item>
            <Form.Item name="withinPercent" label={t('within')} rules={[{ required: true }]}>
              <InputNumber min={1} max={100} data-testid="wait-promise-percent" />
            </Form.Item>
            <Form.Item name="minutes" label={t('minutes')} rules={[{ required: true }]}>
              <InputNumber min={1} max={600} data-testid="wait-promise-minutes" />
            </Form.Item>
            <Form.Item>
              <Button
                type="primary"
                htmlType="submit"
                loading={save.isPending}
                data-testid="wait-promise-save"
              >
                {t('set')}
              </Button>
            </Form.Item>
          </Form>
        )}
        <Typography.Text strong>{t('status', { day: status.data?.day ?? '' })}</Typography.Text>
        <Table
          size="small"
          rowKey="unitId"
          pagination={false}
          scroll={phone ? undefined : { x: 'max-content' }}
          loading={status.isLoading}
          locale={{ emptyText: t('noHalls') }}
          dataSource={status.data?.halls ?? []}
          data-testid="wait-promise-status"
          columns={statusColumns}
        />
      </Space>
    </Card>
  )
}
