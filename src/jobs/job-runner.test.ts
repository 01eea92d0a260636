import { describe, expect, it, vi } from 'vitest'
import { JobRunner } from './job-runner.js'

describe('job runner', () => {
  it('logs a failing job under its name and still runs the others', async () => {
    const error = vi.fn()
    const ran: string[] = []
    const runner = new JobRunner(
      [
        {
          name: 'case-sla',
          run: async () => {
            throw new Error('database gone')
          },
        },
        {
          name: 'distribution',
          run: async () => {
            ran.push('distribution')
          },
        },
      ],
      () => 0,
      { error, warn: () => undefined, info: () => undefined },
    )
    expect(await runner.runOnce()).toBe(true)
    expect(ran).toEqual(['distribution'])
    expect(error).toHaveBeenCalledTimes(1)
    expect(error.mock.calls[0]![0]).toMatchObject({ job: 'case-sla' })
    expect(error.mock.calls[0]![1]).toBe('background job case-sla failed')
  })

  it('after stop starts no task, and kicks do nothing', async () => {
    const ran: string[] = []
    const runner = new JobRunner(
      [
        {
          name: 'a',
          run: async () => {
            ran.push('a')
          },
        },
      ],
      () => 0,
      { error: () => undefined, warn: () => undefined, info: () => undefined },
    )
    await runner.stop()
    runner.kick(0)
    expect(await runner.runOnce()).toBe(false)
    expect(ran).toEqual([])
  })
})
