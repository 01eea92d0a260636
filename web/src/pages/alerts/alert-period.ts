/**
 * An alert's period as stored is also its key: a wait-promise breach episode's is `YYYY-MM-DD#k`
 * (the k-th of that rule, hall and check that day, src/alerts/wait-promise-findings.ts). The day
 * and the episode's number read apart, for the reader's words; null for any other period (a
 * month, a day), which is shown as it is.
 */
export function breachEpisodeOf(period: string): { day: string; k: number } | null {
  const match = /^(\d{4}-\d{2}-\d{2})#(\d+)$/.exec(period)
  return match ? { day: match[1]!, k: Number(match[2]) } : null
}
