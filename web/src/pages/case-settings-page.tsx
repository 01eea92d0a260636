import { useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Row,
  Select,
  Space,
  Table,
  TimePicker,
  Typography,
  Upload,
} from 'antd'
import dayjs from 'dayjs'
import { useState } from 'react'
import { api } from '../api/client'
import { fetchSurveys } from '../api/endpoints'
import { readFileAsBase64 } from '../api/file-upload'
import { localizedText } from '../components/localized-text'
import { useI18n } from '../i18n/i18n'
import type { CaseConfigView, FeedbackImportReport, TextConfigView } from '../api/types'

const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const
type Priority = (typeof PRIORITIES)[number]

/** A survey answer that opens a case: its question, then a range and/or a list of values. */
interface AnswerCondition {
  name: string
  question: string
  min?: number
  max?: number
  anyOf?: Array<string | number>
  priority: Priority
}

type CaseConfig = CaseConfigView

const atTime = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number)
  return dayjs()
    .hour(h ?? 0)
    .minute(m ?? 0)
    .second(0)
}

/** Empty cells are left out; values typed as numbers are compared as numbers. */
const cleanCondition = (condition: AnswerCondition): AnswerCondition => ({
  name: condition.name,
  question: condition.question,
  priority: condition.priority,
  ...(condition.min === undefined || condition.min === null ? {} : { min: condition.min }),
  ...(condition.max === undefined || condition.max === null ? {} : { max: condition.max }),
  ...(condition.anyOf && condition.anyOf.length > 0
    ? {
        anyOf: condition.anyOf.map((x) =>
          /^-?\d+(\.\d+)?$/.test(String(x)) ? Number(x) : String(x),
        ),
      }
    : {}),
})

const dates = (text: string) =>
  text
    .split(/[\s,，]+/)
    .map((d) => d.trim())
    .filter(Boolean)

/** Administrators set how complaints become cases, their deadlines, who may compensate how much, and the follow-up. */
export function CaseSettingsPage() {
  const { t, locale, errorText } = useI18n()
  const queryClient = useQueryClient()
  const config = useQuery({
    queryKey: ['case-config-full'],
    queryFn: () => api<CaseConfig>('GET', '/case-config'),
  })
  const surveys = useQuery({ queryKey: ['surveys'], queryFn: fetchSurveys })
  const users = useQuery({
    queryKey: ['users'],
    queryFn: () =>
      api<{ users: Array<{ id: string; displayName: string }> }>('GET', '/users').then(
        (r) => r.users,
      ),
  })
  const [message, setMessage] = useState<{ type: 'success' | 'error'; text: string } | null>(null)
  const [rotating, setRotating] = useState(false)
  if (!config.data) return <Card loading />
  const c = config.data
  const save = async (v: Record<string, unknown>) => {
    setMessage(null)
    const sla = Object.fromEntries(
      PRIORITIES.map((p) => [
        p,
        {
          firstResponseMinutes: v[`sla_${p}_first`] as number,
          resolutionMinutes: v[`sla_${p}_resolve`] as number,
        },
      ]),
    )
    const cents = (yuan: unknown) =>
      yuan === null || yuan === undefined || yuan === '' ? null : Math.round(Number(yuan) * 100)
    // The form key is the server's: it is left out, so a save never undoes a rotation made meanwhile.
    const { publicFormKey: _key, ...rest } = c
    const next: Omit<CaseConfig, 'publicFormKey'> = {
      ...rest,
      rules: {
        detractor: Boolean(v.detractor),
        lowCsat: Boolean(v.lowCsat),
        complaints: Boolean(v.complaints),
        conditions: ((v.conditions as AnswerCondition[] | undefined) ?? []).map(cleanCondition),
      },
      defaultDepartment: String(v.defaultDepartment),
      sla: sla as CaseConfig['sla'],
      calendar: {
        ...c.calendar,
        workdays: v.workdays as number[],
        start: (v.hours as [dayjs.Dayjs, dayjs.Dayjs])[0].format('HH:mm'),
        end: (v.hours as [dayjs.Dayjs, dayjs.Dayjs])[1].format('HH:mm'),
        holidays: dates(String(v.holidays ?? '')),
        extraWorkdays: dates(String(v.extraWorkdays ?? '')),
      },
      authority: {
        agent: cents(v.agentLimit),
        supervisor: cents(v.supervisorLimit),
        admin: cents(v.adminLimit),
      },
      followUp: {
        ...c.followUp,
        ...(v.followUpSurveyId
          ? { surveyId: String(v.followUpSurveyId) }
          : { surveyId: undefined }),
      },
      // Empty cells mean "any": they are left out of the rule.
      routing: ((v.routing as CaseConfig['routing'] | undefined) ?? []).map((r) =>
        Object.fromEntries(
          Object.entries(r).filter(([, x]) => x !== undefined && x !== null && x !== ''),
        ),
      ) as CaseConfig['routing'],
      causes: (v.causes as CaseConfig['causes'] | undefined) ?? c.causes,
    }
    try {
      await api('PUT', '/case-config', next)
      await queryClient.invalidateQueries({ queryKey: ['case-config-full'] })
      setMessage({ type: 'success', text: t('saved') })
    } catch (e) {
      setMessage({ type: 'error', text: errorText(e) })
    }
  }
  const rotate = async () => {
    setMessage(null)
    setRotating(true)
    try {
      const { publicFormKey } = await api<{ publicFormKey: string }>(
        'POST',
        '/case-config/public-form-key/rotate',
      )
      queryClient.setQueryData<CaseConfig>(['case-config-full'], (old) =>
        old ? { ...old, publicFormKey } : old,
      )
      setMessage({ type: 'success', text: t('publicFormRotated') })
    } catch (e) {
      setMessage({ type: 'error', text: errorText(e) })
    } finally {
      setRotating(false)
    }
  }
  const initial = {
    detractor: c.rules.detractor,
    lowCsat: c.rules.lowCsat,
    complaints: c.rules.complaints,
    defaultDepartment: c.defaultDepartment,
    ...Object.fromEntries(
      PRIORITIES.flatMap((p) => [
        [`sla_${p}_first`, c.sla[p].firstResponseMinutes],
        [`sla_${p}_resolve`, c.sla[p].resolutionMinutes],
      ]),
    ),
    workdays: c.calendar.workdays,
    hours: [atTime(c.calendar.start), atTime(c.calendar.end)],
    holidays: c.calendar.holidays.join(', '),
    extraWorkdays: c.calendar.extraWorkdays.join(', '),
    agentLimit: c.authority.agent === null ? null : c.authority.agent / 100,
    supervisorLimit: c.authority.supervisor === null ? null : c.authority.supervisor / 100,
    adminLimit: c.authority.admin === null ? null : c.authority.admin / 100,
    followUpSurveyId: c.followUp.surveyId,
    routing: c.routing,
    causes: c.causes,
    conditions: c.rules.conditions,
  }
  // Question keys of every survey, to pick the one a condition watches (any survey with that key).
  const questionOptions = [
    ...new Map(
      (surveys.data ?? []).flatMap((s) =>
        s.questions.map((q) => [q.key, `${q.key} — ${localizedText(q.title, locale)}`] as const),
      ),
    ).entries(),
  ].map(([value, label]) => ({ value, label }))
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('caseSettings')}
      </Typography.Title>
      {c.publicFormKey && (
        <Alert
          type="info"
          showIcon
          title={
            <>
              {t('publicComplaintForm')}:{' '}
              <Typography.Text
                copyable
                data-testid="public-form-link"
              >{`${window.location.origin}/complain/${c.publicFormKey}`}</Typography.Text>
            </>
          }
          action={
            <Popconfirm
              title={t('publicFormRotateConfirm')}
              onConfirm={rotate}
              okText={t('publicFormRotate')}
            >
              <Button size="small" loading={rotating} data-testid="rotate-public-form">
                {t('publicFormRotate')}
              </Button>
            </Popconfirm>
          }
        />
      )}
      <Form layout="vertical" initialValues={initial} onFinish={save}>
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('caseRules')}>
              <Form.Item name="complaints" valuePropName="checked" noStyle>
                <Checkbox>{t('ruleComplaints')}</Checkbox>
              </Form.Item>
              <br />
              <Form.Item name="detractor" valuePropName="checked" noStyle>
                <Checkbox>{t('ruleDetractor')}</Checkbox>
              </Form.Item>
              <br />
              <Form.Item name="lowCsat" valuePropName="checked" noStyle>
                <Checkbox>{t('ruleLowCsat')}</Checkbox>
              </Form.Item>
              <Form.Item
                name="defaultDepartment"
                label={t('defaultDepartment')}
                style={{ marginTop: 12 }}
                rules={[{ required: true }]}
              >
                <Input />
              </Form.Item>
              <Form.Item name="followUpSurveyId" label={t('followUpSurvey')}>
                <Select
                  allowClear
                  data-testid="follow-up-survey"
                  options={(surveys.data ?? [])
                    .filter((s) => s.status === 'published')
                    .map((s) => ({ value: s.id, label: localizedText(s.title, locale) }))}
                />
              </Form.Item>
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('authorityLimits')}>
              <Space wrap>
                <Form.Item name="agentLimit" label={t('role.agent')}>
                  <InputNumber min={0} prefix="¥" placeholder={t('noLimit')} />
                </Form.Item>
                <Form.Item name="supervisorLimit" label={t('role.supervisor')}>
                  <InputNumber min={0} prefix="¥" placeholder={t('noLimit')} />
                </Form.Item>
                <Form.Item name="adminLimit" label={t('role.admin')}>
                  <InputNumber min={0} prefix="¥" placeholder={t('noLimit')} />
                </Form.Item>
              </Space>
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('slaTargets')}>
              <Table
                size="small"
                pagination={false}
                rowKey="p"
                dataSource={PRIORITIES.map((p) => ({ p }))}
                columns={[
                  {
                    title: t('priority'),
                    dataIndex: 'p',
                    render: (p: string) => t(`priority.${p}` as 'priority.high'),
                  },
                  {
                    title: t('firstResponseMinutes'),
                    render: (_, r) => (
                      <Form.Item name={`sla_${r.p}_first`} noStyle>
                        <InputNumber min={1} />
                      </Form.Item>
                    ),
                  },
                  {
                    title: t('resolutionMinutes'),
                    render: (_, r) => (
                      <Form.Item name={`sla_${r.p}_resolve`} noStyle>
                        <InputNumber min={1} />
                      </Form.Item>
                    ),
                  },
                ]}
              />
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card
              size="small"
              title={t('businessCalendar')}
              extra={<Typography.Text type="secondary">{c.calendar.timezone}</Typography.Text>}
            >
              <Form.Item name="workdays" label={t('workdays')}>
                <Checkbox.Group
                  options={[1, 2, 3, 4, 5, 6, 7].map((d) => ({
                    value: d,
                    label: t(`weekday.${d}` as 'weekday.1'),
                  }))}
                />
              </Form.Item>
              <Form.Item name="hours" label={t('workingHours')}>
                <TimePicker.RangePicker format="HH:mm" minuteStep={15} />
              </Form.Item>
              <Form.Item name="holidays" label={t('holidays')} extra="2026-10-01, 2026-10-02 …">
                <Input.TextArea rows={2} />
              </Form.Item>
              <Form.Item name="extraWorkdays" label={t('extraWorkdays')}>
                <Input />
              </Form.Item>
            </Card>
          </Col>
          <Col xs={24}>
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
                              ...(users.data ?? []).map((u) => ({
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
                      onClick={() => add({ department: c.defaultDepartment })}
                      data-testid="add-routing"
                    >
                      {t('addRoutingRule')}
                    </Button>
                  </>
                )}
              </Form.List>
            </Card>
          </Col>
          <Col xs={24}>
            <Card
              size="small"
              title={t('answerConditions')}
              extra={
                <Typography.Text type="secondary">{t('answerConditionsHelp')}</Typography.Text>
              }
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
          </Col>
          <Col xs={24}>
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
          </Col>
        </Row>
        {message && (
          <Alert
            type={message.type}
            title={message.text}
            showIcon
            style={{ margin: '12px 0' }}
            data-testid="settings-message"
          />
        )}
        <Button
          type="primary"
          htmlType="submit"
          style={{ marginTop: 12 }}
          data-testid="save-case-settings"
        >
          {t('save')}
        </Button>
      </Form>
      <TextTaxonomyCard />
      <FeedbackImportCard />
    </Space>
  )
}

type TextConfig = TextConfigView

/** The topics comments are sorted into, with their keywords, and words the segmenter must keep whole. */
function TextTaxonomyCard() {
  const { t, errorText } = useI18n()
  const queryClient = useQueryClient()
  const config = useQuery({
    queryKey: ['text-config-full'],
    queryFn: () => api<TextConfig>('GET', '/text/config'),
  })
  const [message, setMessage] = useState<{ type: 'success' | 'error'; text: string } | null>(null)
  if (!config.data) return <Card size="small" loading />
  const save = async (v: TextConfig) => {
    setMessage(null)
    try {
      await api('PUT', '/text/config', {
        topics: v.topics.map((topic) => ({ ...topic, examples: topic.examples ?? [] })),
        userWords: v.userWords ?? [],
      })
      await queryClient.invalidateQueries({ queryKey: ['text-config-full'] })
      await queryClient.invalidateQueries({ queryKey: ['text-config'] })
      setMessage({ type: 'success', text: t('savedReanalysing') })
    } catch (e) {
      setMessage({ type: 'error', text: errorText(e) })
    }
  }
  return (
    <Card size="small" title={t('topicTaxonomy')}>
      <Form layout="vertical" initialValues={config.data} onFinish={save}>
        <Form.List name="topics">
          {(rows, { add, remove }) => (
            <>
              {rows.map((row) => (
                <Space key={row.key} wrap align="start">
                  <Form.Item
                    name={[row.name, 'key']}
                    rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{0,39}$/ }]}
                  >
                    <Input placeholder="key" style={{ width: 150 }} />
                  </Form.Item>
                  <Form.Item name={[row.name, 'label', 'zh-CN']} rules={[{ required: true }]}>
                    <Input placeholder={t('questionTitleZh')} style={{ width: 130 }} />
                  </Form.Item>
                  <Form.Item name={[row.name, 'label', 'en-US']}>
                    <Input placeholder={t('questionTitleEn')} style={{ width: 150 }} />
                  </Form.Item>
                  <Form.Item name={[row.name, 'keywords']} rules={[{ required: true }]}>
                    <Select
                      mode="tags"
                      placeholder={t('keywords')}
                      style={{ width: 360 }}
                      maxTagCount={8}
                    />
                  </Form.Item>
                  <Form.Item name={[row.name, 'examples']}>
                    <Select
                      mode="tags"
                      placeholder={t('topicExamples')}
                      style={{ width: 200 }}
                      maxTagCount={1}
                    />
                  </Form.Item>
                  <Button onClick={() => remove(row.name)}>{t('remove')}</Button>
                </Space>
              ))}
              <Button
                onClick={() => add({ key: '', label: { 'zh-CN': '' }, keywords: [], examples: [] })}
              >
                {t('addTopic')}
              </Button>
            </>
          )}
        </Form.List>
        <Form.Item name="userWords" label={t('userWords')} style={{ marginTop: 12 }}>
          <Select mode="tags" tokenSeparators={[',', ' ']} />
        </Form.Item>
        {message && (
          <Alert type={message.type} title={message.text} showIcon style={{ marginBottom: 12 }} />
        )}
        <Button type="primary" htmlType="submit">
          {t('save')}
        </Button>
      </Form>
    </Card>
  )
}

/** Hotline records and social-media posts from a CSV/XLSX file. */
function FeedbackImportCard() {
  const { t, errorText } = useI18n()
  const [channel, setChannel] = useState<'hotline' | 'social'>('hotline')
  const [skipInvalid, setSkipInvalid] = useState(false)
  const [result, setResult] = useState<{
    type: 'success' | 'warning' | 'error'
    text: string
  } | null>(null)
  const upload = async (file: File) => {
    setResult(null)
    try {
      const report = await api<FeedbackImportReport>('POST', '/feedback/import', {
        channel,
        skipInvalid,
        file: { name: file.name, contentBase64: await readFileAsBase64(file) },
      })
      const text = t('feedbackImported', {
        imported: report.imported,
        duplicates: report.duplicates,
        cases: report.cases,
        rows: report.rows,
      })
      setResult({
        type: report.issues.length > 0 ? 'warning' : 'success',
        text:
          report.issues.length > 0
            ? `${text} ${report.issues
                .slice(0, 5)
                .map((i) => `${i.path}: ${i.reason}`)
                .join('; ')}`
            : text,
      })
    } catch (e) {
      setResult({ type: 'error', text: errorText(e) })
    }
  }
  return (
    <Card size="small" title={t('importFeedback')}>
      <Space wrap>
        <Select
          value={channel}
          onChange={setChannel}
          style={{ width: 160 }}
          options={[
            { value: 'hotline', label: t('channelHotline') },
            { value: 'social', label: t('channelSocial') },
          ]}
        />
        <Checkbox checked={skipInvalid} onChange={(e) => setSkipInvalid(e.target.checked)}>
          {t('importSkipInvalid')}
        </Checkbox>
        <Upload
          accept=".csv,.xlsx"
          showUploadList={false}
          beforeUpload={(file) => {
            void upload(file)
            return false
          }}
        >
          <Button>{t('uploadFile')}</Button>
        </Upload>
      </Space>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t('feedbackImportHelp')}
      </Typography.Paragraph>
      {result && <Alert type={result.type} title={result.text} showIcon />}
    </Card>
  )
}
