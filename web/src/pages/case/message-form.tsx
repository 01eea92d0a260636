import { useQuery } from '@tanstack/react-query'
import { Button, Input, Select, Space, Tabs } from 'antd'
import { useState } from 'react'
import { useI18n } from '../../i18n/i18n'
import { fetchScriptsForCase, fillScriptForCase } from './reply-scripts-api'

/**
 * A reply to the customer or an internal note on the case. A reply can start from a script of the
 * library (话术) fitting the case's cause and channel: the server fills in its variables and
 * counts the use (POST /api/v1/reply-scripts/:id/use).
 */
export function MessageForm({
  caseId,
  onSend,
}: {
  caseId: string
  onSend: (visibility: 'internal' | 'customer', body: string) => Promise<unknown>
}) {
  const { t, locale } = useI18n()
  const [visibility, setVisibility] = useState<'customer' | 'internal'>('customer')
  const [body, setBody] = useState('')
  const scripts = useQuery({
    queryKey: ['reply-scripts', caseId],
    queryFn: () => fetchScriptsForCase(caseId),
    retry: false,
  })
  const insertScript = async (scriptId: string) => {
    const { text } = await fillScriptForCase(scriptId, caseId, locale)
    setBody((current) => (current.trim() ? `${current}\n${text}` : text))
  }
  return (
    <Tabs
      activeKey={visibility}
      onChange={(k) => setVisibility(k as 'customer' | 'internal')}
      items={(['customer', 'internal'] as const).map((v) => ({
        key: v,
        label: v === 'customer' ? t('replyToCustomer') : t('internalNote'),
        children: (
          <Space orientation="vertical" size="small" style={{ width: '100%' }}>
            {v === 'customer' && scripts.isSuccess && (
              <Select
                data-testid="insert-script"
                style={{ width: '100%', maxWidth: 320 }}
                placeholder={t('scripts.insert')}
                value={null}
                notFoundContent={t('scripts.none')}
                onChange={(scriptId: string) => void insertScript(scriptId).catch(() => undefined)}
                options={scripts.data.map((s) => ({ value: s.id, label: s.title }))}
              />
            )}
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
          </Space>
        ),
      }))}
    />
  )
}
