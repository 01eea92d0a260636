import { type MeanInterval, meanWithInterval } from './mean-interval.js'

/** How far ahead a customer was told of an outage: not at all, or within these day bands. */
export const LEAD_BANDS = ['not_told', 'under_1', '1_to_3', '3_to_7', '7_plus'] as const
export type LeadBand = (typeof LEAD_BANDS)[number]

const DAY_MS = 86_400_000

/** The band of a lead time in milliseconds before the start (null: never told; after the start counts as under a day). */
export function leadBand(leadMs: number | null): LeadBand {
  if (leadMs === null) return 'not_told'
  if (!Number.isFinite(leadMs)) throw new RangeError('a lead time must be a number of milliseconds')
  const days = leadMs / DAY_MS
  if (days < 1) return 'under_1'
  if (days < 3) return '1_to_3'
  if (days < 7) return '3_to_7'
  return '7_plus'
}

export interface LeadSatisfactionRow extends MeanInterval {
  band: LeadBand
}

/**
 * Customers' likelihood to recommend (0–10) after an outage, grouped by how far ahead they were
 * told: each band's mean with its Student-t 95% interval, every band listed (n 0 when empty), so
 * "told a week ahead" sits beside "told the day before" and "not told". A score outside 0–10 is
 * refused (meanWithInterval).
 */
export function satisfactionByLead(
  rows: ReadonlyArray<{ leadMs: number | null; score: number }>,
): LeadSatisfactionRow[] {
  const byBand = new Map<LeadBand, number[]>(LEAD_BANDS.map((b) => [b, []]))
  for (const r of rows) byBand.get(leadBand(r.leadMs))!.push(r.score)
  return LEAD_BANDS.map((band) => ({ band, ...meanWithInterval(byBand.get(band)!, [0, 10]) }))
}
