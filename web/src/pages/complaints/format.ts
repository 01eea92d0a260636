/** Working minutes as hours, one decimal. */
export const hours = (minutes: number | null) =>
  minutes === null ? '—' : `${(minutes / 60).toFixed(1)} h`

/** A share as a percentage, one decimal; a dash when there is none. */
export const pct = (v: number | null) => (v === null ? '–' : `${(100 * v).toFixed(1)}%`)
