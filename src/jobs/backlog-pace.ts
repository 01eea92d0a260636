import { performance } from 'node:perf_hooks'

/**
 * How long to wait before the next slice of a background backlog (answers
 * waiting for the intake), from how busy the event loop is with other work:
 * right away when it is mostly idle, so a backlog clears at full speed once a
 * peak has passed; seconds apart while live requests keep it busy, so they
 * keep the upper hand.
 */
export function backlogDelayMs(utilization: number): number {
  if (utilization > 0.7) return 2000
  if (utilization > 0.4) return 500
  return 0
}

const PROBE_MS = 100

/**
 * backlogDelayMs of this thread's event-loop utilisation over a short pause
 * after a slice — the slice itself keeps the loop busy, so it is left out
 * (Node's perf_hooks.eventLoopUtilization).
 */
export async function backlogDelayAfterPause(): Promise<number> {
  const start = performance.eventLoopUtilization()
  await new Promise((resolve) => setTimeout(resolve, PROBE_MS))
  return backlogDelayMs(
    performance.eventLoopUtilization(performance.eventLoopUtilization(), start).utilization,
  )
}
