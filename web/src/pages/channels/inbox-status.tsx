import { useMutation, useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Form, Space, Typography } from 'antd'
import { usePageWords } from '../../i18n/page-words'
import { CHANNEL_EN, CHANNEL_ZH } from './channel-words'
import { type ChannelSettings, checkEmailInbox } from './channels-api'

type T = ReturnType<typeof usePageWords<keyof typeof CHANNEL_ZH>>['t']

const KNOWN = new Set(Object.keys(CHANNEL_ZH))

/** A look's outcome in words; a code this build does not know reads as a failed look. */
function statusWords(t: T, status: string): string {
  const key = `inbox.${status}`
  return t((KNOWN.has(key) ? key : 'inbox.IMAP_FAILED') as 'inbox.ok')
}

/**
 * What the last look at the e-mail inbox found (ok, or why it failed, in words), and a button to
 * look now — after saving, so the look uses what was saved.
 */
export function InboxStatusLine({
  t,
  status,
  enabled,
}: {
  t: T
  status: ChannelSettings['inboxStatus']
  enabled: boolean
}) {
  const { locale, errorText } = usePageWords(CHANNEL_ZH, CHANNEL_EN)
  const client = useQueryClient()
  const check = useMutation({
    mutationFn: checkEmailInbox,
    onSuccess: () => client.invalidateQueries({ queryKey: ['channel-settings'] }),
  })
  const failed = status.status !== null && status.status !== 'ok'
  return (
    <Form.Item label={t('inboxStatus')}>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text
          type={failed ? 'danger' : status.status === 'ok' ? 'success' : 'secondary'}
          data-testid="channel-inbox-status"
          data-status={status.status ?? ''}
        >
          {status.status === null || status.checkedAt === null
            ? t('inboxNever')
            : `${statusWords(t, status.status)} · ${new Date(status.checkedAt).toLocaleString(locale)}`}
        </Typography.Text>
        {check.data && check.data.status === 'ok' && (
          <Typography.Text type="secondary" data-testid="channel-inbox-taken">
            {t('inboxTaken', {
              feedback: String(check.data.feedback),
              threaded: String(check.data.threaded),
              ignored: String(check.data.ignored),
            })}
          </Typography.Text>
        )}
        {check.isError && <Alert type="error" showIcon title={errorText(check.error)} />}
        {enabled && (
          <Button
            htmlType="button"
            onClick={() => check.mutate()}
            loading={check.isPending}
            data-testid="channel-inbox-check"
          >
            {t('checkNow')}
          </Button>
        )}
      </Space>
    </Form.Item>
  )
}
