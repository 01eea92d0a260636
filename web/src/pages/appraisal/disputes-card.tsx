import { useMutation, useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Card, Empty, Input, List, Space, Tag, Typography } from 'antd'
import { useState } from 'react'
import { type AppraisalMonth, answerDispute, type Dispute } from './appraisal-api'
import type { AppraisalWords } from './appraisal-words'

function DisputeItem({
  dispute,
  name,
  words,
}: {
  dispute: Dispute
  name: string
  words: AppraisalWords
}) {
  const { t, errorText } = words
  const queryClient = useQueryClient()
  const [answer, setAnswer] = useState('')
  const sending = useMutation({
    mutationFn: () => answerDispute(dispute.id, answer.trim()),
    onSuccess: () =>
      queryClient.invalidateQueries({ queryKey: ['appraisal', dispute.appraisalId] }),
  })
  return (
    <List.Item data-testid={`ap-dispute-${dispute.id}`}>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Space wrap>
          <strong>{name}</strong>
          <Tag color={dispute.status === 'open' ? 'orange' : 'green'}>
            {t(`ap.dispute.${dispute.status}`)}
          </Tag>
        </Space>
        <Typography.Paragraph style={{ marginBottom: 0 }}>{dispute.text}</Typography.Paragraph>
        {dispute.answer !== null ? (
          <Typography.Text type="secondary" data-testid="ap-dispute-answer">
            {t('ap.my.answer', { answer: dispute.answer })}
          </Typography.Text>
        ) : (
          <Space.Compact style={{ width: '100%' }}>
            <Input
              value={answer}
              maxLength={2000}
              placeholder={t('ap.dispute.answerPlaceholder')}
              onChange={(e) => setAnswer(e.target.value)}
              data-testid="ap-dispute-answer-input"
              aria-label={t('ap.dispute.answer')}
            />
            <Button
              type="primary"
              disabled={answer.trim() === ''}
              loading={sending.isPending}
              onClick={() => sending.mutate()}
              data-testid="ap-dispute-send"
            >
              {t('ap.dispute.send')}
            </Button>
          </Space.Compact>
        )}
        {sending.error && <Alert type="error" showIcon title={errorText(sending.error)} />}
      </Space>
    </List.Item>
  )
}

/** Employees' disputes of a month, each answered once (the employee reads the answer). */
export function DisputesCard({ month, words }: { month: AppraisalMonth; words: AppraisalWords }) {
  const { t } = words
  const names = new Map(
    month.results.map((r) => [r.employee.id, `${r.employee.name} · ${r.employee.code}`]),
  )
  return (
    <Card title={t('ap.disputes')} data-testid="ap-disputes">
      {month.disputes.length === 0 ? (
        <Empty description={t('ap.disputes.none')} />
      ) : (
        <List
          dataSource={month.disputes}
          renderItem={(d) => (
            <DisputeItem dispute={d} name={names.get(d.employeeId) ?? d.employeeId} words={words} />
          )}
        />
      )}
    </Card>
  )
}
