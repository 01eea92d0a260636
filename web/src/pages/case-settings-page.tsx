import { useQuery, useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Card, Checkbox, Col, Form, Input, InputNumber, Row, Select, Space, Table, TimePicker, Typography, Upload } from 'antd'
import dayjs from 'dayjs'
import { useState } from 'react'
import { api } from '../api/client'
import { fetchSurveys } from '../api/endpoints'
import { readFileAsBase64 } from '../api/file-upload'
import { localizedText } from '../components/localized-text'
import { useI18n } from '../i18n/i18n'

const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const
type Priority = (typeof PRIORITIES)[number]

interface CaseConfig {
  rules: { detractor: boolean; lowCsat: boolean; complaints: boolean; conditions: unknown[] }
  routing: Array<{ store?: string; channel?: string; topic?: string; department: string; owner?: string }>
  defaultDepartment: string
  sla: Record<Priority, { firstResponseMinutes: number; resolutionMinutes: number }>
  warnAtFraction: number
  calendar: { timezone: string; workdays: number[]; start: string; end: string; holidays: string[]; extraWorkdays: string[] }
  causes: Array<{ key: string; label: { 'zh-CN': string; 'en-US'?: string } }>
  authority: { agent: number | null; supervisor: number | null; admin: number | null }
  followUp: { surveyId?: string; channel: 'email' | 'webhook'; locale: 'zh-CN' | 'en-US'; webhook?: unknown }
  publicFormKey?: string
}

const atTime = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number)
  return dayjs().hour(h ?? 0).minute(m ?? 0).second(0)
}

const dates = (text: string) => text.split(/[\s,，]+/).map((d) => d.trim()).filter(Boolean)

/** Administrators set how complaints become cases, their deadlines, who may compensate how much, and the follow-up. */
export function CaseSettingsPage() {
  const { t, locale, errorText } = useI18n()
  const queryClient = useQueryClient()
  const config = useQuery({ queryKey: ['case-config-full'], queryFn: () => api<CaseConfig>('GET', '/case-config') })
  const surveys = useQuery({ queryKey: ['surveys'], queryFn: fetchSurveys })
  const [message, setMessage] = useState<{ type: 'success' | 'error'; text: string } | null>(null)
  if (!config.data) return <Card loading />
  const c = config.data
  const save = async (v: Record<string, unknown>) => {
    setMessage(null)
    const sla = Object.fromEntries(PRIORITIES.map((p) => [p, { firstResponseMinutes: v[`sla_${p}_first`] as number, resolutionMinutes: v[`sla_${p}_resolve`] as number }]))
    const cents = (yuan: unknown) => (yuan === null || yuan === undefined || yuan === '' ? null : Math.round(Number(yuan) * 100))
    const next: CaseConfig = {
      ...c,
      rules: { ...c.rules, detractor: Boolean(v.detractor), lowCsat: Boolean(v.lowCsat), complaints: Boolean(v.complaints) },
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
      authority: { agent: cents(v.agentLimit), supervisor: cents(v.supervisorLimit), admin: cents(v.adminLimit) },
      followUp: { ...c.followUp, ...(v.followUpSurveyId ? { surveyId: String(v.followUpSurveyId) } : { surveyId: undefined }) },
    }
    try {
      await api('PUT', '/case-config', next)
      await queryClient.invalidateQueries({ queryKey: ['case-config-full'] })
      setMessage({ type: 'success', text: t('saved') })
    } catch (e) {
      setMessage({ type: 'error', text: errorText(e) })
    }
  }
  const initial = {
    detractor: c.rules.detractor, lowCsat: c.rules.lowCsat, complaints: c.rules.complaints,
    defaultDepartment: c.defaultDepartment,
    ...Object.fromEntries(PRIORITIES.flatMap((p) => [[`sla_${p}_first`, c.sla[p].firstResponseMinutes], [`sla_${p}_resolve`, c.sla[p].resolutionMinutes]])),
    workdays: c.calendar.workdays,
    hours: [atTime(c.calendar.start), atTime(c.calendar.end)],
    holidays: c.calendar.holidays.join(', '),
    extraWorkdays: c.calendar.extraWorkdays.join(', '),
    agentLimit: c.authority.agent === null ? null : c.authority.agent / 100,
    supervisorLimit: c.authority.supervisor === null ? null : c.authority.supervisor / 100,
    adminLimit: c.authority.admin === null ? null : c.authority.admin / 100,
    followUpSurveyId: c.followUp.surveyId,
  }
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>{t('caseSettings')}</Typography.Title>
      {c.publicFormKey && (
        <Alert type="info" showIcon title={<>{t('publicComplaintForm')}: <Typography.Text copyable>{`${window.location.origin}/complain/${c.publicFormKey}`}</Typography.Text></>} />
      )}
      <Form layout="vertical" initialValues={initial} onFinish={save}>
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('caseRules')}>
              <Form.Item name="complaints" valuePropName="checked" noStyle><Checkbox>{t('ruleComplaints')}</Checkbox></Form.Item><br />
              <Form.Item name="detractor" valuePropName="checked" noStyle><Checkbox>{t('ruleDetractor')}</Checkbox></Form.Item><br />
              <Form.Item name="lowCsat" valuePropName="checked" noStyle><Checkbox>{t('ruleLowCsat')}</Checkbox></Form.Item>
              <Form.Item name="defaultDepartment" label={t('defaultDepartment')} style={{ marginTop: 12 }} rules={[{ required: true }]}><Input /></Form.Item>
              <Form.Item name="followUpSurveyId" label={t('followUpSurvey')}>
                <Select allowClear data-testid="follow-up-survey" options={(surveys.data ?? []).filter((s) => s.status === 'published').map((s) => ({ value: s.id, label: localizedText(s.title, locale) }))} />
              </Form.Item>
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('authorityLimits')}>
              <Space wrap>
                <Form.Item name="agentLimit" label={t('role.agent')}><InputNumber min={0} prefix="¥" placeholder={t('noLimit')} /></Form.Item>
                <Form.Item name="supervisorLimit" label={t('role.supervisor')}><InputNumber min={0} prefix="¥" placeholder={t('noLimit')} /></Form.Item>
                <Form.Item name="adminLimit" label={t('role.admin')}><InputNumber min={0} prefix="¥" placeholder={t('noLimit')} /></Form.Item>
              </Space>
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('slaTargets')}>
              <Table size="small" pagination={false} rowKey="p" dataSource={PRIORITIES.map((p) => ({ p }))}
                columns={[
                  { title: t('priority'), dataIndex: 'p', render: (p: string) => t(`priority.${p}` as 'priority.high') },
                  { title: t('firstResponseMinutes'), render: (_, r) => <Form.Item name={`sla_${r.p}_first`} noStyle><InputNumber min={1} /></Form.Item> },
                  { title: t('resolutionMinutes'), render: (_, r) => <Form.Item name={`sla_${r.p}_resolve`} noStyle><InputNumber min={1} /></Form.Item> },
                ]} />
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('businessCalendar')} extra={<Typography.Text type="secondary">{c.calendar.timezone}</Typography.Text>}>
              <Form.Item name="workdays" label={t('workdays')}>
                <Checkbox.Group options={[1, 2, 3, 4, 5, 6, 7].map((d) => ({ value: d, label: t(`weekday.${d}` as 'weekday.1') }))} />
              </Form.Item>
              <Form.Item name="hours" label={t('workingHours')}><TimePicker.RangePicker format="HH:mm" minuteStep={15} /></Form.Item>
              <Form.Item name="holidays" label={t('holidays')} extra="2026-10-01, 2026-10-02 …"><Input.TextArea rows={2} /></Form.Item>
              <Form.Item name="extraWorkdays" label={t('extraWorkdays')}><Input /></Form.Item>
            </Card>
          </Col>
        </Row>
        {message && <Alert type={message.type} title={message.text} showIcon style={{ margin: '12px 0' }} data-testid="settings-message" />}
        <Button type="primary" htmlType="submit" style={{ marginTop: 12 }} data-testid="save-case-settings">{t('save')}</Button>
      </Form>
      <FeedbackImportCard />
    </Space>
  )
}

/** Hotline records and social-media posts from a CSV/XLSX file. */
function FeedbackImportCard() {
  const { t, errorText } = useI18n()
  const [channel, setChannel] = useState<'hotline' | 'social'>('hotline')
  const [skipInvalid, setSkipInvalid] = useState(false)
  const [result, setResult] = useState<{ type: 'success' | 'warning' | 'error'; text: string } | null>(null)
  const upload = async (file: File) => {
    setResult(null)
    try {
      const report = await api<{ rows: number; imported: number; duplicates: number; cases: number; issues: Array<{ path: string; reason: string }> }>('POST', '/feedback/import', { channel, skipInvalid, file: { name: file.name, contentBase64: await readFileAsBase64(file) } })
      const text = t('feedbackImported', { imported: report.imported, duplicates: report.duplicates, cases: report.cases, rows: report.rows })
      setResult({ type: report.issues.length > 0 ? 'warning' : 'success', text: report.issues.length > 0 ? `${text} ${report.issues.slice(0, 5).map((i) => `${i.path}: ${i.reason}`).join('; ')}` : text })
    } catch (e) {
      setResult({ type: 'error', text: errorText(e) })
    }
  }
  return (
    <Card size="small" title={t('importFeedback')}>
      <Space wrap>
        <Select value={channel} onChange={setChannel} style={{ width: 160 }} options={[{ value: 'hotline', label: t('channelHotline') }, { value: 'social', label: t('channelSocial') }]} />
        <Checkbox checked={skipInvalid} onChange={(e) => setSkipInvalid(e.target.checked)}>{t('importSkipInvalid')}</Checkbox>
        <Upload accept=".csv,.xlsx" showUploadList={false} beforeUpload={(file) => { void upload(file); return false }}>
          <Button>{t('uploadFile')}</Button>
        </Upload>
      </Space>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>{t('feedbackImportHelp')}</Typography.Paragraph>
      {result && <Alert type={result.type} title={result.text} showIcon />}
    </Card>
  )
}
