import { expect, it } from 'vitest'
import { backlogDelayAfterPause, backlogDelayMs } from './backlog-pace.js'

it('takes the next slice at once when the loop was idle, and spaces slices while it is busy', () => {
  expect(backlogDelayMs(0.05)).toBe(0)
  expect(backlogDelayMs(0.4)).toBe(0)
  expect(backlogDelayMs(0.55)).toBe(500)
  expect(backlogDelayMs(0.95)).toBe(2000)
})

it('measures the pause after a slice: idle gives no delay, other work during it gives one', async () => {
  expect(await backlogDelayAfterPause()).toBe(0)
  // Other work keeps the loop busy during the pause (as live requests would).
  const busy = setInterval(() => {
    const end = Date.now() + 15
    while (Date.now() < end) {
      // busy
    }
  }, 1)
  try {
    expect(await backlogDelayAfterPause()).toBe(2000)
  } finally {
    clearInterval(busy)
  }
})
