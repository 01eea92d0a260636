import type { Course, Session, TrainingEffect } from '../../../../src/training/training.schema'
import { api } from '../../api/client'

/** The training API (src/server/routes/training.routes.ts). */

export type { Course, Session, TrainingEffect }
export type AttendanceStatus = Session['attendance'][number]['status']

export interface Suggestions {
  courseId: string
  unitId: string
  outcome: Course['outcome']
  from: string
  to: string
  suggestions: Array<{
    employee: { id: string; code: string; name: string }
    n: number
    raw: number | null
    shrunk: number | null
  }>
}

export const SUGGESTION_DAYS = 90

export const fetchCourses = () =>
  api<{ courses: Course[] }>('GET', '/training/courses').then((r) => r.courses)
export const createCourse = (input: {
  title: string
  topic?: string
  dimension: Course['dimension']
  outcome: Course['outcome']
}) => api<Course>('POST', '/training/courses', input)
export const fetchSuggestions = (courseId: string, unitId: string) =>
  api<Suggestions>(
    'GET',
    `/training/suggestions?${new URLSearchParams({ courseId, unitId, count: '5', days: String(SUGGESTION_DAYS) })}`,
  )
export const fetchSessions = (unitId: string) =>
  api<{ sessions: Session[] }>('GET', `/training/sessions?${new URLSearchParams({ unitId })}`).then(
    (r) => r.sessions,
  )
export const createSession = (input: {
  courseId: string
  unitId: string
  startsAt: string
  endsAt: string
  employeeIds: string[]
}) => api<Session>('POST', '/training/sessions', input)
export const setAttendance = (sessionId: string, employeeId: string, status: AttendanceStatus) =>
  api<Session>('PUT', `/training/sessions/${sessionId}/attendance/${employeeId}`, { status })
export const fetchEffect = (sessionId: string) =>
  api<TrainingEffect>('GET', `/training/sessions/${sessionId}/effect`)
