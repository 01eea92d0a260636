/** The metric answer columns and their value ranges, as stored per day in response_daily_counts. */
export const METRIC_SCALES = { nps: [0, 10], csat: [1, 5], ces: [1, 7] } as const
export type Metric = keyof typeof METRIC_SCALES

export const SCORE_COLUMNS: ReadonlyArray<{ metric: Metric; score: number; column: string }> =
  Object.entries(METRIC_SCALES).flatMap(([metric, [min, max]]) =>
    Array.from({ length: max - min + 1 }, (_, i) => ({
      metric: metric as Metric,
      score: min + i,
      column: `${metric}_${min + i}`,
    })),
  )

/** `responses` (all answers that day) followed by one column per metric value: nps_0 … ces_7. */
export const DAILY_COUNT_COLUMNS: readonly string[] = [
  'responses',
  ...SCORE_COLUMNS.map((c) => c.column),
]
