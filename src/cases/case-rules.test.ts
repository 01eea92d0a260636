import { describe, expect, it } from 'vitest'
import { CaseConfigSchema } from './case-config.js'
import { caseOpeningFor, followUpSatisfied, routeFor } from './case-rules.js'
import { assertCaseTransition } from './case-workflow.js'
import { aboveAuthority, withinAuthority } from './compensation-authority.js'

const config = CaseConfigSchema.parse({
  rules: {
    conditions: [{ name: 'no_repair', question: 'repaired', anyOf: ['no'], priority: 'urgent' }],
  },
  routing: [
    { store: 'A12', department: '华东服务部', owner: 'round_robin' },
    { channel: 'social', department: '新媒体组' },
  ],
})

describe('caseOpeningFor', () => {
  it('opens cases for complaints, detractors, low CSAT and configured conditions, in that order', () => {
    expect(caseOpeningFor({ kind: 'complaint', nps: null, csat: null }, config.rules)).toEqual({
      reason: 'complaint',
      priority: 'high',
    })
    expect(caseOpeningFor({ kind: 'survey', nps: 2, csat: null }, config.rules)).toEqual({
      reason: 'detractor',
      priority: 'high',
    })
    expect(caseOpeningFor({ kind: 'survey', nps: 6, csat: null }, config.rules)).toEqual({
      reason: 'detractor',
      priority: 'normal',
    })
    expect(caseOpeningFor({ kind: 'survey', nps: 7, csat: 2 }, config.rules)).toEqual({
      reason: 'low_csat',
      priority: 'normal',
    })
    expect(
      caseOpeningFor(
        { kind: 'survey', nps: 9, csat: 4, answers: { repaired: 'no' } },
        config.rules,
      ),
    ).toEqual({ reason: 'condition:no_repair', priority: 'urgent' })
    expect(
      caseOpeningFor(
        { kind: 'survey', nps: 9, csat: 4, answers: { repaired: 'yes' } },
        config.rules,
      ),
    ).toBeNull()
    expect(caseOpeningFor({ kind: 'survey', nps: null, csat: null }, config.rules)).toBeNull()
  })

  it('opens a work item of its own kind for an inquiry, a suggestion or praise', () => {
    for (const kind of ['inquiry', 'suggestion', 'praise'] as const)
      expect(caseOpeningFor({ kind, nps: null, csat: null }, config.rules)).toEqual({
        reason: kind,
        priority: 'normal',
        kind,
      })
    const off = CaseConfigSchema.parse({
      rules: { inquiries: false, suggestions: false, praise: false },
    }).rules
    for (const kind of ['inquiry', 'suggestion', 'praise'])
      expect(caseOpeningFor({ kind, nps: null, csat: null }, off)).toBeNull()
  })

  it('follows the switches', () => {
    const off = CaseConfigSchema.parse({
      rules: { detractor: false, lowCsat: false, complaints: false },
    }).rules
    expect(caseOpeningFor({ kind: 'complaint', nps: 0, csat: 1 }, off)).toBeNull()
  })
})

describe('routeFor', () => {
  it('takes the first rule whose fields all match, else the default department', () => {
    expect(routeFor({ store: 'A12', channel: 'survey', topic: null }, config)).toEqual({
      department: '华东服务部',
      owner: 'round_robin',
    })
    expect(routeFor({ store: 'B01', channel: 'social', topic: null }, config)).toEqual({
      department: '新媒体组',
      owner: null,
    })
    expect(routeFor({ store: null, channel: 'web', topic: null }, config)).toEqual({
      department: '客户服务部',
      owner: null,
    })
  })
})

describe('workflow and authority', () => {
  it('names the allowed next states of a refused transition', () => {
    expect(() => assertCaseTransition('investigating', 'closed')).toThrow(
      expect.objectContaining({
        code: 'CASE_TRANSITION_NOT_ALLOWED',
        extra: { status: 'investigating', allowedNext: ['resolved'] },
      }),
    )
    expect(() => assertCaseTransition('closed', 'investigating')).not.toThrow()
  })

  it('lets each role grant up to its limit, administrators without one', () => {
    expect(withinAuthority('agent', 20_000, config.authority)).toBe(true)
    expect(withinAuthority('agent', 20_001, config.authority)).toBe(false)
    expect(withinAuthority('supervisor', 200_000, config.authority)).toBe(true)
    expect(withinAuthority('admin', 10_000_000, config.authority)).toBe(true)
    expect(withinAuthority('viewer', 1, config.authority)).toBe(false)
    expect(aboveAuthority('supervisor', 300_000, config.authority).extra).toEqual({
      limit: 200_000,
      amount: 300_000,
      role: 'supervisor',
      approverRole: 'admin',
    })
  })

  it('judges a follow-up by CSAT, else NPS', () => {
    expect(followUpSatisfied({ csat: 4, nps: 2 })).toBe(true)
    expect(followUpSatisfied({ csat: 3, nps: 10 })).toBe(false)
    expect(followUpSatisfied({ csat: null, nps: 7 })).toBe(true)
    expect(followUpSatisfied({ csat: null, nps: null })).toBeNull()
  })
})
