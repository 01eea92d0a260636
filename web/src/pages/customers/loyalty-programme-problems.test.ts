import { describe, expect, it } from 'vitest'
import { programmeProblems, problemTexts } from './loyalty-programme-problems'
import { LOYALTY_SETUP_EN, LOYALTY_SETUP_ZH } from './loyalty-setup-words'

const tier = (code: string, minPoints: number) => ({
  code,
  nameZh: `${code}卡`,
  nameEn: `${code} card`,
  minPoints,
})
const good = {
  tiers: [tier('member', 0), tier('gold', 500)],
  pointsPerYuan: 1,
  pointsPerFeedback: 10,
  expiryDays: 365,
  startsAt: 1_780_000_000_000,
}
const words =
  (zh: boolean) => (key: keyof typeof LOYALTY_SETUP_ZH, vars?: Record<string, unknown>) =>
    (zh ? LOYALTY_SETUP_ZH : LOYALTY_SETUP_EN)[key].replace(/\{(\w+)\}/g, (_, n: string) =>
      String(vars?.[n] ?? ''),
    )

describe('the loyalty programme editor names every refusal of the server schema', () => {
  it('finds nothing wrong with a valid programme', () => {
    expect(programmeProblems(good)).toEqual([])
    expect(programmeProblems({ ...good, expiryDays: null })).toEqual([])
  })

  it.each([
    ['code', { tiers: [tier('Gold Card', 0)] }, 'setup.problem.code', 1],
    ['empty name', { tiers: [{ ...tier('member', 0), nameZh: ' ' }] }, 'setup.problem.nameZh', 1],
    [
      'long English name',
      { tiers: [tier('member', 0), { ...tier('gold', 9), nameEn: 'x'.repeat(51) }] },
      'setup.problem.nameEn',
      2,
    ],
    [
      'fractional points',
      { tiers: [tier('member', 0), tier('gold', 2.5)] },
      'setup.problem.minPoints',
      2,
    ],
    ['no tier', { tiers: [] }, 'setup.problem.tierCount', null],
    [
      'eleven tiers',
      { tiers: Array.from({ length: 11 }, (_, i) => tier(`t${i}`, i * 10)) },
      'setup.problem.tierCount',
      null,
    ],
    ['first tier above 0', { tiers: [tier('member', 100)] }, 'setup.problem.firstTier', null],
    [
      'not ascending',
      { tiers: [tier('member', 0), tier('gold', 500), tier('silver', 200)] },
      'setup.problem.ascending',
      null,
    ],
    [
      'same code twice',
      { tiers: [tier('member', 0), tier('member', 200)] },
      'setup.problem.duplicateCode',
      null,
    ],
    ['points per yuan', { pointsPerYuan: 1001 }, 'setup.problem.pointsPerYuan', null],
    ['negative points per yuan', { pointsPerYuan: -1 }, 'setup.problem.pointsPerYuan', null],
    ['points per survey', { pointsPerFeedback: 0.5 }, 'setup.problem.pointsPerFeedback', null],
    ['expiry 0 days', { expiryDays: 0 }, 'setup.problem.expiryDays', null],
    ['expiry too long', { expiryDays: 3651 }, 'setup.problem.expiryDays', null],
    ['no start', { startsAt: undefined }, 'setup.problem.startsAt', null],
  ])('%s', (_, change, word, tierNumber) => {
    expect(programmeProblems({ ...good, ...change })).toEqual([{ word, tier: tierNumber }])
  })

  it('says which tier, in both languages, and never falls back to the generic word', () => {
    const problems = programmeProblems({ ...good, tiers: [tier('member', 0), tier('Gold', 500)] })
    expect(problemTexts(problems, words(true))).toEqual([
      '第 2 个等级：代码只能由小写字母、数字、“-”和“_”组成，1 至 30 个字符',
    ])
    expect(problemTexts(problems, words(false))).toEqual([
      'Tier 2: the code is 1 to 30 lower-case letters, digits, "-" or "_"',
    ])
    expect(programmeProblems({ ...good, surplus: 1 })).toEqual([
      { word: 'setup.problem.other', tier: null },
    ])
  })
})
