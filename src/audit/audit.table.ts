export interface AuditLogTable {
  id: string
  org_id: string
  actor_type: string
  actor_id: string
  action: string
  entity: string
  entity_id: string
  detail: string
  created_at: number
}
