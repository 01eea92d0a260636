import { Button, Input, Space, Tabs } from 'antd'
import { useState } from 'react'
import { useI18n } from '../../i18n/i18n'

/** A reply to the customer or an internal note on the case. */
export function MessageForm({
  onSend,
}: {
  onSend: (visibility: 'internal' | 'customer', body: string) => Promise<unknown>
}) {
  const { t } = useI18n()
  const [visibility, setVisibility] = useState<'customer' | 'internal'>('customer')
  const [body, setBody] = useState('')
  return (
    <Tabs
      activeKey={visibility}
      onChange={(k) => setVisibility(k as 'customer' | 'internal')}
      items={(['customer', 'internal'] as const).map((v) => ({
        key: v,
        label: v === 'customer' ? t('replyToCustomer') : t('internalNote'),
        children: (
          <Space.Compact style={{ width: '100%' }}>
            <Input.TextArea
              value={body}
              onChange={(e) => setBody(e.target.value)}
              rows={2}
              data-testid={`message-${v}`}
            />
            <Button
              type="primary"
              disabled={!body.trim()}
              onClick={async () => {
                try {
                  await onSend(v, body)
                  setBody('')
                } catch {
                  // Shown by the page; the text stays for another try.
                }
              }}
              data-testid={`send-${v}`}
            >
              {t('send')}
            </Button>
          </Space.Compact>
        ),
      }))}
    />
  )
}
