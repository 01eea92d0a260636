import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runManyi } from '../test-cli.js'

// manyi analyze cohort and churn on small files made here, checked against values worked by hand.

const dir = mkdtempSync(join(tmpdir(), 'manyi-customers-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function csv(name: string, ...lines: string[]): string {
  const path = join(dir, name)
  writeFileSync(path, `${lines.join('\n')}\n`)
  return path
}

// Purchases: A in January, February, March; B in January only; C in February and March; D in
// February only. Cohorts by month of the first purchase: 2026-01 = {A, B}, 2026-02 = {C, D}.
// 2026-01: +0 2/2, +1 (Feb) A = 1/2, +2 (Mar) A = 1/2; 2026-02: +0 2/2, +1 (Mar) C = 1/2.
// Repurchase: A and C of 4 bought more than once = 0.5; Wilson 95% for 2 of 4 = 0.5 ± 0.34996
// (z = 1.959964: centre (0.5 + z²/8)/(1 + z²/4) = 0.5, half-width z·√(1/16 + z²/64)/(1 + z²/4)).
const purchases = csv(
  'purchases.csv',
  'member,date',
  'A,2026-01-05',
  'A,2026-02-10',
  'B,2026-01-20',
  'C,2026-02-03',
  'C,2026-03-15',
  'A,2026-03-01',
  'D,2026-02-28',
)

describe('manyi analyze cohort', () => {
  it('gives each monthly cohort its retention and the repurchase rate', async () => {
    const run = await runManyi([
      'analyze',
      'cohort',
      '--input',
      purchases,
      '--customer',
      'member',
      '--period',
      'date',
      '--json',
    ])
    expect(run.code, run.stderr).toBe(0)
    const result = JSON.parse(run.stdout)
    expect(result.purchases).toBe(7)
    expect(result.repurchase).toMatchObject({ customers: 4, repeat: 2, rate: 0.5 })
    expect(result.repurchase.ci95[0]).toBeCloseTo(0.150039, 5)
    expect(result.repurchase.ci95[1]).toBeCloseTo(0.849961, 5)
    const table = result.cohorts.map(
      (c: { cohort: string; size: number; retention: { period: string; active: number }[] }) => [
        c.cohort,
        c.size,
        c.retention.map((r) => `${r.period}:${r.active}`),
      ],
    )
    expect(table).toEqual([
      ['2026-01', 2, ['2026-01:2', '2026-02:1', '2026-03:1']],
      ['2026-02', 2, ['2026-02:2', '2026-03:1']],
    ])
    expect(result.cohorts[0].retention[1].share).toBe(0.5)
    // Wilson 95% for 1 of 2: 0.094531–0.905469.
    expect(result.cohorts[1].retention[1].ci95[0]).toBeCloseTo(0.094531, 5)
  })

  it('counts weeks from Monday and quarters, and prints readable text', async () => {
    const weeks = await runManyi([
      'analyze',
      'cohort',
      '--input',
      purchases,
      '--customer',
      'member',
      '--period',
      'date',
      '--period-unit',
      'week',
      '--json',
    ])
    // 2026-01-05 is a Monday; 2026-01-20, a Tuesday, is in the week of Monday 2026-01-19.
    expect(JSON.parse(weeks.stdout).cohorts.map((c: { cohort: string }) => c.cohort)).toEqual([
      '2026-01-05',
      '2026-01-19',
      '2026-02-02',
      '2026-02-23',
    ])
    const quarters = await runManyi([
      'analyze',
      'cohort',
      '--input',
      purchases,
      '--customer',
      'member',
      '--period',
      'date',
      '--period-unit',
      'quarter',
    ])
    expect(quarters.code, quarters.stderr).toBe(0)
    expect(quarters.stdout).toContain('repurchase rate: 50.0% (2 of 4; 95% 15.0%–85.0%)')
    expect(quarters.stdout).toContain('2026-Q1 (n 4): +0 100.0%')
  })

  it('refuses a date that is none and an unknown unit, naming them', async () => {
    const bad = csv('bad-date.csv', 'member,date', 'A,2026-01-05', 'B,next week')
    const run = await runManyi([
      'analyze',
      'cohort',
      '--input',
      bad,
      '--customer',
      'member',
      '--period',
      'date',
    ])
    expect(run.code).not.toBe(0)
    expect(run.stderr).toContain('bad-date.csv:3:date')
    const unit = await runManyi([
      'analyze',
      'cohort',
      '--input',
      purchases,
      '--customer',
      'member',
      '--period',
      'date',
      '--period-unit',
      'fortnight',
    ])
    expect(unit.code).not.toBe(0)
    expect(unit.stderr).toContain('fortnight')
  })
})

// Churn: six customers, each with one purchase of 100 before the training cutoff 2026-04-01, so
// only recency varies in training (10, 20, 30, 40, 50, 60 days; churn = no purchase in the 90
// days after: 0, 0, 1, 0, 1, 1) and the other features are constant and left out. The risk is
// then monotone in recency. At the validation cutoff 2026-07-01 their recencies are C4 52, C2 61,
// C1 72, C3 121, C5 141, C6 151 days, with churn 0, 1, 0, 1, 0, 1: of the 9 churned–stayed pairs
// the churned one has the longer recency in 6 (61>52; 121>52, 72; 151>52, 72, 141), so AUC = 6/9.
const events = csv(
  'events.csv',
  'customer,date,type,value',
  'C1,2026-03-22,purchase,100',
  'C1,2026-04-20,purchase,80',
  'C1,2026-08-01,purchase,90',
  'C2,2026-03-12,purchase,100',
  'C2,2026-05-01,purchase,60',
  'C3,2026-03-02,purchase,100',
  'C4,2026-02-20,purchase,100',
  'C4,2026-05-10,purchase,70',
  'C4,2026-07-15,purchase,50',
  'C5,2026-02-10,purchase,100',
  'C5,2026-08-20,purchase,40',
  'C6,2026-01-31,purchase,100',
)
const churnArgs = (input: string) => [
  'analyze',
  'churn',
  '--input',
  input,
  '--customer',
  'customer',
  '--period',
  'date',
  '--event',
  'type',
  '--value',
  'value',
  '--train-cutoff',
  '2026-04-01',
  '--validation-cutoff',
  '2026-07-01',
]

describe('manyi analyze churn', () => {
  it('trains at one cutoff and validates at a later one, with the AUC worked by hand', async () => {
    const run = await runManyi([...churnArgs(events), '--json'])
    expect(run.code, run.stderr).toBe(0)
    const result = JSON.parse(run.stdout)
    expect(result).toMatchObject({
      customers: 6,
      horizonDays: 90,
      trainCutoff: '2026-04-01',
      validationCutoff: '2026-07-01',
      trainRows: 6,
      trainChurnRate: 0.5,
    })
    const coefficient = (name: string) =>
      result.features.find((f: { name: string }) => f.name === name).coefficient
    expect(coefficient('recency')).toBeGreaterThan(0)
    for (const name of ['frequency', 'monetary', 'lastSatisfaction', 'complaints'])
      expect(coefficient(name)).toBeNull()
    const recency = result.features.find((f: { name: string }) => f.name === 'recency')
    expect(recency.mean).toBe(35)
    expect(result.validation.rows).toBe(6)
    expect(result.validation.churnRate).toBe(0.5)
    expect(result.validation.auc.auc).toBeCloseTo(6 / 9, 12)

    const text = await runManyi(churnArgs(events))
    expect(text.stdout).toContain('validation AUC: 0.667')
    expect(text.stdout).toContain('frequency: — (constant in training)')
  })

  it('refuses an unknown event type, a complaint value other than 0 or 1, and cutoffs out of order', async () => {
    const unknown = csv('unknown.csv', 'customer,date,type,value', 'C1,2026-03-22,visit,1')
    const a = await runManyi(churnArgs(unknown))
    expect(a.code).not.toBe(0)
    expect(a.stderr).toContain('unknown.csv:2')
    expect(a.stderr).toContain('visit')
    const complaint = csv(
      'complaint.csv',
      'customer,date,type,value',
      'C1,2026-03-22,purchase,10',
      'C1,2026-03-23,complaint,2',
    )
    const b = await runManyi(churnArgs(complaint))
    expect(b.stderr).toContain('complaint.csv:3')
    const order = await runManyi([
      ...churnArgs(events).slice(0, -4),
      '--train-cutoff',
      '2026-07-01',
      '--validation-cutoff',
      '2026-04-01',
    ])
    expect(order.code).not.toBe(0)
    expect(order.stderr).toContain('validation cutoff must come after')
  })
})
