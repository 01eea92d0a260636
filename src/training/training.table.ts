/** The training tables (migration 0053). */

export interface TrainingCourseTable {
  id: string
  org_id: string
  title: string
  topic: string | null
  /** TRAINING_DIMENSIONS (training.schema.ts). */
  dimension: string
  /** The customer outcome the course is measured on: csat, nps or ces. */
  outcome: string
  created_by: string
  created_at: number
}

export interface TrainingSessionTable {
  id: string
  org_id: string
  course_id: string
  unit_id: string
  starts_at: number
  ends_at: number
  created_by: string
  created_at: number
}

export interface TrainingAttendanceTable {
  org_id: string
  session_id: string
  employee_id: string
  /** enrolled, attended, completed or absent. */
  status: string
  updated_at: number
}
