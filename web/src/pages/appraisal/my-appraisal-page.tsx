import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Card, Empty, Input, List, Space, Statistic, Tag, Typography } from 'antd'
import { useState } from 'react'
import { ApiError } from '../../api/client'
import { disputeMine, fetchMyAppraisals, type MyAppraisal } from './appraisal-api'
import { AppraisalInputs } from './appraisal-results-table'
import { type AppraisalWords, useAppraisalWords } from './appraisal-words'

function MyMonth({ item, words }: { item: MyAppraisal; words: AppraisalWords }) {
  const { t, errorText } = words
  const queryClient = useQueryClient()
  const [text, setText] = useState('')
  const sending = useMutation({
    mutationFn: () => disputeMine(item.id, text.trim()),
    onSuccess: async () => {
      setText('')
      await queryClient.invalidateQueries({ queryKey: ['my-appraisals'] })
    },
  })
  const total = item.result.total
  return (
    <Card
      title={t('ap.my.month', { month: item.month, version: item.formulaVersion })}
      data-testid={`my-ap-${item.month}`}
    >
      <Statistic
        title={t('ap.total')}
        value={total === null ? t('ap.noScore') : total.toFixed(2)}
        data-testid="my-ap-total"
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('ap.inputs')}
      </Typography.Title>
      <AppraisalInputs result={item.result} words={words} />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('ap.disputes')}
      </Typography.Title>
      <List
        size="small"
        dataSource={item.disputes}
        locale={{ emptyText: t('ap.my.noDisputes') }}
        renderItem={(d) => (
          <List.Item data-testid="my-ap-dispute">
            <Space orientation="vertical">
              <Space wrap>
                <Tag color={d.status === 'open' ? 'orange' : 'green'}>
                  {t(`ap.dispute.${d.status}`)}
                </Tag>
                <span>{d.text}</span>
              </Space>
              {d.answer !== null && (
                <Typography.Text type="secondary" data-testid="my-ap-answer">
                  {t('ap.my.answer', { answer: d.answer })}
                </Typography.Text>
              )}
            </Space>
          </List.Item>
        )}
      />
      <Space orientation="vertical" style={{ width: '100%', marginTop: 12 }}>
        <Input.TextArea
          rows={2}
          maxLength={2000}
          value={text}
          placeholder={t('ap.my.disputePlaceholder')}
          onChange={(e) => setText(e.target.value)}
          data-testid="my-ap-dispute-text"
          aria-label={t('ap.my.dispute')}
        />
        <Button
          onClick={() => sending.mutate()}
          disabled={text.trim() === ''}
          loading={sending.isPending}
          data-testid="my-ap-dispute-send"
        >
          {t('ap.my.disputeSend')}
        </Button>
        {sending.error && <Alert type="error" showIcon title={errorText(sending.error)} />}
      </Space>
    </Card>
  )
}

/** The signed-in employee's own approved months with the inputs behind their points, and their disputes. */
export function MyAppraisalPage() {
  const words = useAppraisalWords()
  const { t, errorText } = words
  const mine = useQuery({ queryKey: ['my-appraisals'], queryFn: fetchMyAppraisals, retry: false })
  if (mine.error instanceof ApiError && mine.error.code === 'EMPLOYEE_NOT_FOUND')
    return (
      <Card title={t('ap.my.title')}>
        <Empty description={t('ap.my.notEmployee')} data-testid="my-ap-not-employee" />
      </Card>
    )
  if (mine.isError) return <Alert type="error" title={errorText(mine.error)} showIcon />
  if (!mine.data) return <Card loading title={t('ap.my.title')} />
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={t('ap.my.title')}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('ap.intro')}
        </Typography.Paragraph>
      </Card>
      {mine.data.length === 0 ? (
        <Card>
          <Empty description={t('ap.my.none')} data-testid="my-ap-none" />
        </Card>
      ) : (
        mine.data.map((item) => <MyMonth key={item.id} item={item} words={words} />)
      )}
    </Space>
  )
}
