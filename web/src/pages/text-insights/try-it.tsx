import { useMutation } from '@tanstack/react-query'
import { Alert, Button, Card, Input, Space, Tag } from 'antd'
import { useState } from 'react'
import { analyzeTextNow } from '../../api/endpoints'
import { useI18n } from '../../i18n/i18n'

import { SENTIMENT_COLOR } from './sentiment-colour'

/** Type a comment and see how it is read: language, sentiment, topics per aspect. */
export function TryIt({ labelOf }: { labelOf: (key: string) => string }) {
  const { t, errorText } = useI18n()
  const [text, setText] = useState('服务态度很好，但是配送太慢了')
  const run = useMutation({ mutationFn: () => analyzeTextNow(text) })
  return (
    <Card size="small" title={t('tryAnalysis')}>
      <Space.Compact style={{ width: '100%' }}>
        <Input value={text} onChange={(e) => setText(e.target.value)} data-testid="try-text" />
        <Button type="primary" onClick={() => run.mutate()} data-testid="try-run">
          {t('analyze')}
        </Button>
      </Space.Compact>
      {run.error && <Alert type="error" title={errorText(run.error)} />}
      {run.data && (
        <Space wrap style={{ marginTop: 12 }} data-testid="try-result">
          <Tag>{run.data.language}</Tag>
          <Tag color={SENTIMENT_COLOR[run.data.sentiment]}>
            {t(`sentiment.${run.data.sentiment}`)} {run.data.score.toFixed(2)}
          </Tag>
          {run.data.aspects.map((a) => (
            <Tag key={a.topic} color={SENTIMENT_COLOR[a.sentiment]}>
              {labelOf(a.topic)}: {t(`sentiment.${a.sentiment}` as 'sentiment.positive')}
            </Tag>
          ))}
        </Space>
      )}
    </Card>
  )
}
