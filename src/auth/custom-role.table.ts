/** An organisation's own role, assembled from the permission list (migration 0016). */
export interface CustomRoleTable {
  id: string
  org_id: string
  name: string
  description: string
  /** JSON array of permission names (src/auth/roles.ts). */
  permissions: string
  created_at: number
  updated_at: number
}
