import { useMutation } from '@tanstack/react-query'
import { Alert, Input, Modal, Select, Space, Typography } from 'antd'
import { useState } from 'react'
import { TRAINING_DIMENSIONS } from '../../../../src/training/training.schema'
import { type Course, createCourse } from './training-api'
import type { TrainingWords } from './training-words'

const OUTCOMES = ['csat', 'nps', 'ces'] as const

/** A new course: its title, content, the dimension it trains and the outcome it is measured on. */
export function CourseDialog(props: {
  words: TrainingWords
  onClose: () => void
  onCreated: (course: Course) => void
}) {
  const { t, errorText } = props.words
  const [title, setTitle] = useState('')
  const [topic, setTopic] = useState('')
  const [dimension, setDimension] = useState<Course['dimension']>('responsiveness')
  const [outcome, setOutcome] = useState<Course['outcome']>('csat')
  const saving = useMutation({
    mutationFn: () =>
      createCourse({
        title: title.trim(),
        dimension,
        outcome,
        ...(topic.trim() ? { topic: topic.trim() } : {}),
      }),
    onSuccess: props.onCreated,
  })
  const label = (text: string) => <Typography.Text type="secondary">{text}</Typography.Text>
  return (
    <Modal
      open
      title={t('tr.course.new')}
      onCancel={props.onClose}
      onOk={() => saving.mutate()}
      okText={t('tr.course.create')}
      okButtonProps={
        {
          disabled: title.trim() === '',
          loading: saving.isPending,
          'data-testid': 'tr-course-create',
        } as never
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        {label(t('tr.course.title'))}
        <Input
          value={title}
          maxLength={200}
          onChange={(e) => setTitle(e.target.value)}
          data-testid="tr-course-title"
          aria-label={t('tr.course.title')}
        />
        {label(t('tr.course.topic'))}
        <Input.TextArea
          rows={2}
          value={topic}
          maxLength={2000}
          onChange={(e) => setTopic(e.target.value)}
          aria-label={t('tr.course.topic')}
        />
        {label(t('tr.course.dimension'))}
        <Select
          style={{ width: '100%' }}
          value={dimension}
          onChange={setDimension}
          options={TRAINING_DIMENSIONS.map((d) => ({ value: d, label: t(`tr.dim.${d}`) }))}
          aria-label={t('tr.course.dimension')}
        />
        {label(t('tr.course.outcome'))}
        <Select
          style={{ width: '100%' }}
          value={outcome}
          onChange={setOutcome}
          options={OUTCOMES.map((o) => ({ value: o, label: t(`tr.outcome.${o}`) }))}
          aria-label={t('tr.course.outcome')}
        />
        {saving.error && <Alert type="error" showIcon title={errorText(saving.error)} />}
      </Space>
    </Modal>
  )
}
