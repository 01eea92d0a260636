import { describe, expect, it } from 'vitest'
import type { Role, Scope } from '../db/scope.js'
import { runAnalysis } from './analysis.service.js'

// One analysis on an uploaded file through the analyses service. Nothing is read or stored (no
// store is touched, so one run covers both dialects): the file is read with the request's limits,
// the method's options are the command line's, and the result is `manyi analyze --json`'s.

const scopeAs = (role: Role): Scope => ({
  // runAnalysis never touches the store; a scope without one shows it.
  db: undefined as never,
  features: undefined as never,
  orgId: 'org-analyses',
  actor: { type: 'user', id: `u-${role}`, role },
  now: Date.UTC(2026, 6, 12),
})

const file = (name: string, text: string) => ({
  name,
  contentBase64: Buffer.from(text, 'utf8').toString('base64'),
})

// 10, 9, 9 promoters; 7 passive; 2 detractor; an empty cell is no answer.
const SCORES = 'nps,门店\n10,南京路\n9,南京路\n9,西湖\n7,西湖\n2,西湖\n,西湖\n'

describe('analysis service', () => {
  it('computes NPS from a CSV column, skipping empty cells', async () => {
    const result = await runAnalysis(scopeAs('analyst'), 'nps', {
      file: file('scores.csv', SCORES),
      options: { column: 'nps' },
    })
    expect(result).toMatchObject({ n: 5, promoters: 3, passives: 1, detractors: 1, nps: 40 })
  })

  it('takes numeric options as the command line does (CSAT top box)', async () => {
    const csat = 'csat\n5\n4\n3\n2\n1\n'
    const topTwo = await runAnalysis(scopeAs('analyst'), 'csat', {
      file: file('csat.csv', csat),
      options: { column: 'csat' },
    })
    const topThree = await runAnalysis(scopeAs('analyst'), 'csat', {
      file: file('csat.csv', csat),
      options: { column: 'csat', topBox: 3 },
    })
    expect(topTwo).toMatchObject({ n: 5, csat: 40 })
    expect(topThree).toMatchObject({ n: 5, csat: 60 })
  })

  it('refuses an unknown method, a missing or out-of-range column, a large file, and a viewer', async () => {
    await expect(
      runAnalysis(scopeAs('analyst'), 'astrology', { file: file('s.csv', SCORES), options: {} }),
    ).rejects.toMatchObject({ code: 'ANALYSIS_METHOD_NOT_FOUND' })
    await expect(
      runAnalysis(scopeAs('analyst'), 'nps', { file: file('s.csv', SCORES), options: {} }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
    await expect(
      runAnalysis(scopeAs('analyst'), 'nps', {
        file: file('s.csv', 'nps\n11\n'),
        options: { column: 'nps' },
      }),
    ).rejects.toMatchObject({ code: 'VALUE_OUT_OF_RANGE' })
    await expect(
      runAnalysis(scopeAs('analyst'), 'nps', { file: { name: 's.txt', contentBase64: 'YQ==' } }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
    await expect(
      runAnalysis(
        scopeAs('analyst'),
        'nps',
        { file: file('s.csv', SCORES), options: { column: 'nps' } },
        { maxRows: 3 },
      ),
    ).rejects.toMatchObject({ code: 'FILE_TOO_MANY_ROWS' })
    await expect(
      runAnalysis(scopeAs('viewer'), 'nps', {
        file: file('s.csv', SCORES),
        options: { column: 'nps' },
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' })
  })
})
