import { describe, expect, it, vi } from 'vitest'
import { ValidationError } from '../shared/errors.js'
import { errorKind, JobRegistry } from './job-registry.js'
import { JobRunner } from './job-runner.js'

const quiet = { error: () => undefined, warn: () => undefined, info: () => undefined }

describe('job registry', () => {
  it('takes a name once, in sweep order, and only lowercase words joined by hyphens', () => {
    const registry = new JobRegistry()
    registry.register({ name: 'case-sla', run: async () => undefined })
    registry.register({ name: 'distribution', run: async () => undefined })
    expect(registry.names).toEqual(['case-sla', 'distribution'])
    expect(() => registry.register({ name: 'case-sla', run: async () => undefined })).toThrow(
      'job "case-sla" is registered twice',
    )
    expect(() => registry.register({ name: 'Case SLA', run: async () => undefined })).toThrow(
      'lowercase words joined by hyphens',
    )
    expect(registry.names).toEqual(['case-sla', 'distribution'])
  })

  it("keeps each job's last run, success and error (by code or class, never the message)", async () => {
    let now = 1_000
    let fail = true
    const error = vi.fn()
    const runner = new JobRunner(
      [
        {
          name: 'case-sla',
          run: async () => {
            now += 5
            if (fail)
              throw new ValidationError('VALIDATION_FAILED', 'secret row 42 in table cases', [])
          },
        },
        { name: 'text-reanalysis', run: async () => undefined },
      ],
      () => now,
      { ...quiet, error },
    )
    expect(runner.health().jobs).toEqual([
      { name: 'case-sla', lastRunAt: null, lastSuccessAt: null, lastError: null },
      { name: 'text-reanalysis', lastRunAt: null, lastSuccessAt: null, lastError: null },
    ])
    expect(await runner.runOnce()).toBe(true)
    expect(error).toHaveBeenCalledWith(
      expect.objectContaining({ job: 'case-sla' }),
      'background job case-sla failed',
    )
    expect(runner.health().jobs).toEqual([
      {
        name: 'case-sla',
        lastRunAt: 1_000,
        lastSuccessAt: null,
        lastError: { at: 1_000, error: 'VALIDATION_FAILED' },
      },
      { name: 'text-reanalysis', lastRunAt: 1_005, lastSuccessAt: 1_005, lastError: null },
    ])
    fail = false
    now = 2_000
    expect(await runner.runOnce()).toBe(true)
    // The last error stays beside the newer success, so a flapping job shows.
    expect(runner.health().jobs[0]).toEqual({
      name: 'case-sla',
      lastRunAt: 2_000,
      lastSuccessAt: 2_005,
      lastError: { at: 1_000, error: 'VALIDATION_FAILED' },
    })
    expect(runner.health().sweep.lastFinishedAt).toBe(2_005)
  })

  it('runs a job with everyMs at most that often, however often the sweep runs', async () => {
    let now = 10_000
    const ran: number[] = []
    const runner = new JobRunner(
      [{ name: 'hourly', everyMs: 3_600_000, run: async (at) => ran.push(at) }],
      () => now,
      quiet,
    )
    await runner.runOnce()
    now += 3_599_999
    await runner.runOnce()
    now += 1
    await runner.runOnce()
    expect(ran).toEqual([10_000, 3_610_000])
  })

  it('names an error by its code, else its class', () => {
    expect(errorKind(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }))).toBe(
      'ECONNREFUSED',
    )
    expect(errorKind(new TypeError('x is undefined'))).toBe('TypeError')
    expect(errorKind('a string')).toBe('string')
  })
})
