import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Alert as Notice,
  Button,
  Card,
  Empty,
  List,
  message,
  Select,
  Space,
  Switch,
  TimePicker,
  Typography,
} from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useEffect, useState } from 'react'
import { usePageWords } from '../../i18n/page-words'
import { useVisibleUnits } from '../units/use-visible-units'
import {
  addSubscription,
  fetchAlertRules,
  fetchNotificationSettings,
  fetchSubscriptions,
  removeSubscription,
  saveNotificationSettings,
} from './alerts-api'
import { ALERTS_EN, ALERTS_ZH } from './alerts-words'
import { unitNameIn } from '../units/unit-name'

const HM = 'HH:mm'

/** The caller's own: which alerts they are told of, by e-mail or not, and their quiet hours. */
export function MySubscriptionsCard() {
  const { t, locale, errorText } = usePageWords(ALERTS_ZH, ALERTS_EN)
  const client = useQueryClient()
  const subs = useQuery({ queryKey: ['alert-subscriptions'], queryFn: fetchSubscriptions })
  const rules = useQuery({ queryKey: ['alert-rules'], queryFn: fetchAlertRules })
  const units = useVisibleUnits()
  const settings = useQuery({
    queryKey: ['notification-settings'],
    queryFn: fetchNotificationSettings,
  })
  const [ruleId, setRuleId] = useState<string | null>(null)
  const [unitId, setUnitId] = useState<string | null>(null)
  const [email, setEmail] = useState(false)
  const [quiet, setQuiet] = useState<[Dayjs, Dayjs] | null>(null)
  useEffect(() => {
    if (!settings.data) return
    setEmail(settings.data.email)
    const { quietFrom, quietTo } = settings.data
    setQuiet(quietFrom && quietTo ? [dayjs(quietFrom, HM), dayjs(quietTo, HM)] : null)
  }, [settings.data])
  const refresh = () => client.invalidateQueries({ queryKey: ['alert-subscriptions'] })
  const add = useMutation({
    mutationFn: () => addSubscription({ ruleId, unitId }),
    onSuccess: refresh,
  })
  const remove = useMutation({ mutationFn: removeSubscription, onSuccess: refresh })
  const save = useMutation({
    mutationFn: () =>
      saveNotificationSettings({
        email,
        quietFrom: quiet ? quiet[0].format(HM) : null,
        quietTo: quiet ? quiet[1].format(HM) : null,
      }),
    onSuccess: (data) => {
      client.setQueryData(['notification-settings'], data)
      void message.success(t('alerts.mine.saved'))
    },
  })
  const ruleName = (id: string | null) =>
    id === null ? t('alerts.mine.allRules') : (rules.data?.find((r) => r.id === id)?.name ?? id)
  const unitName = (id: string | null) => {
    if (id === null) return t('alerts.mine.allUnits')
    const u = units.data?.find((x) => x.id === id)
    return u ? unitNameIn(u, locale) : id
  }
  const error = add.error ?? remove.error ?? save.error
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      {error && <Notice type="error" showIcon title={errorText(error)} />}
      <Card size="small" title={t('alerts.mine.subscriptions')}>
        <Space wrap style={{ marginBottom: 12 }}>
          <Select
            style={{ minWidth: 200 }}
            value={ruleId ?? ''}
            onChange={(v) => setRuleId(v === '' ? null : v)}
            data-testid="subscribe-rule"
            options={[
              { value: '', label: t('alerts.mine.allRules') },
              ...(rules.data ?? []).map((r) => ({ value: r.id, label: r.name })),
            ]}
          />
          <Select
            style={{ minWidth: 200 }}
            value={unitId ?? ''}
            showSearch
            optionFilterProp="label"
            onChange={(v) => setUnitId(v === '' ? null : v)}
            options={[
              { value: '', label: t('alerts.mine.allUnits') },
              ...(units.data ?? []).map((u) => ({
                value: u.id,
                label: `${u.code} ${unitNameIn(u, locale)}`,
              })),
            ]}
          />
          <Button
            type="primary"
            onClick={() => add.mutate()}
            loading={add.isPending}
            data-testid="subscribe-add"
          >
            {t('alerts.mine.add')}
          </Button>
        </Space>
        <List
          size="small"
          dataSource={subs.data ?? []}
          locale={{ emptyText: <Empty description={t('alerts.mine.none')} /> }}
          renderItem={(s) => (
            <List.Item
              actions={[
                <Button key="remove" size="small" onClick={() => remove.mutate(s.id)}>
                  {t('alerts.mine.remove')}
                </Button>,
              ]}
            >
              {ruleName(s.ruleId)} · {unitName(s.unitId)}
            </List.Item>
          )}
        />
      </Card>
      <Card size="small" title={t('alerts.mine.delivery')}>
        <Space direction="vertical">
          <Space>
            <Switch checked={email} onChange={setEmail} data-testid="settings-email" />
            <span>{t('alerts.mine.email')}</span>
          </Space>
          <Space wrap>
            <span>{t('alerts.mine.quiet')}</span>
            <TimePicker.RangePicker
              format={HM}
              order={false}
              value={quiet}
              onChange={(v) => setQuiet(v?.[0] && v[1] ? [v[0], v[1]] : null)}
            />
          </Space>
          <Typography.Text type="secondary">
            {t('alerts.mine.quietHint', { zone: settings.data?.timeZone ?? '' })}
          </Typography.Text>
          <Button
            onClick={() => save.mutate()}
            loading={save.isPending}
            data-testid="settings-save"
          >
            {t('alerts.rules.save')}
          </Button>
        </Space>
      </Card>
    </Space>
  )
}
