import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Divider,
  Form,
  Input,
  Select,
  Space,
  Switch,
  Typography,
} from 'antd'
import { usePageWords } from '../../i18n/page-words'
import { InboxStatusLine } from './inbox-status'
import { CHANNEL_EN, CHANNEL_ZH } from './channel-words'
import {
  type ChannelSettings,
  fetchChannelSettings,
  type SecretHint,
  saveChannelSettings,
} from './channels-api'

type Words = ReturnType<typeof usePageWords<keyof typeof CHANNEL_ZH>>

interface Values {
  smsProvider: ChannelSettings['smsProvider']
  smsKeyId?: string
  smsKeySecret?: string
  smsSignName?: string
  smsSdkAppId?: string
  smsRegion?: string
  smsEndpoint?: string
  smsNoticeTemplateId?: string
  smsReplyTemplateId?: string
  smsStatusTemplateId?: string
  wechatEnabled: boolean
  wechatAppId?: string
  wechatToken?: string
  wechatAppSecret?: string
  wechatEncodingAesKey?: string
  /** Ticked: safe mode off, the stored key deleted. */
  wechatPlainMode?: boolean
  wechatApiBase?: string
  chatEnabled: boolean
  chatSecret?: string
  emailEnabled: boolean
  imapHost?: string
  imapPort?: string
  imapTls: boolean
  imapUser?: string
  imapPassword?: string
  imapFolder?: string
}

/** How each cloud's template names the notice's variables (title, start, end). */
const TEMPLATE_VARIABLES = {
  aliyun: ['title', 'start', 'end'].map((name) => `\${${name}}`).join(' '),
  tencent: '{1} {2} {3}',
}

/** How each cloud's template names a reply's variables (case number, status key). */
const REPLY_VARIABLES = {
  aliyun: ['case', 'key'].map((name) => `\${${name}}`).join(' '),
  tencent: '{1} {2}',
}

const SECRETS = [
  'smsKeyId',
  'smsKeySecret',
  'wechatToken',
  'wechatAppSecret',
  'wechatEncodingAesKey',
  'chatSecret',
  'imapPassword',
] as const

/** Empty text is "none" (null); given secrets only (an empty secret keeps the stored one). */
function bodyOf(values: Values) {
  const orNull = (value: string | undefined) => (value?.trim() ? value.trim() : null)
  const secrets = Object.fromEntries(
    SECRETS.filter((name) => values[name]?.trim()).map((name) => [name, values[name]!.trim()]),
  )
  return {
    smsProvider: values.smsProvider,
    smsSignName: orNull(values.smsSignName),
    smsSdkAppId: orNull(values.smsSdkAppId),
    smsRegion: orNull(values.smsRegion),
    smsEndpoint: orNull(values.smsEndpoint),
    smsNoticeTemplateId: orNull(values.smsNoticeTemplateId),
    smsReplyTemplateId: orNull(values.smsReplyTemplateId),
    smsStatusTemplateId: orNull(values.smsStatusTemplateId),
    wechatEnabled: values.wechatEnabled,
    wechatAppId: orNull(values.wechatAppId),
    wechatApiBase: orNull(values.wechatApiBase),
    chatEnabled: values.chatEnabled,
    emailEnabled: values.emailEnabled,
    imapHost: orNull(values.imapHost),
    imapPort: Number(values.imapPort) || (values.imapTls ? 993 : 143),
    imapTls: values.imapTls,
    imapUser: orNull(values.imapUser),
    imapFolder: values.imapFolder?.trim() || 'INBOX',
    ...secrets,
    ...(values.wechatPlainMode ? { wechatEncodingAesKey: null } : {}),
  }
}

/** The placeholder of a write-only field: set (with its last four when shown), or nothing. */
function secretPlaceholder(t: Words['t'], hint: SecretHint): string | undefined {
  if (!hint.set) return undefined
  return hint.last4 ? t('secretSet', { last4: hint.last4 }) : t('secretSetShort')
}

/**
 * The organisation's channels (administrators): the SMS gateway notices go through, the WeChat
 * Official Account and the chat webhook. Credentials are write-only: the card shows whether
 * each is set (and the last four characters of long ones), never the value.
 */
export function ChannelSettingsCard() {
  const words = usePageWords(CHANNEL_ZH, CHANNEL_EN)
  const { t, errorText } = words
  const client = useQueryClient()
  const settings = useQuery({ queryKey: ['channel-settings'], queryFn: fetchChannelSettings })
  const [form] = Form.useForm<Values>()
  const provider = Form.useWatch('smsProvider', form) ?? settings.data?.smsProvider
  const save = useMutation({
    mutationFn: (values: Values) => saveChannelSettings(bodyOf(values)),
    onSuccess: (saved) => {
      client.setQueryData(['channel-settings'], saved)
      form.setFieldsValue({
        ...Object.fromEntries(SECRETS.map((name) => [name, undefined])),
        wechatPlainMode: false,
      })
    },
  })
  const s = settings.data
  if (!s) return null
  const cloud = provider === 'aliyun' || provider === 'tencent'
  const origin = window.location.origin
  return (
    <Card size="small" title={t('channels')} data-testid="channel-settings">
      <Typography.Paragraph type="secondary">{t('channelsIntro')}</Typography.Paragraph>
      {save.isError && (
        <Alert type="error" showIcon title={errorText(save.error)} style={{ marginBottom: 12 }} />
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(values) => save.mutate(values)}
        initialValues={{
          smsProvider: s.smsProvider,
          smsSignName: s.smsSignName ?? '',
          smsSdkAppId: s.smsSdkAppId ?? '',
          smsRegion: s.smsRegion ?? '',
          smsEndpoint: s.smsEndpoint ?? '',
          smsNoticeTemplateId: s.smsNoticeTemplateId ?? '',
          smsReplyTemplateId: s.smsReplyTemplateId ?? '',
          smsStatusTemplateId: s.smsStatusTemplateId ?? '',
          wechatEnabled: s.wechatEnabled,
          wechatAppId: s.wechatAppId ?? '',
          wechatApiBase: s.wechatApiBase ?? '',
          chatEnabled: s.chatEnabled,
          emailEnabled: s.emailEnabled,
          imapHost: s.imapHost ?? '',
          imapPort: String(s.imapPort),
          imapTls: s.imapTls,
          imapUser: s.imapUser ?? '',
          imapFolder: s.imapFolder,
        }}
      >
        <Divider titlePlacement="start" plain>
          {t('sms')}
        </Divider>
        <Form.Item name="smsProvider" label={t('smsProvider')}>
          <Select
            data-testid="channel-sms-provider"
            options={(['webhook', 'aliyun', 'tencent'] as const).map((value) => ({
              value,
              label: t(`provider.${value}`),
            }))}
          />
        </Form.Item>
        {cloud && (
          <>
            <Form.Item
              name="smsKeyId"
              label={provider === 'aliyun' ? t('keyIdAliyun') : t('keyIdTencent')}
            >
              <Input.Password autoComplete="off" placeholder={secretPlaceholder(t, s.smsKeyId)} />
            </Form.Item>
            <Form.Item
              name="smsKeySecret"
              label={provider === 'aliyun' ? t('keySecretAliyun') : t('keySecretTencent')}
            >
              <Input.Password
                autoComplete="new-password"
                placeholder={secretPlaceholder(t, s.smsKeySecret)}
              />
            </Form.Item>
            <Form.Item name="smsSignName" label={t('signName')}>
              <Input maxLength={40} />
            </Form.Item>
            {provider === 'tencent' && (
              <Space wrap size="middle">
                <Form.Item name="smsSdkAppId" label={t('sdkAppId')}>
                  <Input placeholder="1400000000" />
                </Form.Item>
                <Form.Item name="smsRegion" label={t('region')}>
                  <Input placeholder="ap-guangzhou" />
                </Form.Item>
              </Space>
            )}
            <Form.Item
              name="smsNoticeTemplateId"
              label={t('templateId')}
              extra={t('templateHelp', TEMPLATE_VARIABLES)}
            >
              <Input placeholder={provider === 'aliyun' ? 'SMS_123456789' : '1234567'} />
            </Form.Item>
            <Form.Item
              name="smsReplyTemplateId"
              label={t('replyTemplateId')}
              extra={t('replyTemplateHelp', REPLY_VARIABLES)}
            >
              <Input
                data-testid="channel-sms-reply-template"
                placeholder={provider === 'aliyun' ? 'SMS_123456789' : '1234567'}
              />
            </Form.Item>
            <Form.Item
              name="smsStatusTemplateId"
              label={t('statusTemplateId')}
              extra={t('statusTemplateHelp', REPLY_VARIABLES)}
            >
              <Input
                data-testid="channel-sms-status-template"
                placeholder={provider === 'aliyun' ? 'SMS_123456789' : '1234567'}
              />
            </Form.Item>
            {s.smsReceiptPaths && (provider === 'aliyun' || provider === 'tencent') && (
              <Form.Item label={t('receiptUrl')} extra={t('receiptUrlHelp')}>
                <Typography.Text
                  copyable
                  code
                  style={{ wordBreak: 'break-all' }}
                  data-testid="channel-sms-receipt-url"
                >
                  {`${origin}${s.smsReceiptPaths[provider]}`}
                </Typography.Text>
              </Form.Item>
            )}
            <Form.Item name="smsEndpoint" label={t('endpoint')} extra={t('endpointHelp')}>
              <Input placeholder="https://" />
            </Form.Item>
          </>
        )}
        <Divider titlePlacement="start" plain>
          {t('wechat')}
        </Divider>
        <Form.Item name="wechatEnabled" label={t('wechatEnabled')} valuePropName="checked">
          <Switch checkedChildren={t('enabled')} unCheckedChildren={t('disabled')} />
        </Form.Item>
        <Form.Item label={t('serverUrl')}>
          <Typography.Text copyable code style={{ wordBreak: 'break-all' }}>
            {`${origin}${s.wechatPath}`}
          </Typography.Text>
        </Form.Item>
        <Form.Item name="wechatToken" label={t('token')} extra={t('tokenHelp')}>
          <Input.Password
            autoComplete="new-password"
            placeholder={secretPlaceholder(t, s.wechatToken)}
          />
        </Form.Item>
        <Space wrap size="middle">
          <Form.Item name="wechatAppId" label={t('appId')}>
            <Input placeholder="wx…" />
          </Form.Item>
          <Form.Item name="wechatAppSecret" label={t('appSecret')}>
            <Input.Password
              autoComplete="new-password"
              placeholder={secretPlaceholder(t, s.wechatAppSecret)}
            />
          </Form.Item>
        </Space>
        <Form.Item
          name="wechatEncodingAesKey"
          label={t('aesKey')}
          extra={t('aesKeyHelp')}
          rules={[{ pattern: /^[A-Za-z0-9]{43}$/, message: t('aesKeyHelp') }]}
        >
          <Input.Password
            autoComplete="new-password"
            placeholder={secretPlaceholder(t, s.wechatEncodingAesKey)}
          />
        </Form.Item>
        <Typography.Paragraph type="secondary" data-testid="wechat-mode">
          {s.wechatEncodingAesKey.set ? t('modeSafe') : t('modePlain')}
        </Typography.Paragraph>
        {s.wechatEncodingAesKey.set && (
          <Form.Item name="wechatPlainMode" valuePropName="checked">
            <Checkbox>{t('plainMode')}</Checkbox>
          </Form.Item>
        )}
        <Form.Item name="wechatApiBase" label={t('wechatApiBase')} extra={t('wechatApiBaseHelp')}>
          <Input placeholder="https://api.weixin.qq.com" />
        </Form.Item>
        <Divider titlePlacement="start" plain>
          {t('chat')}
        </Divider>
        <Form.Item name="chatEnabled" label={t('chatEnabled')} valuePropName="checked">
          <Switch checkedChildren={t('enabled')} unCheckedChildren={t('disabled')} />
        </Form.Item>
        <Form.Item label={t('webhookUrl')}>
          <Typography.Text copyable code style={{ wordBreak: 'break-all' }}>
            {`${origin}${s.chatPath}`}
          </Typography.Text>
        </Form.Item>
        <Form.Item name="chatSecret" label={t('chatSecret')} extra={t('chatSecretHelp')}>
          <Input.Password
            autoComplete="new-password"
            placeholder={secretPlaceholder(t, s.chatSecret)}
          />
        </Form.Item>
        <InboxFields t={t} s={s} />
        <Space>
          <Button
            type="primary"
            htmlType="submit"
            loading={save.isPending}
            data-testid="channel-settings-save"
          >
            {t('save')}
          </Button>
          {save.isSuccess && <Typography.Text type="success">{t('saved')}</Typography.Text>}
        </Space>
      </Form>
    </Card>
  )
}

/** The e-mail inbox read by IMAP: server, account (password write-only), folder, last look. */
function InboxFields({ t, s }: { t: Words['t']; s: ChannelSettings }) {
  return (
    <>
      <Divider titlePlacement="start" plain>
        {t('email')}
      </Divider>
      <Typography.Paragraph type="secondary">{t('emailIntro')}</Typography.Paragraph>
      <Form.Item name="emailEnabled" label={t('emailEnabled')} valuePropName="checked">
        <Switch
          data-testid="channel-email-enabled"
          checkedChildren={t('enabled')}
          unCheckedChildren={t('disabled')}
        />
      </Form.Item>
      <Space wrap size="middle" align="start">
        <Form.Item name="imapHost" label={t('imapHost')}>
          <Input data-testid="channel-imap-host" placeholder="imap.exmail.qq.com" />
        </Form.Item>
        <Form.Item name="imapPort" label={t('imapPort')}>
          <Input data-testid="channel-imap-port" inputMode="numeric" style={{ width: 100 }} />
        </Form.Item>
      </Space>
      <Form.Item
        name="imapTls"
        label={t('imapTls')}
        extra={t('imapTlsHelp')}
        valuePropName="checked"
      >
        <Switch
          data-testid="channel-imap-tls"
          checkedChildren={t('enabled')}
          unCheckedChildren={t('disabled')}
        />
      </Form.Item>
      <Form.Item name="imapUser" label={t('imapUser')}>
        <Input data-testid="channel-imap-user" autoComplete="off" />
      </Form.Item>
      <Form.Item name="imapPassword" label={t('imapPassword')} extra={t('imapPasswordHelp')}>
        <Input.Password
          data-testid="channel-imap-password"
          autoComplete="new-password"
          placeholder={secretPlaceholder(t, s.imapPassword)}
        />
      </Form.Item>
      <Form.Item name="imapFolder" label={t('imapFolder')}>
        <Input data-testid="channel-imap-folder" placeholder="INBOX" />
      </Form.Item>
      <InboxStatusLine t={t} status={s.inboxStatus} enabled={s.emailEnabled} />
    </>
  )
}
