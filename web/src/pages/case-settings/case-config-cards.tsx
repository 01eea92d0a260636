import {
  Card,
  Checkbox,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  TimePicker,
  Typography,
} from 'antd'
import { localizedText } from '../../components/localized-text'
import { useI18n } from '../../i18n/i18n'
import { usePageWords } from '../../i18n/page-words'
import type { SurveyListItem } from '../../api/types'
import { PRIORITIES } from './case-config-form'
import { WORK_ITEM_EN, WORK_ITEM_ZH } from './work-item-kinds-words'

/** Whether the browser knows an IANA zone name (the server checks it again). */
function isTimeZone(value: string | undefined): boolean {
  if (!value) return false
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value })
    return true
  } catch {
    return false
  }
}

/**
 * Which answers open cases, whether customers are told of status changes, the default department
 * and the follow-up survey.
 */
export function CaseRulesCard({ surveys }: { surveys: SurveyListItem[] | undefined }) {
  const { t, locale } = useI18n()
  const own = usePageWords(WORK_ITEM_ZH, WORK_ITEM_EN)
  return (
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
      <br />
      <Form.Item name="statusNotices" valuePropName="checked" noStyle>
        <Checkbox data-testid="status-notices">{own.t('statusNotices')}</Checkbox>
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
          options={(surveys ?? [])
            .filter((s) => s.status === 'published')
            .map((s) => ({ value: s.id, label: localizedText(s.title, locale) }))}
        />
      </Form.Item>
    </Card>
  )
}

/** How much compensation each role may grant on its own. */
export function AuthorityLimitsCard() {
  const { t } = useI18n()
  return (
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
  )
}

/** First-response and resolution deadlines per priority. */
export function SlaTargetsCard() {
  const { t } = useI18n()
  return (
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
  )
}

/** Workdays, hours and holidays the deadlines count in. */
export function BusinessCalendarCard({ timezone }: { timezone: string }) {
  const { t } = useI18n()
  const form = Form.useFormInstance()
  const ownTimezone = Form.useWatch('ownTimezone', form) === true
  return (
    <Card
      size="small"
      title={t('businessCalendar')}
      extra={
        ownTimezone ? (
          <Tag color="warning" data-testid="calendar-zone">
            {t('calendarOwnZoneTag')}
          </Tag>
        ) : (
          <Typography.Text type="secondary" data-testid="calendar-zone">
            {t('calendarZoneOrganisation', { zone: timezone })}
          </Typography.Text>
        )
      }
    >
      <Form.Item
        name="ownTimezone"
        label={t('calendarOwnZone')}
        valuePropName="checked"
        extra={t('calendarOwnZoneHelp')}
      >
        <Switch data-testid="calendar-own-zone" />
      </Form.Item>
      {ownTimezone && (
        <Form.Item
          name="timezone"
          label={t('calendarTimezone')}
          rules={[
            { required: true, whitespace: true },
            {
              validator: (_, value: string) =>
                isTimeZone(value)
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('timezoneInvalid'))),
            },
          ]}
        >
          <Input
            placeholder="Asia/Shanghai"
            style={{ maxWidth: 280 }}
            data-testid="calendar-timezone"
          />
        </Form.Item>
      )}
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
  )
}
