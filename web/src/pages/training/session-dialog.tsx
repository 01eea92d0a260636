import { useMutation } from '@tanstack/react-query'
import { Alert, Input, Modal, Select, Space, Typography } from 'antd'
import { useState } from 'react'
import type { Employee } from '../employees/employees-api'
import { type Course, createSession, type Session } from './training-api'
import type { TrainingWords } from './training-words'

/** "2026-11-30T09:00" in the browser's zone, for a datetime-local input. */
function localInput(ms: number): string {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000)
  return d.toISOString().slice(0, 16)
}

const DAY_MS = 86_400_000

/** A session of a course for the unit, enrolling its employees (from the suggestions or picked). */
export function SessionDialog(props: {
  words: TrainingWords
  unitId: string
  courses: Course[]
  employees: Employee[]
  initial: { courseId?: string; employeeIds: string[] }
  onClose: () => void
  onCreated: (session: Session) => void
}) {
  const { t, errorText } = props.words
  const [courseId, setCourseId] = useState(props.initial.courseId ?? props.courses[0]?.id)
  const tomorrow = Math.ceil(Date.now() / DAY_MS) * DAY_MS + 9 * 3_600_000
  const [startsAt, setStartsAt] = useState(localInput(tomorrow))
  const [endsAt, setEndsAt] = useState(localInput(tomorrow + 3 * 3_600_000))
  const [employeeIds, setEmployeeIds] = useState(props.initial.employeeIds)
  const saving = useMutation({
    mutationFn: () =>
      createSession({
        courseId: courseId!,
        unitId: props.unitId,
        startsAt: new Date(startsAt).toISOString(),
        endsAt: new Date(endsAt).toISOString(),
        employeeIds,
      }),
    onSuccess: props.onCreated,
  })
  const label = (text: string) => <Typography.Text type="secondary">{text}</Typography.Text>
  return (
    <Modal
      open
      title={t('tr.session.new')}
      onCancel={props.onClose}
      onOk={() => saving.mutate()}
      okText={t('tr.session.create')}
      okButtonProps={
        {
          disabled: !courseId || !startsAt || !endsAt,
          loading: saving.isPending,
          'data-testid': 'tr-session-create',
        } as never
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        {label(t('tr.session.course'))}
        <Select
          style={{ width: '100%' }}
          value={courseId}
          onChange={setCourseId}
          options={props.courses.map((c) => ({ value: c.id, label: c.title }))}
          data-testid="tr-session-course"
          aria-label={t('tr.session.course')}
        />
        {label(t('tr.session.starts'))}
        <Input
          type="datetime-local"
          value={startsAt}
          onChange={(e) => setStartsAt(e.target.value)}
          data-testid="tr-session-starts"
          aria-label={t('tr.session.starts')}
        />
        {label(t('tr.session.ends'))}
        <Input
          type="datetime-local"
          value={endsAt}
          onChange={(e) => setEndsAt(e.target.value)}
          data-testid="tr-session-ends"
          aria-label={t('tr.session.ends')}
        />
        {label(t('tr.session.employees'))}
        <Select
          mode="multiple"
          style={{ width: '100%' }}
          value={employeeIds}
          onChange={setEmployeeIds}
          optionFilterProp="label"
          options={props.employees.map((e) => ({ value: e.id, label: `${e.name} · ${e.code}` }))}
          data-testid="tr-session-employees"
          aria-label={t('tr.session.employees')}
        />
        {saving.error && <Alert type="error" showIcon title={errorText(saving.error)} />}
      </Space>
    </Modal>
  )
}
