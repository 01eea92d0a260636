/**
 * Whether PostgreSQL aborted a transaction for a lock conflict it cannot otherwise resolve: a
 * deadlock (40P01) or a serialization failure (40001). Nothing of the transaction was kept, so
 * running it again whole is safe. SQLite has one writer and raises neither.
 */
export function isLockConflict(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return code === '40P01' || code === '40001'
}

/**
 * Runs `transaction` (which must open and commit its own transaction) again when PostgreSQL
 * aborted it for a lock conflict, so a user's write does not fail because another one took the
 * same rows in another order at the same moment; any other error, or the last attempt's, is thrown.
 */
export async function retryOnLockConflict<T>(
  transaction: () => Promise<T>,
  attempts = 5,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction()
    } catch (error) {
      if (!isLockConflict(error) || attempt >= attempts) throw error
    }
  }
}
