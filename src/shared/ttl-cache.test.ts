import { describe, expect, it } from 'vitest'
import { rememberPromise, TtlCache } from './ttl-cache.js'

/** A clock the test moves by hand. */
function manualClock(start = 1_000_000) {
  let now = start
  return { now: () => now, advance: (ms: number) => (now += ms) }
}

describe('TtlCache', () => {
  it('serves an entry for ttlMs on the given clock, then forgets it', () => {
    const clock = manualClock()
    const cache = new TtlCache<string, number>({ ttlMs: 2_000, max: 10, clock: clock.now })
    cache.set('a', 1)
    clock.advance(2_000)
    expect(cache.get('a')).toBe(1)
    clock.advance(1)
    expect(cache.get('a')).toBeUndefined()
  })

  it('costs nothing to make until something is stored, and reads as empty until then', () => {
    // lru-cache fills arrays of max slots when it is made: 50 caches of a million slots made at
    // once took seconds (about 0.8 s each); each app makes its caches at startup, most never filled.
    const started = performance.now()
    const caches = Array.from(
      { length: 50 },
      () => new TtlCache<string, number>({ ttlMs: 60_000, max: 1_000_000 }),
    )
    expect(performance.now() - started).toBeLessThan(500)
    expect(caches.every((c) => c.size === 0)).toBe(true)
    const cache = new TtlCache<string, number>({ ttlMs: 60_000, max: 10 })
    expect([cache.get('a'), cache.size]).toEqual([undefined, 0])
    cache.update('a', (n) => n + 1)
    cache.delete('a')
    cache.clear()
    expect([cache.get('a'), cache.size]).toEqual([undefined, 0])
    expect(cache.remember('a', () => 1)).toBe(1)
    expect([cache.get('a'), cache.size]).toEqual([1, 1])
  })

  it('keeps at most max entries, dropping the least recently used', () => {
    const cache = new TtlCache<string, number>({ ttlMs: 60_000, max: 2 })
    cache.set('a', 1)
    cache.set('b', 2)
    cache.get('a')
    cache.set('c', 3)
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([1, undefined, 3])
    expect(cache.size).toBe(2)
  })

  it('update changes a value without making it live longer', () => {
    const clock = manualClock()
    const cache = new TtlCache<string, number>({ ttlMs: 1_000, max: 10, clock: clock.now })
    cache.set('a', 1)
    clock.advance(600)
    cache.update('a', (n) => n + 1)
    cache.update('missing', (n) => n + 1)
    expect(cache.get('a')).toBe(2)
    expect(cache.get('missing')).toBeUndefined()
    clock.advance(401)
    expect(cache.get('a')).toBeUndefined()
  })

  it('remember loads once while live and again after expiry', () => {
    const clock = manualClock()
    const cache = new TtlCache<string, string>({ ttlMs: 100, max: 10, clock: clock.now })
    let loads = 0
    const load = () => `v${++loads}`
    expect(cache.remember('k', load)).toBe('v1')
    expect(cache.remember('k', load)).toBe('v1')
    clock.advance(101)
    expect(cache.remember('k', load)).toBe('v2')
    cache.delete('k')
    expect(cache.remember('k', load)).toBe('v3')
  })

  it('rememberPromise shares a pending load and drops a rejection unless kept', async () => {
    const cache = new TtlCache<string, Promise<number>>({ ttlMs: 60_000, max: 10 })
    let loads = 0
    const failing = () => {
      loads++
      return Promise.reject(new Error(`lost connection ${loads}`))
    }
    const first = rememberPromise(cache, 'k', failing)
    expect(rememberPromise(cache, 'k', failing)).toBe(first)
    await expect(first).rejects.toThrow('lost connection 1')
    expect(cache.get('k')).toBeUndefined()

    const kept = rememberPromise(cache, 'nf', failing, () => true)
    await expect(kept).rejects.toThrow('lost connection 2')
    expect(cache.get('nf')).toBe(kept)
    expect(loads).toBe(2)
  })

  it('expires entries stored at time 0 of a test clock too', () => {
    const clock = manualClock(0)
    const cache = new TtlCache<string, number>({ ttlMs: 10, max: 10, clock: clock.now })
    cache.set('a', 1)
    clock.advance(11)
    expect(cache.get('a')).toBeUndefined()
  })
})
