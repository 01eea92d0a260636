import { LRUCache } from 'lru-cache'

/**
 * A bounded cache whose entries expire `ttlMs` after they were stored, on lru-cache.
 *
 * One instance per purpose, created once at startup (src/server/deps.ts) and handed to the code
 * that uses it, never a module-level map: two apps in one process (tests, a CLI command beside a
 * server) must not see each other's entries.
 *
 * Time is the given clock (the app's, so a test's fake clock expires entries too), read at every
 * lookup (lru-cache's `ttlResolution: 0`) rather than debounced with a timer.
 */
export interface TtlCacheOptions {
  /** How long an entry is served after it was stored. */
  ttlMs: number
  /** Most entries kept; the least recently used goes first. */
  max: number
  /** Milliseconds now; Date.now when not given. */
  clock?: () => number
}

export class TtlCache<K extends {}, V extends {}> {
  readonly #options: TtlCacheOptions
  /**
   * Made at the first store, not in the constructor: lru-cache fills arrays of `max` slots when it
   * is made (about 80 ms for 100,000 on the shared two-core machine), and every app makes its
   * caches at startup (deps.ts: the unit codes' holds 100,000), most of which a test app, or a
   * server that takes no answers on unit links, never fills.
   */
  #made: LRUCache<K, V> | undefined

  constructor(options: TtlCacheOptions) {
    this.#options = options
  }

  get #entries(): LRUCache<K, V> {
    if (this.#made === undefined) {
      const clock = this.#options.clock ?? Date.now
      this.#made = new LRUCache<K, V>({
        max: this.#options.max,
        ttl: this.#options.ttlMs,
        ttlResolution: 0,
        // lru-cache reads only now() of a Performance-like object; ours is the app's clock, one
        // ms on, because lru-cache takes an entry stored at time 0 for one without a TTL.
        perf: { now: () => clock() + 1 },
      })
    }
    return this.#made
  }

  /** The stored value, unless it expired. */
  get(key: K): V | undefined {
    return this.#made?.get(key)
  }

  set(key: K, value: V): void {
    this.#entries.set(key, value)
  }

  /** Replaces a live entry's value keeping its age (it expires when the old one would); no-op when absent. */
  update(key: K, change: (value: V) => V): void {
    const value = this.#made?.get(key)
    if (value !== undefined) this.#made?.set(key, change(value), { noUpdateTTL: true })
  }

  delete(key: K): void {
    this.#made?.delete(key)
  }

  clear(): void {
    this.#made?.clear()
  }

  get size(): number {
    return this.#made?.size ?? 0
  }

  /**
   * The live value of `key`, else what `load` gives, stored at once: callers asking while a
   * load is under way share it (`V` is then a promise). A load that throws stores nothing.
   */
  remember(key: K, load: () => V): V {
    const hit = this.#made?.get(key)
    if (hit !== undefined) return hit
    const value = load()
    this.#entries.set(key, value)
    return value
  }
}

/**
 * `cache.remember` for a promise whose rejection is cached only when `keep(error)` says so
 * (an expected "not found" may be; a lost connection must not be served for the next seconds).
 */
export function rememberPromise<K extends {}, T>(
  cache: TtlCache<K, Promise<T>>,
  key: K,
  load: () => Promise<T>,
  keep: (error: unknown) => boolean = () => false,
): Promise<T> {
  const hit = cache.get(key)
  if (hit !== undefined) return hit
  const result = load()
  cache.set(key, result)
  result.catch((error: unknown) => {
    // Only this load's entry: a newer one stored meanwhile stays.
    if (!keep(error) && cache.get(key) === result) cache.delete(key)
  })
  return result
}
