import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Card, Col, Form, Input, InputNumber, Row, Select, Space } from 'antd'
import { createDistribution, fetchContactLists } from '../../api/endpoints'
import { useI18n } from '../../i18n/i18n'
import { MailNotConfiguredAlert, useEmailConfigured } from '../distribution-page-sending'

/** A new e-mail or webhook distribution to a contact list, with its message and reminders. */
interface DistributionForm {
  name: string
  listId: string
  channel: 'email' | 'webhook'
  locale: 'zh-CN' | 'en-US'
  subject?: string
  body?: string
  webhookUrl?: string
  webhookSecret?: string
  channelName?: string
  afterHours: number
  maxReminders: number
}

export function NewDistributionCard({ surveyId }: { surveyId: string }) {
  const { t, errorText } = useI18n()
  const queryClient = useQueryClient()
  const lists = useQuery({ queryKey: ['contact-lists'], queryFn: fetchContactLists })
  const [form] = Form.useForm<DistributionForm>()
  const channel = Form.useWatch('channel', form)
  const emailConfigured = useEmailConfigured()
  const create = useMutation({
    mutationFn: (v: DistributionForm) =>
      createDistribution(surveyId, {
        name: v.name,
        listId: v.listId,
        channel: v.channel,
        locale: v.locale,
        ...(v.channel === 'email' && v.subject && v.body
          ? { email: { subject: v.subject, body: v.body } }
          : {}),
        ...(v.channel === 'webhook'
          ? {
              webhook: {
                url: v.webhookUrl,
                secret: v.webhookSecret,
                channelName: v.channelName || 'sms',
              },
            }
          : {}),
        reminders: { afterHours: v.afterHours, max: v.maxReminders },
      }),
    onSuccess: async () => {
      form.resetFields(['name'])
      await queryClient.invalidateQueries({ queryKey: ['distributions', surveyId] })
    },
  })
  return (
    <Card size="small" title={t('newDistribution')}>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ channel: 'email', locale: 'zh-CN', afterHours: 72, maxReminders: 1 }}
        onFinish={(v) => create.mutate(v)}
      >
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="name" label={t('name')} rules={[{ required: true }]}>
              <Input data-testid="distribution-name" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="listId" label={t('contactList')} rules={[{ required: true }]}>
              <Select
                data-testid="distribution-list"
                options={(lists.data ?? []).map((l) => ({
                  value: l.id,
                  label: `${l.name} (${l.contacts})`,
                }))}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="channel" label={t('channel')}>
              <Select
                options={[
                  { value: 'email', label: t('channelEmail') },
                  { value: 'webhook', label: t('channelWebhook') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="locale" label={t('messageLanguage')}>
              <Select
                options={[
                  { value: 'zh-CN', label: '中文' },
                  { value: 'en-US', label: 'English' },
                ]}
              />
            </Form.Item>
          </Col>
        </Row>
        {channel !== 'webhook' && emailConfigured === false && <MailNotConfiguredAlert />}
        {channel === 'webhook' ? (
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item
                name="webhookUrl"
                label={t('webhookUrl')}
                rules={[{ required: true, type: 'url' }]}
              >
                <Input placeholder="https://sms-gateway.example.cn/send" />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item
                name="webhookSecret"
                label={t('webhookSecret')}
                rules={[{ required: true, min: 16 }]}
              >
                <Input.Password />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name="channelName" label={t('channelName')}>
                <Input placeholder="sms" />
              </Form.Item>
            </Col>
          </Row>
        ) : (
          <>
            <Form.Item
              name="subject"
              label={t('emailSubject')}
              extra={t('emailTemplateHelp', { name: '{name}', survey: '{survey}', link: '{link}' })}
            >
              <Input placeholder={t('defaultTemplate')} />
            </Form.Item>
            <Form.Item name="body" label={t('emailBody')}>
              <Input.TextArea rows={4} placeholder={t('defaultTemplate')} />
            </Form.Item>
          </>
        )}
        <Space wrap>
          <Form.Item name="afterHours" label={t('remindAfterHours')}>
            <InputNumber min={1} max={1440} />
          </Form.Item>
          <Form.Item name="maxReminders" label={t('maxReminders')}>
            <InputNumber min={0} max={5} />
          </Form.Item>
        </Space>
        {create.error && (
          <Alert
            type="error"
            title={errorText(create.error)}
            showIcon
            style={{ marginBottom: 12 }}
          />
        )}
        <Button
          type="primary"
          htmlType="submit"
          loading={create.isPending}
          data-testid="create-distribution"
        >
          {t('createDistribution')}
        </Button>
      </Form>
    </Card>
  )
}
