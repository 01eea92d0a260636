import { recordAudit } from '../audit/audit.service.js'
import { requirePermission } from '../auth/permission.service.js'
import type { Db } from '../db/database.js'
import { isRecordWithinUnits, recordsWithinUnits, type Scope } from '../db/scope.js'
import { employeesOfOrganisation, requireEmployeeUnit } from '../employees/employee.service.js'
import { NotFoundError } from '../shared/errors.js'
import { newId } from '../shared/ids.js'
import { parseInput } from '../shared/validation.js'
import {
  type AttendanceRow,
  type CourseRow,
  findSessionRow,
  insertAttendanceRows,
  insertCourseRow,
  insertSessionRow,
  listAttendanceRows,
  listCourseRows,
  listSessionRows,
  type SessionRow,
  updateAttendanceRow,
} from './training.repository.js'
import {
  AttendanceUpdateSchema,
  type Course,
  CourseCreateSchema,
  type Session,
  SessionCreateSchema,
  SessionListQuerySchema,
} from './training.schema.js'

/**
 * Training courses (organisation-wide) and their sessions (one unit each) with the enrolled
 * employees' attendance and completion (issue 19). Sessions keep to the caller's units.
 */

export function toCourse(row: CourseRow): Course {
  return {
    id: row.id,
    title: row.title,
    topic: row.topic,
    dimension: row.dimension as Course['dimension'],
    outcome: row.outcome as Course['outcome'],
    createdAt: row.createdAt,
  }
}

export async function listCourses(scope: Scope): Promise<Course[]> {
  requirePermission(scope.actor, 'employees:read')
  return (await listCourseRows(scope.db, scope.orgId)).map(toCourse)
}

/** A course of the organisation (TRAINING_COURSE_NOT_FOUND otherwise). No caller check. */
export async function requireCourse(db: Db, orgId: string, id: string): Promise<CourseRow> {
  const row = (await listCourseRows(db, orgId)).find((c) => c.id === id)
  if (!row) {
    throw new NotFoundError('TRAINING_COURSE_NOT_FOUND', `No training course ${id}.`, [], { id })
  }
  return row
}

export async function createCourse(scope: Scope, input: unknown): Promise<Course> {
  requirePermission(scope.actor, 'training:write')
  const body = parseInput(CourseCreateSchema, input, 'course')
  return scope.db.transaction().execute(async (trx) => {
    const row: CourseRow = {
      id: `trc_${newId(scope.now)}`,
      orgId: scope.orgId,
      title: body.title,
      topic: body.topic || null,
      dimension: body.dimension,
      outcome: body.outcome,
      createdBy: scope.actor.id,
      createdAt: scope.now,
    }
    await insertCourseRow(trx, row)
    await recordAudit(trx, scope, {
      action: 'training.course.create',
      entity: 'training_course',
      entityId: row.id,
      detail: { dimension: row.dimension, outcome: row.outcome },
    })
    return toCourse(row)
  })
}

async function sessionsWithAttendance(
  db: Db,
  scope: Scope,
  rows: readonly SessionRow[],
): Promise<Session[]> {
  const attendance = await listAttendanceRows(
    db,
    scope.orgId,
    rows.map((r) => r.id),
  )
  const employees = new Map(
    (await employeesOfOrganisation({ db, orgId: scope.orgId })).map((e) => [e.id, e]),
  )
  return rows.map((row) => ({
    id: row.id,
    courseId: row.courseId,
    unitId: row.unitId,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    createdAt: row.createdAt,
    attendance: attendance
      .filter((a) => a.sessionId === row.id)
      .flatMap((a) => {
        const e = employees.get(a.employeeId)
        return e
          ? [
              {
                employee: { id: e.id, code: e.code, name: e.name },
                status: a.status as Session['attendance'][number]['status'],
                updatedAt: a.updatedAt,
              },
            ]
          : []
      })
      .sort((a, b) => a.employee.code.localeCompare(b.employee.code)),
  }))
}

export function sessionNotFound(id: string): NotFoundError {
  return new NotFoundError('TRAINING_SESSION_NOT_FOUND', `No training session ${id}.`, [], { id })
}

/** A session the caller may see (TRAINING_SESSION_NOT_FOUND otherwise, also outside their units). */
export async function requireSession(db: Db, scope: Scope, id: string): Promise<SessionRow> {
  const row = await findSessionRow(db, scope.orgId, id)
  if (!row || !isRecordWithinUnits(scope, row.unitId)) throw sessionNotFound(id)
  return row
}

export async function listSessions(scope: Scope, query: unknown): Promise<Session[]> {
  requirePermission(scope.actor, 'employees:read')
  const q = parseInput(SessionListQuerySchema, query, 'query')
  const within = recordsWithinUnits(scope)
  const unitIds = q.unitId ? (within && !within.includes(q.unitId) ? [''] : [q.unitId]) : within
  const rows = await listSessionRows(scope.db, scope.orgId, { unitIds, courseId: q.courseId })
  return sessionsWithAttendance(scope.db, scope, rows)
}

export async function getSession(scope: Scope, id: string): Promise<Session> {
  requirePermission(scope.actor, 'employees:read')
  const row = await requireSession(scope.db, scope, id)
  return (await sessionsWithAttendance(scope.db, scope, [row]))[0]!
}

/** Schedules a session of a course for a unit, enrolling employees of that unit. */
export async function createSession(scope: Scope, input: unknown): Promise<Session> {
  requirePermission(scope.actor, 'training:write')
  const body = parseInput(SessionCreateSchema, input, 'session')
  await requireEmployeeUnit(scope.db, scope, body.unitId)
  await requireCourse(scope.db, scope.orgId, body.courseId)
  const ofUnit = new Set(
    (await employeesOfOrganisation(scope)).filter((e) => e.unitId === body.unitId).map((e) => e.id),
  )
  const enrolled = [...new Set(body.employeeIds)]
  const stranger = enrolled.find((id) => !ofUnit.has(id))
  if (stranger) {
    throw new NotFoundError(
      'EMPLOYEE_NOT_FOUND',
      `No employee ${stranger} in the unit.`,
      [{ path: 'employeeIds', reason: 'not an employee of the unit', rule: 'invalid' }],
      { id: stranger },
    )
  }
  return scope.db.transaction().execute(async (trx) => {
    const row: SessionRow = {
      id: `trs_${newId(scope.now)}`,
      orgId: scope.orgId,
      courseId: body.courseId,
      unitId: body.unitId,
      startsAt: Date.parse(body.startsAt),
      endsAt: Date.parse(body.endsAt),
      createdBy: scope.actor.id,
      createdAt: scope.now,
    }
    await insertSessionRow(trx, row)
    await insertAttendanceRows(
      trx,
      scope.orgId,
      enrolled.map((employeeId) => ({
        sessionId: row.id,
        employeeId,
        status: 'enrolled',
        updatedAt: scope.now,
      })),
    )
    await recordAudit(trx, scope, {
      action: 'training.session.create',
      entity: 'training_session',
      entityId: row.id,
      detail: { courseId: row.courseId, unitId: row.unitId, enrolled: enrolled.length },
    })
    return (await sessionsWithAttendance(trx, scope, [row]))[0]!
  })
}

/** Records an enrolled employee's attendance or completion (TRAINING_NOT_ENROLLED otherwise). */
export async function setAttendance(
  scope: Scope,
  sessionId: string,
  employeeId: string,
  input: unknown,
): Promise<Session> {
  requirePermission(scope.actor, 'training:write')
  const body = parseInput(AttendanceUpdateSchema, input, 'attendance')
  return scope.db.transaction().execute(async (trx) => {
    const session = await requireSession(trx, scope, sessionId)
    const row: AttendanceRow = { sessionId, employeeId, status: body.status, updatedAt: scope.now }
    if (!(await updateAttendanceRow(trx, scope.orgId, row))) {
      throw new NotFoundError(
        'TRAINING_NOT_ENROLLED',
        `The employee ${employeeId} is not enrolled in this session.`,
        [],
        { sessionId, employeeId },
      )
    }
    await recordAudit(trx, scope, {
      action: 'training.attendance',
      entity: 'training_session',
      entityId: sessionId,
      detail: { employeeId, status: body.status },
    })
    return (await sessionsWithAttendance(trx, scope, [session]))[0]!
  })
}
