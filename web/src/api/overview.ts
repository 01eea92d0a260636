import type { z } from 'zod'
import type { OverviewSchema } from '../../../src/overview/overview.schema'
import { api } from './client'

/** The home page's overview across all surveys (GET /api/v1/overview). */
export type Overview = z.infer<typeof OverviewSchema>

/** `unit`: only that unit and those below it (drill-down from a league table). */
export const fetchOverview = (from: string, to: string, unit?: string) =>
  api<Overview>('GET', `/overview?${new URLSearchParams({ from, to, ...(unit ? { unit } : {}) })}`)
