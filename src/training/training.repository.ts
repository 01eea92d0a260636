import type { Db } from '../db/database.js'

/** The training tables (migration 0053). */

export interface CourseRow {
  id: string
  orgId: string
  title: string
  topic: string | null
  dimension: string
  outcome: string
  createdBy: string
  createdAt: number
}

export interface SessionRow {
  id: string
  orgId: string
  courseId: string
  unitId: string
  startsAt: number
  endsAt: number
  createdBy: string
  createdAt: number
}

export interface AttendanceRow {
  sessionId: string
  employeeId: string
  status: string
  updatedAt: number
}

export async function listCourseRows(db: Db, orgId: string): Promise<CourseRow[]> {
  const rows = await db
    .selectFrom('training_courses')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    orgId: r.org_id,
    title: r.title,
    topic: r.topic,
    dimension: r.dimension,
    outcome: r.outcome,
    createdBy: r.created_by,
    createdAt: Number(r.created_at),
  }))
}

export async function insertCourseRow(db: Db, row: CourseRow): Promise<void> {
  await db
    .insertInto('training_courses')
    .values({
      id: row.id,
      org_id: row.orgId,
      title: row.title,
      topic: row.topic,
      dimension: row.dimension,
      outcome: row.outcome,
      created_by: row.createdBy,
      created_at: row.createdAt,
    })
    .execute()
}

function toSessionRow(r: {
  id: string
  org_id: string
  course_id: string
  unit_id: string
  starts_at: number | string
  ends_at: number | string
  created_by: string
  created_at: number | string
}): SessionRow {
  return {
    id: r.id,
    orgId: r.org_id,
    courseId: r.course_id,
    unitId: r.unit_id,
    startsAt: Number(r.starts_at),
    endsAt: Number(r.ends_at),
    createdBy: r.created_by,
    createdAt: Number(r.created_at),
  }
}

export async function listSessionRows(
  db: Db,
  orgId: string,
  filter: { unitIds?: readonly string[] | undefined; courseId?: string | undefined },
): Promise<SessionRow[]> {
  let query = db.selectFrom('training_sessions').selectAll().where('org_id', '=', orgId)
  if (filter.unitIds) query = query.where('unit_id', 'in', [...filter.unitIds, ''])
  if (filter.courseId) query = query.where('course_id', '=', filter.courseId)
  const rows = await query.orderBy('starts_at', 'desc').orderBy('id').execute()
  return rows.map(toSessionRow)
}

export async function findSessionRow(
  db: Db,
  orgId: string,
  id: string,
): Promise<SessionRow | null> {
  const row = await db
    .selectFrom('training_sessions')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst()
  return row ? toSessionRow(row) : null
}

export async function insertSessionRow(db: Db, row: SessionRow): Promise<void> {
  await db
    .insertInto('training_sessions')
    .values({
      id: row.id,
      org_id: row.orgId,
      course_id: row.courseId,
      unit_id: row.unitId,
      starts_at: row.startsAt,
      ends_at: row.endsAt,
      created_by: row.createdBy,
      created_at: row.createdAt,
    })
    .execute()
}

export async function listAttendanceRows(
  db: Db,
  orgId: string,
  sessionIds: readonly string[],
): Promise<AttendanceRow[]> {
  if (sessionIds.length === 0) return []
  const rows = await db
    .selectFrom('training_attendance')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('session_id', 'in', [...sessionIds])
    .execute()
  return rows.map((r) => ({
    sessionId: r.session_id,
    employeeId: r.employee_id,
    status: r.status,
    updatedAt: Number(r.updated_at),
  }))
}

export async function insertAttendanceRows(
  db: Db,
  orgId: string,
  rows: readonly AttendanceRow[],
): Promise<void> {
  if (rows.length === 0) return
  await db
    .insertInto('training_attendance')
    .values(
      rows.map((r) => ({
        org_id: orgId,
        session_id: r.sessionId,
        employee_id: r.employeeId,
        status: r.status,
        updated_at: r.updatedAt,
      })),
    )
    .execute()
}

/** Sets one enrolment's status; false when the employee is not enrolled in the session. */
export async function updateAttendanceRow(
  db: Db,
  orgId: string,
  row: AttendanceRow,
): Promise<boolean> {
  const result = await db
    .updateTable('training_attendance')
    .set({ status: row.status, updated_at: row.updatedAt })
    .where('org_id', '=', orgId)
    .where('session_id', '=', row.sessionId)
    .where('employee_id', '=', row.employeeId)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}
