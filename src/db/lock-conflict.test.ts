import { expect, it } from 'vitest'
import { isLockConflict, retryOnLockConflict } from './lock-conflict.js'

// A transaction PostgreSQL aborted for a deadlock (40P01) or a serialization failure (40001) is
// run again whole; any other error, and the last attempt's, reaches the caller.

const aborted = (code: string) => Object.assign(new Error(`aborted ${code}`), { code })

it('runs a transaction aborted for a lock conflict again, other errors once', async () => {
  expect(isLockConflict(aborted('40P01'))).toBe(true)
  expect(isLockConflict(aborted('40001'))).toBe(true)
  expect(isLockConflict(aborted('23505'))).toBe(false)
  expect(isLockConflict(null)).toBe(false)

  let runs = 0
  const twiceAborted = () =>
    ++runs <= 2 ? Promise.reject(aborted(runs === 1 ? '40P01' : '40001')) : Promise.resolve('kept')
  expect(await retryOnLockConflict(twiceAborted)).toBe('kept')
  expect(runs).toBe(3)

  runs = 0
  await expect(
    retryOnLockConflict(() => {
      runs++
      return Promise.reject(aborted('23505'))
    }),
  ).rejects.toThrow('aborted 23505')
  expect(runs).toBe(1)

  runs = 0
  await expect(
    retryOnLockConflict(() => {
      runs++
      return Promise.reject(aborted('40P01'))
    }, 3),
  ).rejects.toThrow('aborted 40P01')
  expect(runs).toBe(3)
})
