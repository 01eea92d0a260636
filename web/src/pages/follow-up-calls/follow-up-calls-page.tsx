import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Form,
  Input,
  Row,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd'
import type { Dayjs } from 'dayjs'
import { useState } from 'react'
import type { Question } from '../../../../src/surveys/survey.schema'
import { caseTitleText } from '../../components/case-title'
import { useOrgTime } from '../../components/org-time'
import { usePageWords } from '../../i18n/page-words'
import { wallTimeToIso } from '../notices/notice-time'
import { CallAnswerFields } from './call-answer-fields'
import { CALL_EN, CALL_ZH } from './follow-up-call-words'
import {
  type CallAttempt,
  fetchCallConsole,
  fetchMyCalls,
  type FollowUpCall,
  recordAttempt,
} from './follow-up-calls-api'

// Telephone follow-up (95598 回访): the agent's calls due now and later, and the call screen with
// the script, the survey's questions entered as the customer speaks, and the call's outcome.

type Words = ReturnType<typeof usePageWords<keyof typeof CALL_ZH>>

const STATUS_COLOURS: Record<string, string> = {
  open: 'blue',
  call_back: 'gold',
  retry: 'orange',
  done: 'green',
  refused: 'red',
  unreachable: 'default',
}

export function FollowUpCallsPage() {
  const words = usePageWords(CALL_ZH, CALL_EN)
  const { t } = words
  const calls = useQuery({ queryKey: ['follow-up-calls'], queryFn: fetchMyCalls })
  const [selected, setSelected] = useState<string>()
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="calls-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('pageTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('intro')}
      </Typography.Paragraph>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            <CallTable
              title={t('dueNow')}
              empty={t('noneDue')}
              calls={calls.data?.due ?? []}
              loading={calls.isLoading}
              onOpen={setSelected}
              words={words}
              testId="calls-due"
            />
            <CallTable
              title={t('later')}
              empty={t('noneLater')}
              calls={calls.data?.later ?? []}
              loading={calls.isLoading}
              onOpen={setSelected}
              words={words}
              testId="calls-later"
            />
          </Space>
        </Col>
        <Col xs={24} xl={14}>
          {selected ? (
            <CallConsole key={selected} id={selected} words={words} />
          ) : (
            <Card size="small">
              <Empty description={t('pickCall')} />
            </Card>
          )}
        </Col>
      </Row>
    </Space>
  )
}

function CallTable(props: {
  title: string
  empty: string
  calls: FollowUpCall[]
  loading: boolean
  onOpen: (id: string) => void
  words: Words
  testId: string
}) {
  const { t } = props.words
  const orgTime = useOrgTime()
  return (
    <Card title={props.title} size="small" data-testid={props.testId}>
      <Table<FollowUpCall>
        rowKey="id"
        size="small"
        loading={props.loading}
        pagination={false}
        dataSource={props.calls}
        locale={{ emptyText: props.empty }}
        scroll={{ x: true }}
        columns={[
          {
            title: t('case'),
            key: 'case',
            render: (_, c) => (
              <Space direction="vertical" size={0}>
                <Button
                  type="link"
                  size="small"
                  style={{ padding: 0 }}
                  onClick={() => props.onOpen(c.id)}
                  data-testid={`call-open-${c.caseNumber}`}
                >
                  {c.caseNumber}
                </Button>
                <Typography.Text
                  type="secondary"
                  italic={c.answerWithheld}
                  // The withheld words wrap rather than being cut: they are the whole title.
                  ellipsis={!c.answerWithheld}
                  style={{ maxWidth: 180 }}
                  data-testid={c.answerWithheld ? 'call-case-title-withheld' : 'call-case-title'}
                >
                  {caseTitleText({ title: c.caseTitle, answerWithheld: c.answerWithheld }, t)}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: orgTime.heading(t('dueAt')),
            key: 'due',
            render: (_, c) => orgTime.dateTime(c.dueAt),
          },
          {
            title: t('status'),
            key: 'status',
            render: (_, c) => (
              <Tag color={STATUS_COLOURS[c.status]}>{t(`status.${c.status}` as const)}</Tag>
            ),
          },
        ]}
      />
    </Card>
  )
}

function CallConsole({ id, words }: { id: string; words: Words }) {
  const { t, locale, errorText } = words
  const orgTime = useOrgTime()
  const client = useQueryClient()
  const screen = useQuery({ queryKey: ['follow-up-call', id], queryFn: () => fetchCallConsole(id) })
  const [form] = Form.useForm<Record<string, unknown>>()
  const [note, setNote] = useState('')
  const [callBackAt, setCallBackAt] = useState<Dayjs | null>(null)
  const [error, setError] = useState<string>()
  const [done, setDone] = useState<string>()
  const attempt = useMutation({
    mutationFn: (input: Parameters<typeof recordAttempt>[1]) => recordAttempt(id, input),
    onSuccess: async (result) => {
      setError(undefined)
      setDone(
        result.call.status === 'done'
          ? t(result.satisfied === false ? 'unsatisfied' : 'satisfied')
          : `${t('saved')}: ${t(`status.${result.call.status}` as const)}`,
      )
      await client.invalidateQueries({ queryKey: ['follow-up-calls'] })
      await client.invalidateQueries({ queryKey: ['follow-up-call', id] })
    },
    onError: (e) => setError(errorText(e)),
  })
  if (!screen.data) return <Card size="small" loading />
  const { call, customer, scripts, survey, attempts } = screen.data
  const closed = ['done', 'refused', 'unreachable'].includes(call.status)
  const noteField = note.trim() ? { note: note.trim() } : {}
  const submitAnswers = async () => {
    const values = await form.validateFields()
    const answers = Object.fromEntries(
      Object.entries(values).filter(([, v]) => v !== undefined && v !== '' && v !== null),
    ) as Record<string, string | number | string[]>
    attempt.mutate({ outcome: 'reached', answers, ...noteField })
  }
  const callBack = () => {
    if (!callBackAt) return attempt.mutate({ outcome: 'call_back', ...noteField })
    const d = callBackAt
    const at = wallTimeToIso(
      { year: d.year(), month: d.month() + 1, day: d.date(), hour: d.hour(), minute: d.minute() },
      orgTime.timeZone,
    )
    attempt.mutate({ outcome: 'call_back', callBackAt: at, ...noteField })
  }
  return (
    <Card
      size="small"
      data-testid="call-console"
      title={`${call.caseNumber} · ${caseTitleText({ title: call.caseTitle, answerWithheld: call.answerWithheld }, t)}`}
      extra={<Tag color={STATUS_COLOURS[call.status]}>{t(`status.${call.status}` as const)}</Tag>}
    >
      <Space direction="vertical" size={12} style={{ width: '100%' }}>
        <Typography.Text data-testid="call-customer">
          {t('customer')}
          {t('colon')}
          {customer.name ?? '—'} · {t('phone')}
          {t('colon')}
          {customer.phone ?? '—'}
          {customer.masked ? t('masked') : ''}
        </Typography.Text>
        <Card type="inner" size="small" title={t('script')} data-testid="call-script">
          {scripts.length === 0 ? (
            <Typography.Text type="secondary">{t('noScript')}</Typography.Text>
          ) : (
            scripts.map((s) => (
              <Typography.Paragraph key={s.id} style={{ marginBottom: 8 }}>
                <Typography.Text strong>
                  {s.title}
                  {t('colon')}
                </Typography.Text>
                {locale === 'en-US' && s.bodyEn ? s.bodyEn : s.bodyZh}
              </Typography.Paragraph>
            ))
          )}
        </Card>
        <Card type="inner" size="small" title={t('questions')}>
          {survey ? (
            <Form form={form} layout="vertical" disabled={closed} data-testid="call-answers">
              <CallAnswerFields
                questions={survey.questions as unknown as Question[]}
                locale={locale}
                notAsked={t('notAsked')}
              />
            </Form>
          ) : (
            <Alert type="warning" showIcon message={t('noSurvey')} />
          )}
        </Card>
        <Input.TextArea
          rows={2}
          placeholder={t('note')}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          disabled={closed}
          data-testid="call-note"
        />
        {error && <Alert type="error" showIcon message={error} data-testid="call-error" />}
        {done && <Alert type="success" showIcon message={done} data-testid="call-done" />}
        <Space wrap>
          <Button
            type="primary"
            disabled={closed || !survey}
            loading={attempt.isPending}
            onClick={submitAnswers}
            data-testid="call-reached"
          >
            {t('reached')}
          </Button>
          <Button
            disabled={closed}
            onClick={() => attempt.mutate({ outcome: 'no_answer', ...noteField })}
            data-testid="call-no-answer"
          >
            {t('noAnswer')}
          </Button>
          <Button
            danger
            disabled={closed}
            onClick={() => attempt.mutate({ outcome: 'refused', ...noteField })}
            data-testid="call-refused"
          >
            {t('refused')}
          </Button>
        </Space>
        <Space wrap>
          <DatePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            placeholder={t('callBackAt')}
            value={callBackAt}
            onChange={setCallBackAt}
            disabled={closed}
            data-testid="call-back-at"
          />
          <Button disabled={closed} onClick={callBack} data-testid="call-back">
            {t('callBack')}
          </Button>
        </Space>
        <Card
          type="inner"
          size="small"
          title={orgTime.heading(t('history'))}
          data-testid="call-history"
        >
          {attempts.length === 0 ? (
            <Typography.Text type="secondary">{t('noHistory')}</Typography.Text>
          ) : (
            <Timeline items={attempts.map((a) => historyItem(a, words, orgTime.dateTime))} />
          )}
        </Card>
      </Space>
    </Card>
  )
}

function historyItem(a: CallAttempt, words: Words, dateTime: (iso: string | null) => string) {
  const { t } = words
  const parts = [dateTime(a.at), t(`outcome.${a.outcome}` as const)]
  if (a.callBackAt) parts.push(`${t('callBackAt')} ${dateTime(a.callBackAt)}`)
  if (a.note) parts.push(a.note)
  return { key: a.id, children: parts.join(' · ') }
}
