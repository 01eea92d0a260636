import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  Button,
  Card,
  Col,
  Empty,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd'
import { useEffect, useState } from 'react'
import { fetchContactLists, fetchSurveys } from '../../api/endpoints'
import { localizedText } from '../../components/localized-text'
import { useOrgTime } from '../../components/org-time'
import { usePageWords } from '../../i18n/page-words'
import { useVisibleUnits } from '../units/use-visible-units'
import {
  createProgramme,
  fetchContactRules,
  fetchProgrammes,
  type Programme,
  type ProgrammeRun,
  saveContactRules,
  setProgrammeStatus,
} from './programmes-api'
import { PROGRAMMES_EN, PROGRAMMES_ZH } from './programmes-words'
import { SegmentsCard, fetchSegments } from './segments-card'
import { SkipCountTags } from './skip-reasons'
import { unitNameIn } from '../units/unit-name'

type Words = ReturnType<typeof usePageWords<keyof typeof PROGRAMMES_ZH>>

/**
 * Contact rules and recurring programmes (/programmes): the organisation's frequency cap and
 * quiet hours, the programmes (monthly, quarterly or yearly surveys to a contact list or a unit's
 * contacts), paused and resumed here, and each run's counts — sent and not sent, by reason.
 */
export function ProgrammesPage() {
  const words = usePageWords(PROGRAMMES_ZH, PROGRAMMES_EN)
  const { t } = words
  return (
    <Space
      orientation="vertical"
      size="middle"
      style={{ width: '100%' }}
      data-testid="programmes-page"
    >
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('programmes.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('programmes.intro')}
      </Typography.Paragraph>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={9}>
          <ContactRulesCard words={words} />
        </Col>
        <Col xs={24} lg={15}>
          <NewProgrammeCard words={words} />
        </Col>
      </Row>
      <SegmentsCard words={words} />
      <ProgrammeList words={words} />
    </Space>
  )
}

function ContactRulesCard({ words }: { words: Words }) {
  const { t, errorText } = words
  const queryClient = useQueryClient()
  const rules = useQuery({ queryKey: ['contact-rules'], queryFn: fetchContactRules })
  const time = useOrgTime()
  const [form] = Form.useForm()
  useEffect(() => {
    if (rules.data)
      form.setFieldsValue({
        capDays: rules.data.capDays,
        quietFrom: rules.data.quietFrom ?? '',
        quietTo: rules.data.quietTo ?? '',
      })
  }, [rules.data, form])
  const save = useMutation({
    mutationFn: (v: { capDays: number | null; quietFrom: string; quietTo: string }) =>
      saveContactRules({
        capDays: v.capDays ?? null,
        quietFrom: v.quietFrom?.trim() || null,
        quietTo: v.quietTo?.trim() || null,
      }),
    onSuccess: (data) => queryClient.setQueryData(['contact-rules'], data),
  })
  return (
    <Card size="small" title={t('programmes.rules')} data-testid="contact-rules-card">
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        <Form.Item name="capDays" label={t('programmes.capDays')} extra={t('programmes.capHelp')}>
          <InputNumber style={{ width: '100%' }} data-testid="cap-days" />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item name="quietFrom" label={t('programmes.quietFrom')}>
            <Input placeholder="21:00" style={{ width: 120 }} data-testid="quiet-from" />
          </Form.Item>
          <Form.Item name="quietTo" label={t('programmes.quietTo')}>
            <Input placeholder="08:00" style={{ width: 120 }} data-testid="quiet-to" />
          </Form.Item>
        </Space>
        <Typography.Paragraph type="secondary">
          {t('programmes.quietHelp', { zone: time.label })}
        </Typography.Paragraph>
        <Space wrap>
          <Button
            type="primary"
            htmlType="submit"
            loading={save.isPending}
            data-testid="save-rules"
          >
            {t('programmes.save')}
          </Button>
          {save.isSuccess && (
            <Typography.Text type="success">{t('programmes.saved')}</Typography.Text>
          )}
        </Space>
        {save.error && (
          <Alert
            type="error"
            showIcon
            style={{ marginTop: 8 }}
            title={errorText(save.error)}
            data-testid="rules-error"
          />
        )}
      </Form>
    </Card>
  )
}

interface ProgrammeForm {
  name: string
  surveyId: string
  schedule: 'monthly' | 'quarterly' | 'yearly'
  startDate: string
  audienceKind: 'list' | 'unit' | 'segment'
  listId?: string
  unitId?: string
  segmentId?: string
  subject: string
  body: string
}

function NewProgrammeCard({ words }: { words: Words }) {
  const { t, errorText, locale } = words
  const queryClient = useQueryClient()
  const [form] = Form.useForm<ProgrammeForm>()
  const [kind, setKind] = useState<'list' | 'unit' | 'segment'>('list')
  const segments = useQuery({ queryKey: ['customer-segments'], queryFn: fetchSegments })
  const surveys = useQuery({ queryKey: ['surveys'], queryFn: fetchSurveys })
  const lists = useQuery({ queryKey: ['contact-lists'], queryFn: fetchContactLists })
  const units = useVisibleUnits()
  const create = useMutation({
    mutationFn: (v: ProgrammeForm) =>
      createProgramme({
        name: v.name,
        surveyId: v.surveyId,
        channel: 'email',
        locale,
        email: { subject: v.subject, body: v.body },
        schedule: v.schedule,
        startDate: v.startDate,
        audience:
          v.audienceKind === 'list'
            ? { kind: 'list', listId: v.listId }
            : v.audienceKind === 'segment'
              ? { kind: 'segment', segmentId: v.segmentId }
              : { kind: 'unit', unitId: v.unitId },
      }),
    onSuccess: () => {
      form.resetFields(['name'])
      return queryClient.invalidateQueries({ queryKey: ['programmes'] })
    },
  })
  const required = [{ required: true, message: t('programmes.required') }]
  return (
    <Card size="small" title={t('programmes.new')} data-testid="new-programme-card">
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          schedule: 'quarterly',
          audienceKind: 'list',
          startDate: new Date().toISOString().slice(0, 10),
          subject: locale === 'en-US' ? 'How are we doing?' : '诚邀您参与满意度调研',
          body:
            locale === 'en-US'
              ? 'Dear {name}, please tell us how we are doing: {link}'
              : '{name} 您好，诚邀您评价我们的服务：{link}',
        }}
        onFinish={(v) => create.mutate(v)}
      >
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item name="name" label={t('programmes.name')} rules={required}>
              <Input data-testid="programme-name" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="surveyId" label={t('programmes.survey')} rules={required}>
              <Select
                data-testid="programme-survey"
                options={(surveys.data ?? [])
                  .filter((s) => s.status === 'published')
                  .map((s) => ({ value: s.id, label: localizedText(s.title, locale) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="schedule" label={t('programmes.schedule')}>
              <Select
                data-testid="programme-schedule"
                options={(['monthly', 'quarterly', 'yearly'] as const).map((s) => ({
                  value: s,
                  label: t(`programmes.schedule.${s}`),
                }))}
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="startDate" label={t('programmes.startDate')} rules={required}>
              <Input type="date" data-testid="programme-start" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="audienceKind" label={t('programmes.audience')}>
              <Radio.Group
                onChange={(e) => setKind(e.target.value)}
                data-testid="programme-audience-kind"
              >
                <Radio value="list">{t('programmes.audience.list')}</Radio>
                <Radio value="unit">{t('programmes.audience.unit')}</Radio>
                <Radio value="segment">{t('programmes.audience.segment')}</Radio>
              </Radio.Group>
            </Form.Item>
            {kind === 'list' ? (
              <Form.Item name="listId" rules={required}>
                <Select
                  data-testid="programme-list"
                  placeholder={t('programmes.audience.list')}
                  options={(lists.data ?? []).map((l) => ({
                    value: l.id,
                    label: `${l.name} (${l.contacts})`,
                  }))}
                />
              </Form.Item>
            ) : kind === 'segment' ? (
              <Form.Item name="segmentId" rules={required}>
                <Select
                  data-testid="programme-segment"
                  placeholder={t('programmes.audience.segment')}
                  options={(segments.data ?? []).map((s) => ({
                    value: s.id,
                    label: `${s.name} (${s.members})`,
                  }))}
                />
              </Form.Item>
            ) : (
              <Form.Item name="unitId" rules={required}>
                <Select
                  data-testid="programme-unit"
                  placeholder={t('programmes.audience.unit')}
                  options={(units.data ?? []).map((u) => ({
                    value: u.id,
                    label: unitNameIn(u, locale),
                  }))}
                />
              </Form.Item>
            )}
          </Col>
          <Col xs={24}>
            <Form.Item name="subject" label={t('programmes.subject')} rules={required}>
              <Input />
            </Form.Item>
            <Form.Item
              name="body"
              label={t('programmes.body', { placeholder: '{link}' })}
              rules={required}
            >
              <Input.TextArea rows={2} />
            </Form.Item>
          </Col>
        </Row>
        <Button
          type="primary"
          htmlType="submit"
          loading={create.isPending}
          data-testid="create-programme"
        >
          {t('programmes.create')}
        </Button>
        {create.error && (
          <Alert
            type="error"
            showIcon
            style={{ marginTop: 8 }}
            title={errorText(create.error)}
            data-testid="programme-error"
          />
        )}
      </Form>
    </Card>
  )
}

function ProgrammeList({ words }: { words: Words }) {
  const { t } = words
  const programmes = useQuery({
    queryKey: ['programmes'],
    queryFn: fetchProgrammes,
    refetchInterval: 5000,
  })
  return (
    <Card size="small" title={t('programmes.list')} data-testid="programme-list-card">
      {programmes.data && programmes.data.length === 0 ? (
        <Empty description={t('programmes.none')} />
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }} size="middle">
          {(programmes.data ?? []).map((p) => (
            <ProgrammeCard key={p.id} programme={p} words={words} />
          ))}
        </Space>
      )}
    </Card>
  )
}

function ProgrammeCard({ programme, words }: { programme: Programme; words: Words }) {
  const { t, errorText } = words
  const time = useOrgTime()
  const queryClient = useQueryClient()
  const toggle = useMutation({
    mutationFn: () =>
      setProgrammeStatus(programme.id, programme.status === 'active' ? 'paused' : 'active'),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['programmes'] }),
  })
  return (
    <Card
      size="small"
      type="inner"
      data-testid="programme"
      title={
        <Space wrap>
          <span>{programme.name}</span>
          <Tag
            color={programme.status === 'active' ? 'green' : 'default'}
            data-testid="programme-status"
          >
            {t(`programmes.status.${programme.status}`)}
          </Tag>
          <Typography.Text type="secondary">
            {t(`programmes.schedule.${programme.schedule}`)} · {programme.startDate}
          </Typography.Text>
        </Space>
      }
      extra={
        <Button
          size="small"
          loading={toggle.isPending}
          onClick={() => toggle.mutate()}
          data-testid="programme-toggle"
        >
          {programme.status === 'active' ? t('programmes.pause') : t('programmes.resume')}
        </Button>
      }
    >
      {toggle.error && <Alert type="error" title={errorText(toggle.error)} />}
      {programme.runs.length === 0 ? (
        <Typography.Text type="secondary" data-testid="programme-no-runs">
          {t('programmes.noRuns', { date: programme.startDate })}
        </Typography.Text>
      ) : (
        <Table<ProgrammeRun>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={programme.runs}
          data-testid="programme-runs"
          columns={[
            { title: t('programmes.period'), dataIndex: 'period' },
            {
              title: time.heading(t('programmes.firedAt')),
              dataIndex: 'firedAt',
              // On a phone the period names the run; the reasons must stay in view.
              responsive: ['md'],
              render: (v: string) => time.dateTime(v),
            },
            {
              title: t('programmes.sent'),
              render: (_, r) => (r.funnel ? `${r.funnel.sent} / ${r.funnel.invited}` : '—'),
            },
            {
              title: t('programmes.skipped'),
              render: (_, r) =>
                r.error ? (
                  <Typography.Text type="warning">
                    {t(`programmes.runError.${r.error}` as 'programmes.runError.audience_empty')}
                  </Typography.Text>
                ) : r.skips ? (
                  <SkipCountTags skips={r.skips} testId="run-skips" />
                ) : null,
            },
          ]}
        />
      )}
    </Card>
  )
}
