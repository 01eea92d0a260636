export interface OrganisationTable {
  id: string
  name: string
  timezone: string
  created_at: number
}
