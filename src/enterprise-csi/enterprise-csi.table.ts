/** The enterprise CSI's settings per organisation (migration 0069). */
export interface EnterpriseCsiSettingsTable {
  org_id: string
  /** JSON: EnterpriseCsiSettings (enterprise-csi.schema.ts). */
  settings: string
  updated_by: string
  updated_at: number
}
