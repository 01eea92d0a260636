import { Button, Card, Form, Input, InputNumber, Select, Space, Typography } from 'antd'
import { useI18n } from '../../i18n/i18n'
import { PRIORITIES } from './case-config-form'

/** Which department and owner a new case goes to, by store, channel and topic. */
export function RoutingRulesCard({
  users,
  defaultDepartment,
}: {
  users: Array<{ id: string; displayName: string }> | undefined
  defaultDepartment: string
}) {
  const { t } = useI18n()
  return (
    <Card
      size="small"
      title={t('routingRules')}
      extra={<Typography.Text type="secondary">{t('routingHelp')}</Typography.Text>}
    >
      <Form.List name="routing">
        {(rows, { add, remove }) => (
          <>
            {rows.map((row) => (
              <Space key={row.key} wrap align="start">
                <Form.Item name={[row.name, 'store']}>
                  <Input placeholder={t('storeFilter')} style={{ width: 140 }} />
                </Form.Item>
                <Form.Item name={[row.name, 'channel']}>
                  <Select
                    allowClear
                    placeholder={t('channel')}
                    style={{ width: 120 }}
                    options={[
                      'survey',
                      'web',
                      'api',
                      'hotline',
                      'social',
                      'email',
                      'note',
                      'store',
                    ].map((x) => ({ value: x, label: x }))}
                  />
                </Form.Item>
                <Form.Item name={[row.name, 'topic']}>
                  <Input placeholder={t('topic')} style={{ width: 140 }} />
                </Form.Item>
                <Form.Item name={[row.name, 'department']} rules={[{ required: true }]}>
                  <Input placeholder={t('department')} style={{ width: 160 }} />
                </Form.Item>
                <Form.Item name={[row.name, 'owner']}>
                  <Select
                    allowClear
                    placeholder={t('owner')}
                    style={{ width: 180 }}
                    options={[
                      { value: 'round_robin', label: t('roundRobin') },
                      ...(users ?? []).map((u) => ({
                        value: u.id,
                        label: u.displayName,
                      })),
                    ]}
                  />
                </Form.Item>
                <Button onClick={() => remove(row.name)}>{t('remove')}</Button>
              </Space>
            ))}
            <Button
              onClick={() => add({ department: defaultDepartment })}
              data-testid="add-routing"
            >
              {t('addRoutingRule')}
            </Button>
          </>
        )}
      </Form.List>
    </Card>
  )
}

/** Survey answers that open a case, with the priority they open it at. */
export function AnswerConditionsCard({
  questionOptions,
}: {
  questionOptions: Array<{ value: string; label: string }>
}) {
  const { t } = useI18n()
  return (
    <Card
      size="small"
      title={t('answerConditions')}
      extra={<Typography.Text type="secondary">{t('answerConditionsHelp')}</Typography.Text>}
    >
      <Form.List name="conditions">
        {(rows, { add, remove }) => (
          <>
            {rows.map((row) => (
              <Space key={row.key} wrap align="start" data-testid="condition-row">
                <Form.Item
                  name={[row.name, 'name']}
                  rules={[
                    {
                      required: true,
                      pattern: /^[a-z][a-z0-9_]{0,39}$/,
                      message: t('keyPattern'),
                    },
                  ]}
                >
                  <Input placeholder={t('conditionName')} style={{ width: 150 }} />
                </Form.Item>
                <Form.Item
                  name={[row.name, 'question']}
                  rules={[{ required: true, message: t('conditionQuestion') }]}
                >
                  <Select
                    showSearch
                    placeholder={t('conditionQuestion')}
                    style={{ width: 260 }}
                    options={questionOptions}
                    data-testid="condition-question"
                  />
                </Form.Item>
                <Form.Item name={[row.name, 'min']}>
                  <InputNumber placeholder={t('conditionMin')} style={{ width: 110 }} />
                </Form.Item>
                <Form.Item name={[row.name, 'max']}>
                  <InputNumber
                    placeholder={t('conditionMax')}
                    style={{ width: 110 }}
                    data-testid="condition-max"
                  />
                </Form.Item>
                <Form.Item name={[row.name, 'anyOf']}>
                  <Select
                    mode="tags"
                    placeholder={t('conditionAnyOf')}
                    style={{ width: 200 }}
                    data-testid="condition-any-of"
                  />
                </Form.Item>
                <Form.Item name={[row.name, 'priority']}>
                  <Select
                    style={{ width: 110 }}
                    options={PRIORITIES.map((p) => ({
                      value: p,
                      label: t(`priority.${p}` as 'priority.high'),
                    }))}
                  />
                </Form.Item>
                <Button onClick={() => remove(row.name)}>{t('remove')}</Button>
              </Space>
            ))}
            <Button
              onClick={() => add({ name: '', question: undefined, priority: 'normal' })}
              data-testid="add-condition"
            >
              {t('addCondition')}
            </Button>
          </>
        )}
      </Form.List>
    </Card>
  )
}

/** The causes a case is closed with, for the complaint database. */
export function CauseTaxonomyCard() {
  const { t } = useI18n()
  return (
    <Card size="small" title={t('causeTaxonomy')}>
      <Form.List name="causes">
        {(rows, { add, remove }) => (
          <>
            {rows.map((row) => (
              <Space key={row.key} wrap align="start">
                <Form.Item
                  name={[row.name, 'key']}
                  rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{0,39}$/ }]}
                >
                  <Input placeholder="key" style={{ width: 160 }} />
                </Form.Item>
                <Form.Item name={[row.name, 'label', 'zh-CN']} rules={[{ required: true }]}>
                  <Input placeholder={t('questionTitleZh')} />
                </Form.Item>
                <Form.Item name={[row.name, 'label', 'en-US']}>
                  <Input placeholder={t('questionTitleEn')} />
                </Form.Item>
                <Button onClick={() => remove(row.name)}>{t('remove')}</Button>
              </Space>
            ))}
            <Button onClick={() => add({ key: '', label: { 'zh-CN': '' } })}>
              {t('addCause')}
            </Button>
          </>
        )}
      </Form.List>
    </Card>
  )
}
