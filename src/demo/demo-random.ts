import { randomUUID } from 'node:crypto'

/** Deterministic pseudo-random numbers for demo data (mulberry32, Tommy Ettinger). */
export class DemoRandom {
  private state: number

  constructor(seed: number) {
    this.state = seed >>> 0
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** Standard normal by Box–Muller. */
  normal(): number {
    const u = Math.max(this.next(), 1e-12)
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next())
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!
  }

  chance(p: number): boolean {
    return this.next() < p
  }
}

/**
 * A UUIDv7 of the instant `at` itself. newId() never goes back in time within a process (ids made
 * later sort later), so in a running server a year of demo answers would all get ids of the
 * moment of loading, and the survey intake, which reads answers in id order from where it
 * stopped, would take them as new. The demo's answers get ids of the time they were given.
 */
export function idAt(at: number): string {
  const time = Math.max(0, Math.floor(at)).toString(16).padStart(12, '0')
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${randomUUID().slice(15)}`
}
