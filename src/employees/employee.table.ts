/** An employee (migration 0041): a person who serves customers, signing in or not. */
export interface EmployeeTable {
  id: string
  org_id: string
  /** Unique within the organisation; what imports, the `employee` hidden field and contact attributes name. */
  code: string
  name: string
  unit_id: string | null
  /** The membership (users row) the employee signs in with; null for those who never do. */
  user_id: string | null
  /** Job title (技师, 前台, 坐席 …), free text; null = not given. */
  position: string | null
  /** `active` or `left`. */
  status: string
  created_at: number
  updated_at: number
}
