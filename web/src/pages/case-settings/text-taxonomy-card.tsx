import { useQuery, useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Card, Form, Input, Select, Space } from 'antd'
import { useState } from 'react'
import { api } from '../../api/client'
import { useI18n } from '../../i18n/i18n'
import type { TextConfigView } from '../../api/types'

type TextConfig = TextConfigView

/** The topics comments are sorted into, with their keywords, and words the segmenter must keep whole. */
export function TextTaxonomyCard() {
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
