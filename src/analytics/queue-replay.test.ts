import { describe, expect, it } from 'vitest'
import { estimatorErrors, type QueueEvent, replayQueue, waitDistribution } from './queue-replay.js'

const M = 60_000
const e = (
  type: QueueEvent['type'],
  minute: number,
  ticket: string | null,
  counter: string | null = null,
): QueueEvent => ({
  type,
  ticket,
  counter,
  at: minute * M,
})

describe('a hall replayed from its queue events', () => {
  it('measures waits and services, takes a ticket before its call at one instant, and counts walk-outs', () => {
    const { visits, live } = replayQueue([
      e('called', 0, 'A1', 'C1'),
      e('taken', 0, 'A1'),
      e('taken', 1, 'A2'),
      e('served', 6, 'A1', 'C1'),
      e('called', 6, 'A2', 'C1'),
      e('taken', 7, 'A3'),
      e('left', 9, 'A3'),
      e('taken', 10, 'A4'),
    ])
    expect(visits.map((v) => [v.ticket, v.wait, v.service, v.abandoned])).toEqual([
      ['A1', 0, 6 * M, false],
      ['A2', 5 * M, null, false],
      ['A3', null, null, true],
      ['A4', null, null, false],
    ])
    // A3 found A2 at C1 (called at 6, an hour keeps C1 open), mean service 6 min so far.
    expect(visits[2]).toMatchObject({
      inSystem: 1,
      waitingAhead: 0,
      counters: 1,
      meanService: 6 * M,
    })
    expect(live).toEqual({ waiting: 1, beingServed: 1, counters: 1, meanService: 6 * M })
  })

  it('forgets counters and tickets left over from a closed day', () => {
    const { live } = replayQueue(
      [
        e('opened', 0, null, 'C1'),
        e('opened', 0, null, 'C2'),
        e('taken', 5, 'A1'),
        e('closed', 30, null, 'C2'),
      ],
      13 * 60 * M,
    )
    expect(live).toEqual({ waiting: 0, beingServed: 0, counters: 0, meanService: null })
    expect(
      replayQueue(
        [e('opened', 0, null, 'C1'), e('opened', 0, null, 'C2'), e('closed', 30, null, 'C2')],
        60 * M,
      ).live.counters,
    ).toBe(1)
  })

  it('scores the estimate and the baseline only where a mean service and a counter were known', () => {
    const { visits } = replayQueue([
      e('opened', 0, null, 'C1'),
      e('taken', 0, 'A1'),
      e('called', 0, 'A1', 'C1'),
      e('served', 10, 'A1', 'C1'),
      e('taken', 11, 'A2'),
      e('called', 11, 'A2', 'C1'),
      e('taken', 12, 'A3'),
      e('called', 21, 'A3', 'C1'),
    ])
    // A3 found A2 at the only counter: estimate 1·10/1 = 10 min, baseline 0; waited 9.
    const errors = estimatorErrors(visits)
    expect(errors.estimate).toMatchObject({ n: 2, bias: 0.5 * M, meanAbsoluteError: 0.5 * M })
    expect(errors.estimate.rootMeanSquareError).toBeCloseTo(Math.sqrt(0.5) * M, 6)
    expect(errors.baseline).toMatchObject({ n: 2, bias: -4.5 * M, meanAbsoluteError: 4.5 * M })
    expect(errors.baseline.rootMeanSquareError).toBeCloseTo(Math.sqrt(40.5) * M, 6)
  })

  it('summarises waits: nearest-rank median and p90, mean with its normal 95% interval', () => {
    // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, sample sd √(32/7).
    const d = waitDistribution([9, 2, 4, 4, 5, 4, 5, 7])
    expect(d).toMatchObject({ n: 8, median: 4, p90: 9, mean: 5 })
    const half = (1.96 * Math.sqrt(32 / 7)) / Math.sqrt(8)
    expect(d.meanInterval![0]).toBeCloseTo(5 - half, 12)
    expect(d.meanInterval![1]).toBeCloseTo(5 + half, 12)
    expect(waitDistribution([3])).toEqual({ n: 1, median: 3, p90: 3, mean: 3, meanInterval: null })
  })
})
