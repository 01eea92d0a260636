export type DialectName = 'sqlite' | 'postgres'

/**
 * What differs between the two stores, in one place, so queries never branch
 * on the dialect name themselves.
 */
export interface DialectFeatures {
  name: DialectName
  /** SQL for "1 when the boolean expression holds, else 0", summed in aggregates. */
  countWhen(condition: string): string
}

export function dialectFeatures(name: DialectName): DialectFeatures {
  return {
    name,
    countWhen:
      name === 'postgres'
        ? (condition) => `count(*) filter (where ${condition})`
        : (condition) => `sum(${condition})`,
  }
}
