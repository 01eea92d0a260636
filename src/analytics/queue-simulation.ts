import { seededRandom } from './seeded-random.js'

/** One customer of a simulated queue: when they came, what they found, how long they waited. */
export interface SimulatedVisit {
  arrivedAt: number
  /** People in the hall (being served or waiting) on arrival. */
  inSystem: number
  /** People waiting ahead (not yet at a counter) on arrival. */
  waitingAhead: number
  wait: number
  service: number
}

/**
 * A first-come-first-served M/M/c queue: Poisson arrivals at rate `lambda`, exponential service
 * at rate `mu` per counter, `counters` counters; seeded, so a test sees the same queue each run.
 */
export function simulateMmc(options: {
  lambda: number
  mu: number
  counters: number
  customers: number
  seed: number
}): SimulatedVisit[] {
  const random = seededRandom(options.seed)
  const exponential = (rate: number) => -Math.log(1 - random()) / rate
  const free = new Array<number>(options.counters).fill(0)
  let present: Array<{ start: number; end: number }> = []
  const visits: SimulatedVisit[] = []
  let now = 0
  for (let i = 0; i < options.customers; i++) {
    now += exponential(options.lambda)
    present = present.filter((p) => p.end > now)
    const waitingAhead = present.filter((p) => p.start > now).length
    // FIFO: the next customer takes the counter that frees first.
    let counter = 0
    for (let k = 1; k < free.length; k++) if (free[k]! < free[counter]!) counter = k
    const start = Math.max(now, free[counter]!)
    const service = exponential(options.mu)
    free[counter] = start + service
    visits.push({
      arrivedAt: now,
      inSystem: present.length,
      waitingAhead,
      wait: start - now,
      service,
    })
    present.push({ start, end: start + service })
  }
  return visits
}
