import { baselineWait, estimateWait } from './queue-wait.js'

/**
 * A hall's queue replayed from its events in time order: each visit's realised wait and service,
 * what a newcomer found on arrival (people in the hall, people waiting, open counters, the mean
 * service time learnt so far), and the live queue at the end. Pure: times in milliseconds.
 */

export type QueueEventType = 'taken' | 'called' | 'served' | 'left' | 'opened' | 'closed'

export interface QueueEvent {
  type: QueueEventType
  ticket: string | null
  counter: string | null
  at: number
}

export interface ReplayedVisit {
  ticket: string
  takenAt: number
  /** Milliseconds from taken to called; null when never called (left, or still waiting). */
  wait: number | null
  /** Milliseconds from called to served; null when not (yet) served. */
  service: number | null
  /** Left without being called. */
  abandoned: boolean
  /** On arrival: people being served or waiting, people waiting, counters open. */
  inSystem: number
  waitingAhead: number
  counters: number
  /** Mean service time (ms) of the services finished before arrival; null before the first. */
  meanService: number | null
}

export interface LiveQueue {
  waiting: number
  beingServed: number
  counters: number
  /** Mean of the last `SERVICE_WINDOW` services; null before the first. */
  meanService: number | null
}

/** Services the mean is learnt from (the most recent ones). */
export const SERVICE_WINDOW = 200
/** A counter that calls people counts as open for this long after its last call, unless closed. */
export const CALL_KEEPS_OPEN_MS = 60 * 60_000
/**
 * A ticket neither called nor left after this long is forgotten (the hall closed over it); so is
 * an opened counter that neither closed nor called anyone for as long.
 */
export const STALE_TICKET_MS = 12 * 60 * 60_000

/**
 * Replays the events; `now` (default: the last event) is when the live queue is read. A counter is
 * open from `opened` to `closed` (for 12 hours after it last opened or called, at most), or for an
 * hour after it last called someone.
 */
export function replayQueue(
  events: readonly QueueEvent[],
  now?: number,
): {
  visits: ReplayedVisit[]
  live: LiveQueue
} {
  const sorted = [...events].sort((a, b) => a.at - b.at || order(a.type) - order(b.type))
  const waiting = new Map<string, ReplayedVisit>()
  const serving = new Map<string, { visit: ReplayedVisit; calledAt: number }>()
  const opened = new Map<string, number>()
  const lastCall = new Map<string, number>()
  const openAt = (at: number) => {
    let n = 0
    for (const [counter, since] of opened) {
      const called = lastCall.get(counter) ?? since
      if (Math.max(since, called) >= at - STALE_TICKET_MS) n++
    }
    for (const [counter, called] of lastCall)
      if (!opened.has(counter) && called >= at - CALL_KEEPS_OPEN_MS) n++
    return n
  }
  const forgetStale = (at: number) => {
    for (const [ticket, v] of waiting) if (v.takenAt < at - STALE_TICKET_MS) waiting.delete(ticket)
    for (const [ticket, s] of serving) if (s.calledAt < at - STALE_TICKET_MS) serving.delete(ticket)
  }
  const services: number[] = []
  let serviceSum = 0
  const visits: ReplayedVisit[] = []
  const meanService = () => (services.length === 0 ? null : serviceSum / services.length)
  for (const e of sorted) {
    if (e.type === 'opened' || e.type === 'closed') {
      if (e.counter === null) continue
      if (e.type === 'opened') opened.set(e.counter, e.at)
      else {
        opened.delete(e.counter)
        lastCall.delete(e.counter)
      }
      continue
    }
    if (e.ticket === null) continue
    if (e.type === 'taken') {
      forgetStale(e.at)
      // A ticket number the hall gives again starts a new visit.
      waiting.delete(e.ticket)
      serving.delete(e.ticket)
      const visit: ReplayedVisit = {
        ticket: e.ticket,
        takenAt: e.at,
        wait: null,
        service: null,
        abandoned: false,
        inSystem: waiting.size + serving.size,
        waitingAhead: waiting.size,
        counters: Math.max(openAt(e.at), serving.size),
        meanService: meanService(),
      }
      visits.push(visit)
      waiting.set(e.ticket, visit)
    } else if (e.type === 'called') {
      const visit = waiting.get(e.ticket)
      if (!visit) continue
      waiting.delete(e.ticket)
      visit.wait = e.at - visit.takenAt
      serving.set(e.ticket, { visit, calledAt: e.at })
      if (e.counter !== null) lastCall.set(e.counter, e.at)
    } else if (e.type === 'served') {
      const s = serving.get(e.ticket)
      if (!s) continue
      serving.delete(e.ticket)
      s.visit.service = e.at - s.calledAt
      services.push(s.visit.service)
      serviceSum += s.visit.service
      if (services.length > SERVICE_WINDOW) serviceSum -= services.shift()!
    } else if (e.type === 'left') {
      const visit = waiting.get(e.ticket)
      if (visit) {
        visit.abandoned = true
        waiting.delete(e.ticket)
      } else serving.delete(e.ticket)
    }
  }
  const at = now ?? sorted.at(-1)?.at ?? 0
  forgetStale(at)
  return {
    visits,
    live: {
      waiting: waiting.size,
      beingServed: serving.size,
      counters: Math.max(openAt(at), serving.size),
      meanService: meanService(),
    },
  }
}

/**
 * At one instant: counters open, services end and people leave before tickets are taken, and a
 * ticket is taken before it is called.
 */
function order(type: QueueEventType): number {
  return ['opened', 'served', 'left', 'taken', 'called', 'closed'].indexOf(type)
}

export interface ErrorSummary {
  n: number
  /** Mean of estimate − realised (ms). */
  bias: number | null
  meanAbsoluteError: number | null
  rootMeanSquareError: number | null
}

/**
 * The live-queue estimate's error against realised waits, and the baseline's (people waiting
 * ahead × mean service ÷ open counters), over visits that were called and found a mean service
 * time and an open counter on arrival.
 */
export function estimatorErrors(visits: readonly ReplayedVisit[]): {
  estimate: ErrorSummary
  baseline: ErrorSummary
} {
  const scored = visits.filter(
    (v): v is ReplayedVisit & { wait: number; meanService: number } =>
      v.wait !== null && v.meanService !== null && v.counters >= 1,
  )
  const summary = (errors: number[]): ErrorSummary => {
    const n = errors.length
    if (n === 0) return { n, bias: null, meanAbsoluteError: null, rootMeanSquareError: null }
    return {
      n,
      bias: errors.reduce((s, e) => s + e, 0) / n,
      meanAbsoluteError: errors.reduce((s, e) => s + Math.abs(e), 0) / n,
      rootMeanSquareError: Math.sqrt(errors.reduce((s, e) => s + e * e, 0) / n),
    }
  }
  return {
    estimate: summary(
      scored.map((v) => estimateWait(v.inSystem, v.counters, v.meanService) - v.wait),
    ),
    baseline: summary(
      scored.map((v) => baselineWait(v.waitingAhead, v.counters, v.meanService) - v.wait),
    ),
  }
}

export interface WaitDistribution {
  n: number
  median: number | null
  p90: number | null
  mean: number | null
  /** Normal-approximation 95% interval of the mean (mean ± 1.96·sd/√n); null below 2 waits. */
  meanInterval: [number, number] | null
}

/** Median and 90th percentile (nearest rank), mean and its 95% interval. */
export function waitDistribution(waits: readonly number[]): WaitDistribution {
  const n = waits.length
  if (n === 0) return { n, median: null, p90: null, mean: null, meanInterval: null }
  const sorted = [...waits].sort((a, b) => a - b)
  const rank = (p: number) => sorted[Math.max(0, Math.ceil(p * n) - 1)]!
  const mean = sorted.reduce((s, w) => s + w, 0) / n
  if (n < 2) return { n, median: rank(0.5), p90: rank(0.9), mean, meanInterval: null }
  const sd = Math.sqrt(sorted.reduce((s, w) => s + (w - mean) ** 2, 0) / (n - 1))
  const half = (1.96 * sd) / Math.sqrt(n)
  return { n, median: rank(0.5), p90: rank(0.9), mean, meanInterval: [mean - half, mean + half] }
}
