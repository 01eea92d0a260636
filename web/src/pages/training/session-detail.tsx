import { useMutation, useQueryClient } from '@tanstack/react-query'
import { Alert, Card, Empty, Select, Table } from 'antd'
import { ATTENDANCE_STATUSES } from '../../../../src/training/training.schema'
import { type AttendanceStatus, type Session, setAttendance } from './training-api'
import type { TrainingWords } from './training-words'

/** A session's attendance: each enrolled employee attended, completed or absent. */
export function AttendanceCard(props: {
  session: Session
  title: string
  words: TrainingWords
  mayWrite: boolean
}) {
  const { session, words, mayWrite } = props
  const { t, errorText } = words
  const queryClient = useQueryClient()
  const saving = useMutation({
    mutationFn: (v: { employeeId: string; status: AttendanceStatus }) =>
      setAttendance(session.id, v.employeeId, v.status),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['training-sessions', session.unitId] })
      await queryClient.invalidateQueries({ queryKey: ['training-effect', session.id] })
      await queryClient.invalidateQueries({ queryKey: ['training-suggestions'] })
    },
  })
  return (
    <Card
      title={
        <span
          style={{ whiteSpace: 'normal', display: 'block', padding: '8px 0' }}
        >{`${t('tr.session.attendance')} · ${props.title}`}</span>
      }
      data-testid="tr-attendance"
    >
      {saving.error && <Alert type="error" showIcon title={errorText(saving.error)} />}
      <Table
        size="small"
        rowKey={(a) => a.employee.id}
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={session.attendance}
        locale={{ emptyText: <Empty description={t('tr.attendance.none')} /> }}
        columns={[
          { title: t('tr.code'), render: (_, a) => a.employee.code },
          { title: t('tr.name'), render: (_, a) => a.employee.name },
          {
            title: t('tr.status'),
            render: (_, a) =>
              mayWrite ? (
                <Select
                  size="small"
                  style={{ width: 120 }}
                  value={a.status}
                  onChange={(status) => saving.mutate({ employeeId: a.employee.id, status })}
                  options={ATTENDANCE_STATUSES.map((s) => ({
                    value: s,
                    label: t(`tr.status.${s}`),
                  }))}
                  data-testid={`tr-att-${a.employee.code}`}
                  aria-label={`${t('tr.status')} ${a.employee.name}`}
                />
              ) : (
                t(`tr.status.${a.status}`)
              ),
          },
        ]}
      />
    </Card>
  )
}
