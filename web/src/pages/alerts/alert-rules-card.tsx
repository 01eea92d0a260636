import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Alert as Notice,
  Button,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Space,
  Switch,
  Table,
} from 'antd'
import { useState } from 'react'
import { usePageWords } from '../../i18n/page-words'
import { useVisibleUnits } from '../units/use-visible-units'
import {
  ALERT_RULE_KINDS,
  type AlertRule,
  type AlertRuleKind,
  createAlertRule,
  deleteAlertRule,
  fetchAlertRules,
  replaceAlertRule,
} from './alerts-api'
import { ALERTS_EN, ALERTS_ZH } from './alerts-words'
import { unitNameIn } from '../units/unit-name'

interface RuleValues {
  name: string
  kind: AlertRuleKind
  metric: AlertRule['metric']
  unitId?: string
  eachChild: boolean
  alpha?: number
  minChange?: number
  minFall?: number
  minAnswers?: number
  maxBreachRate?: number
  waitCheck?: 'share' | 'live' | 'both'
  window?: 'day' | 'hour'
  minVisits?: number
  cooldownHours: number
  maxPerDay: number
}

/** The rule as the API takes it (PUT replaces it whole). */
function bodyOf(v: RuleValues, enabled = true) {
  const params = Object.fromEntries(
    (
      [
        'alpha',
        'minChange',
        'minFall',
        'minAnswers',
        'maxBreachRate',
        'waitCheck',
        'window',
        'minVisits',
      ] as const
    )
      // The waiting keys belong to wait_promise only (the form keeps their defaults for every kind).
      .filter((k) => v.kind === 'wait_promise' || !['waitCheck', 'window', 'minVisits'].includes(k))
      .filter((k) => typeof v[k] === 'number' || typeof v[k] === 'string')
      .map((k) => [k, v[k]]),
  )
  return {
    name: v.name,
    kind: v.kind,
    metric: v.metric,
    unitId: v.unitId ?? null,
    eachChild: v.eachChild,
    params,
    cooldownHours: v.cooldownHours,
    maxPerDay: v.maxPerDay,
    enabled,
  }
}

function valuesOf(r: AlertRule): RuleValues {
  return {
    name: r.name,
    kind: r.kind,
    metric: r.metric,
    ...(r.unitId ? { unitId: r.unitId } : {}),
    eachChild: r.eachChild,
    ...r.params,
    cooldownHours: r.cooldownHours,
    maxPerDay: r.maxPerDay,
  }
}

/** The organisation's alert rules: listed for everyone, made, switched and removed by those who may. */
export function AlertRulesCard({ mayWrite }: { mayWrite: boolean }) {
  const { t, locale, errorText } = usePageWords(ALERTS_ZH, ALERTS_EN)
  const client = useQueryClient()
  const rules = useQuery({ queryKey: ['alert-rules'], queryFn: fetchAlertRules })
  const units = useVisibleUnits()
  const [creating, setCreating] = useState(false)
  const [form] = Form.useForm<RuleValues>()
  const refresh = () => client.invalidateQueries({ queryKey: ['alert-rules'] })
  const create = useMutation({
    mutationFn: (v: RuleValues) => createAlertRule(bodyOf(v)),
    onSuccess: () => {
      setCreating(false)
      form.resetFields()
      void refresh()
    },
  })
  const toggle = useMutation({
    mutationFn: (r: AlertRule) => replaceAlertRule(r.id, bodyOf(valuesOf(r), !r.enabled)),
    onSuccess: refresh,
  })
  const remove = useMutation({ mutationFn: deleteAlertRule, onSuccess: refresh })
  const unitLabel = (id: string | null) => {
    if (id === null) return t('alerts.organisation')
    const u = units.data?.find((x) => x.id === id)
    return u ? unitNameIn(u, locale) : id
  }
  const kind = Form.useWatch('kind', form)
  const error = create.error ?? toggle.error ?? remove.error
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {mayWrite && (
        <Button type="primary" onClick={() => setCreating(true)} data-testid="alert-rule-new">
          {t('alerts.rules.new')}
        </Button>
      )}
      {error && !creating && <Notice type="error" showIcon title={errorText(error)} />}
      <Table
        rowKey="id"
        size="small"
        className="alert-rules-table"
        loading={rules.isPending}
        dataSource={rules.data ?? []}
        scroll={{ x: true }}
        locale={{ emptyText: <Empty description={t('alerts.rules.none')} /> }}
        columns={[
          { title: t('alerts.rules.name'), dataIndex: 'name' },
          {
            title: t('alerts.rules.kind'),
            dataIndex: 'kind',
            render: (k: AlertRuleKind, r) =>
              `${t(`alerts.kind.${k}`)}${k === 'topic_surge' || k === 'sla_breach_rate' || k === 'wait_promise' ? '' : ` · ${r.metric.toUpperCase()}`}`,
          },
          {
            title: t('alerts.unit'),
            dataIndex: 'unitId',
            render: (u: string | null, r) =>
              `${unitLabel(u)}${r.eachChild ? ` · ${t('alerts.rules.eachChild')}` : ''}`,
          },
          {
            title: t('alerts.rules.enabled'),
            dataIndex: 'enabled',
            width: 90,
            render: (on: boolean, r) => (
              <Switch
                size="small"
                checked={on}
                disabled={!mayWrite}
                loading={toggle.isPending && toggle.variables?.id === r.id}
                onChange={() => toggle.mutate(r)}
              />
            ),
          },
          ...(mayWrite
            ? [
                {
                  title: '',
                  key: 'delete',
                  width: 80,
                  render: (_: unknown, r: AlertRule) => (
                    <Popconfirm
                      title={t('alerts.rules.delete')}
                      onConfirm={() => remove.mutate(r.id)}
                    >
                      <Button size="small" danger>
                        {t('alerts.rules.delete')}
                      </Button>
                    </Popconfirm>
                  ),
                },
              ]
            : []),
        ]}
      />
      {creating && (
        <Modal
          open
          title={t('alerts.rules.new')}
          okText={t('alerts.rules.save')}
          onOk={() => form.submit()}
          onCancel={() => setCreating(false)}
          confirmLoading={create.isPending}
          width="min(600px, 100vw)"
        >
          {create.error && <Notice type="error" showIcon title={errorText(create.error)} />}
          <Form
            form={form}
            layout="vertical"
            initialValues={{
              kind: 'period_drop',
              metric: 'nps',
              eachChild: false,
              alpha: 0.05,
              waitCheck: 'both',
              window: 'day',
              minVisits: 20,
              cooldownHours: 24,
              maxPerDay: 20,
            }}
            onFinish={(v) => create.mutate(v)}
          >
            <Form.Item
              name="name"
              label={t('alerts.rules.name')}
              rules={[{ required: true, max: 80 }]}
            >
              <Input data-testid="alert-rule-name" />
            </Form.Item>
            <Form.Item name="kind" label={t('alerts.rules.kind')}>
              <Select
                options={ALERT_RULE_KINDS.map((k) => ({ value: k, label: t(`alerts.kind.${k}`) }))}
              />
            </Form.Item>
            {kind !== 'topic_surge' && kind !== 'sla_breach_rate' && kind !== 'wait_promise' && (
              <Form.Item name="metric" label={t('alerts.rules.metric')}>
                <Select
                  options={[
                    ...(['nps', 'csat', 'ces'] as const).map((m) => ({
                      value: m,
                      label: m.toUpperCase(),
                    })),
                    { value: 'csm', label: t('alerts.metric.csm') },
                    { value: 'servqual', label: t('alerts.metric.servqual') },
                  ]}
                />
              </Form.Item>
            )}
            {kind !== 'topic_surge' && (
              <>
                <Form.Item name="unitId" label={t('alerts.rules.unit')}>
                  <Select
                    allowClear
                    showSearch
                    optionFilterProp="label"
                    options={(units.data ?? []).map((u) => ({
                      value: u.id,
                      label: `${u.code} ${unitNameIn(u, locale)}`,
                    }))}
                  />
                </Form.Item>
                {kind !== 'wait_promise' && (
                  <Form.Item
                    name="eachChild"
                    label={t('alerts.rules.eachChild')}
                    valuePropName="checked"
                  >
                    <Switch />
                  </Form.Item>
                )}
              </>
            )}
            {(kind === 'period_drop' || kind === 'volume_fall') && (
              <Space wrap>
                <Form.Item name="alpha" label={t('alerts.rules.alpha')}>
                  <InputNumber min={0.001} max={0.2} step={0.01} />
                </Form.Item>
                {kind === 'period_drop' ? (
                  <Form.Item name="minChange" label={t('alerts.rules.minChange')}>
                    <InputNumber min={0} max={200} />
                  </Form.Item>
                ) : (
                  <Form.Item name="minFall" label={t('alerts.rules.minFall')}>
                    <InputNumber min={0.05} max={0.95} step={0.05} />
                  </Form.Item>
                )}
                <Form.Item name="minAnswers" label={t('alerts.rules.minAnswers')}>
                  <InputNumber min={1} max={100000} />
                </Form.Item>
              </Space>
            )}
            {kind === 'wait_promise' && (
              <>
                <Notice type="info" showIcon title={t('alerts.rules.waitHint')} />
                <Space wrap style={{ marginTop: 12 }}>
                  <Form.Item name="waitCheck" label={t('alerts.rules.waitCheck')}>
                    <Select
                      data-testid="alert-rule-wait-check"
                      style={{ minWidth: 200 }}
                      options={(['both', 'share', 'live'] as const).map((c) => ({
                        value: c,
                        label: t(`alerts.rules.waitCheck.${c}`),
                      }))}
                    />
                  </Form.Item>
                  <Form.Item name="window" label={t('alerts.rules.window')}>
                    <Select
                      style={{ minWidth: 140 }}
                      options={(['day', 'hour'] as const).map((w) => ({
                        value: w,
                        label: t(`alerts.rules.window.${w}`),
                      }))}
                    />
                  </Form.Item>
                  <Form.Item name="minVisits" label={t('alerts.rules.minVisits')}>
                    <InputNumber min={1} max={100000} data-testid="alert-rule-min-visits" />
                  </Form.Item>
                </Space>
              </>
            )}
            {kind === 'sla_breach_rate' && (
              <Form.Item name="maxBreachRate" label={t('alerts.rules.maxBreachRate')}>
                <InputNumber min={0} max={1} step={0.05} />
              </Form.Item>
            )}
            <Space wrap>
              <Form.Item name="cooldownHours" label={t('alerts.rules.cooldownHours')}>
                <InputNumber min={0} max={2160} />
              </Form.Item>
              <Form.Item name="maxPerDay" label={t('alerts.rules.maxPerDay')}>
                <InputNumber min={1} max={1000} />
              </Form.Item>
            </Space>
          </Form>
        </Modal>
      )}
    </Space>
  )
}
