import { useQuery, useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Card, Empty, Select, Space, Table, Typography } from 'antd'
import { useState } from 'react'
import { fetchMe } from '../../api/endpoints'
import { useOrgTime } from '../../components/org-time'
import { fetchEmployees } from '../employees/employees-api'
import { useVisibleUnits } from '../units/use-visible-units'
import { CourseDialog } from './course-dialog'
import { EffectCard } from './effect-card'
import { AttendanceCard } from './session-detail'
import { SessionDialog } from './session-dialog'
import {
  fetchCourses,
  fetchSessions,
  fetchSuggestions,
  SUGGESTION_DAYS,
  type Session,
} from './training-api'
import { useTrainingWords } from './training-words'
import { unitNameIn } from '../units/unit-name'

const iso = (ms: number) => new Date(ms).toISOString()

/**
 * Training (issue 19): courses, who in a unit needs which (the weakest on its outcome), sessions
 * with attendance and completion, and each session's measured effect
 * (src/server/routes/training.routes.ts).
 */
export function TrainingPage() {
  const words = useTrainingWords()
  const { t, locale, errorText } = words
  const orgTime = useOrgTime()
  const queryClient = useQueryClient()
  const me = useQuery({ queryKey: ['me'], queryFn: fetchMe })
  const mayWrite = me.data?.permissions.includes('training:write') ?? false
  const units = useVisibleUnits()
  const employees = useQuery({ queryKey: ['employees'], queryFn: fetchEmployees })
  const courses = useQuery({ queryKey: ['training-courses'], queryFn: fetchCourses })
  const [chosenUnit, setChosenUnit] = useState<string>()
  const [chosenCourse, setChosenCourse] = useState<string>()
  const [sessionId, setSessionId] = useState<string>()
  const [dialog, setDialog] = useState<'course' | { employeeIds: string[] } | null>(null)
  // Units with staff the caller may see (the employees list keeps to the caller's units).
  const staffed = new Set(
    (employees.data ?? []).filter((e) => e.status === 'active').map((e) => e.unitId),
  )
  const unitList = (units.data ?? []).filter((u) => u.closedAt === null && staffed.has(u.id))
  const unitId = chosenUnit ?? unitList[0]?.id
  const courseList = courses.data ?? []
  const courseId = chosenCourse ?? courseList[0]?.id
  const course = courseList.find((c) => c.id === courseId)
  const sessions = useQuery({
    queryKey: ['training-sessions', unitId],
    queryFn: () => fetchSessions(unitId!),
    enabled: unitId !== undefined,
  })
  const suggestions = useQuery({
    queryKey: ['training-suggestions', courseId, unitId],
    queryFn: () => fetchSuggestions(courseId!, unitId!),
    enabled: courseId !== undefined && unitId !== undefined,
  })
  const unitLabel = (id: string) => {
    const unit = units.data?.find((u) => u.id === id)
    if (!unit) return id
    return unitNameIn(unit, locale)
  }
  const courseTitle = (id: string) => courseList.find((c) => c.id === id)?.title ?? id
  const session = sessions.data?.find((s) => s.id === sessionId)
  const unitEmployees = (employees.data ?? []).filter(
    (e) => e.unitId === unitId && e.status === 'active',
  )
  const error = units.error ?? courses.error ?? sessions.error ?? suggestions.error
  const digits = course?.outcome === 'nps' ? 0 : 2
  const fixed = (v: number | null) => (v === null ? '—' : v.toFixed(digits))
  const counts = (s: Session) =>
    t('tr.session.counts', {
      completed: s.attendance.filter((a) => a.status === 'completed').length,
      enrolled: s.attendance.length,
    })
  // The end's date only when it is another day than the start's.
  const when = (s: Session) => {
    const [start, end] = [orgTime.dateTime(iso(s.startsAt)), orgTime.dateTime(iso(s.endsAt))]
    return `${start} – ${end.slice(0, 10) === start.slice(0, 10) ? end.slice(11) : end}`
  }

  if (units.isSuccess && employees.isSuccess && unitList.length === 0)
    return (
      <Card title={t('tr.title')}>
        <Empty description={t('tr.noUnits')} data-testid="tr-no-units" />
      </Card>
    )
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={t('tr.title')}>
        <Typography.Paragraph type="secondary">{t('tr.intro')}</Typography.Paragraph>
        <Space wrap>
          <span>{t('tr.unit')}</span>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            value={unitId}
            onChange={(v) => {
              setChosenUnit(v)
              setSessionId(undefined)
            }}
            placeholder={t('tr.pickUnit')}
            options={unitList.map((u) => ({
              value: u.id,
              label: `${unitLabel(u.id)} (${u.code})`,
            }))}
            style={{ width: 280, maxWidth: '100%' }}
            data-testid="tr-unit"
            aria-label={t('tr.unit')}
          />
        </Space>
        {error && (
          <Alert type="error" showIcon title={errorText(error)} style={{ marginTop: 12 }} />
        )}
      </Card>
      <Card
        title={t('tr.courses')}
        extra={
          mayWrite && (
            <Button onClick={() => setDialog('course')} data-testid="tr-course-new">
              {t('tr.course.new')}
            </Button>
          )
        }
      >
        <Table
          size="small"
          rowKey="id"
          loading={courses.isLoading}
          dataSource={courseList}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description={t('tr.courses.none')} /> }}
          data-testid="tr-courses"
          columns={[
            { title: t('tr.course.title'), dataIndex: 'title' },
            { title: t('tr.course.dimension'), render: (_, c) => t(`tr.dim.${c.dimension}`) },
            { title: t('tr.course.outcome'), render: (_, c) => t(`tr.outcome.${c.outcome}`) },
            {
              title: t('tr.course.topic'),
              render: (_, c) => (
                <Typography.Text style={{ maxWidth: 360 }} ellipsis={{ tooltip: c.topic }}>
                  {c.topic ?? '—'}
                </Typography.Text>
              ),
            },
          ]}
        />
      </Card>
      {courseList.length > 0 && (
        <Card title={t('tr.suggest')} data-testid="tr-suggestions">
          <Typography.Paragraph type="secondary">
            {t('tr.suggest.hint', { days: SUGGESTION_DAYS })}
          </Typography.Paragraph>
          <Space wrap style={{ marginBottom: 12 }}>
            <span>{t('tr.suggest.course')}</span>
            <Select
              value={courseId}
              onChange={setChosenCourse}
              options={courseList.map((c) => ({ value: c.id, label: c.title }))}
              style={{ width: 280, maxWidth: '100%' }}
              data-testid="tr-suggest-course"
              aria-label={t('tr.suggest.course')}
            />
            {mayWrite && (suggestions.data?.suggestions.length ?? 0) > 0 && (
              <Button
                type="primary"
                onClick={() =>
                  setDialog({
                    employeeIds: suggestions.data!.suggestions.map((s) => s.employee.id),
                  })
                }
                data-testid="tr-suggest-schedule"
              >
                {t('tr.suggest.schedule')}
              </Button>
            )}
          </Space>
          <Table
            size="small"
            rowKey={(s) => s.employee.id}
            loading={suggestions.isLoading}
            dataSource={suggestions.data?.suggestions ?? []}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: <Empty description={t('tr.suggest.none')} /> }}
            data-testid="tr-suggest-table"
            columns={[
              {
                title: t('tr.code'),
                render: (_, s) => (
                  <span data-testid={`tr-suggest-${s.employee.code}`}>{s.employee.code}</span>
                ),
              },
              { title: t('tr.name'), render: (_, s) => s.employee.name },
              { title: t('tr.n'), dataIndex: 'n' },
              { title: t('tr.raw'), render: (_, s) => fixed(s.raw) },
              { title: t('tr.shrunk'), render: (_, s) => fixed(s.shrunk) },
            ]}
          />
        </Card>
      )}
      <Card
        title={t('tr.sessions')}
        extra={
          mayWrite &&
          courseList.length > 0 && (
            <Button onClick={() => setDialog({ employeeIds: [] })} data-testid="tr-session-new">
              {t('tr.session.new')}
            </Button>
          )
        }
      >
        <Table
          size="small"
          rowKey="id"
          loading={sessions.isLoading}
          dataSource={sessions.data ?? []}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description={t('tr.sessions.none')} /> }}
          onRow={(s) => ({ onClick: () => setSessionId(s.id), style: { cursor: 'pointer' } })}
          rowClassName={(s) => (s.id === sessionId ? 'ant-table-row-selected' : '')}
          data-testid="tr-sessions"
          columns={[
            {
              title: t('tr.session.course'),
              render: (_, s) => (
                <span data-testid={`tr-session-${s.id}`}>{courseTitle(s.courseId)}</span>
              ),
            },
            { title: orgTime.heading(t('tr.session.time')), render: (_, s) => when(s) },
            { title: t('tr.session.attendance'), render: (_, s) => counts(s) },
          ]}
        />
        {(sessions.data?.length ?? 0) > 0 && !session && (
          <Typography.Text type="secondary">{t('tr.session.pick')}</Typography.Text>
        )}
      </Card>
      {session && (
        <AttendanceCard
          session={session}
          title={courseTitle(session.courseId)}
          words={words}
          mayWrite={mayWrite}
        />
      )}
      {session && <EffectCard key={session.id} sessionId={session.id} words={words} />}
      {dialog === 'course' && (
        <CourseDialog
          words={words}
          onClose={() => setDialog(null)}
          onCreated={async (c) => {
            setDialog(null)
            setChosenCourse(c.id)
            await queryClient.invalidateQueries({ queryKey: ['training-courses'] })
          }}
        />
      )}
      {dialog !== null && dialog !== 'course' && unitId && (
        <SessionDialog
          words={words}
          unitId={unitId}
          courses={courseList}
          employees={unitEmployees}
          initial={{ ...(courseId ? { courseId } : {}), employeeIds: dialog.employeeIds }}
          onClose={() => setDialog(null)}
          onCreated={async (s) => {
            setDialog(null)
            setSessionId(s.id)
            await queryClient.invalidateQueries({ queryKey: ['training-sessions', unitId] })
          }}
        />
      )}
    </Space>
  )
}
