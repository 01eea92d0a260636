import type { ResponseDailyCountsTable } from './response.table.js'

/**
 * response_unit_daily_counts (migration 0021): per unit, survey and local day, the answers and
 * the count of each NPS, CSAT and CES value — the unit roll-up, summed up the tree at read time.
 */
export type ResponseUnitDailyCountsTable = Omit<ResponseDailyCountsTable, 'channel'> & {
  unit_id: string
}
