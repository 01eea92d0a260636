import { describe, expect, it } from 'vitest'
import { PlanInputSchema } from '../../../../src/actions/action-plan.schema'
import { causeOptions } from './cause-options'
import { PLANS_EN, PLANS_ZH, type PlansWord } from './plans-words'

/** The page's lookup (usePageWords) over one dictionary, without React. */
const wordsOf =
  (dict: Record<PlansWord, string>) => (key: PlansWord, vars?: Record<string, string | number>) =>
    dict[key].replace(/\{(\w+)\}/g, (_, name: string) => String(vars?.[name] ?? ''))
const zh = wordsOf(PLANS_ZH)
const en = wordsOf(PLANS_EN)

describe('root-cause categories of a plan', () => {
  it('offers the fishbone’s six in words, then the organisation’s own that its plans use', () => {
    const options = causeOptions(zh, ['method', '计量器具', ' 供应商 ', '计量器具', 'man'], '')
    expect(options).toEqual([
      { value: 'man', label: '人' },
      { value: 'machine', label: '机' },
      { value: 'material', label: '料' },
      { value: 'method', label: '法' },
      { value: 'environment', label: '环' },
      { value: 'measurement', label: '测' },
      { value: '供应商', label: '供应商' },
      { value: '计量器具', label: '计量器具' },
    ])
  })

  it('offers a name being typed as a new category, within the server’s 50 characters', () => {
    const typed = causeOptions(en, [], '  Weather  ')
    expect(typed.at(-1)).toEqual({ value: 'Weather', label: 'A category of our own: Weather' })
    // A name already offered, by its value or its words, is not offered twice.
    expect(causeOptions(en, ['Weather'], 'Weather')).toHaveLength(7)
    expect(causeOptions(en, [], 'Method')).toHaveLength(6)
    const long = causeOptions(zh, [], 'x'.repeat(80)).at(-1)!
    expect(long.value).toHaveLength(50)
    const plan = {
      title: 't',
      problem: 'p',
      causeCategory: long.value,
      rootCause: 'r',
      metric: 'nps',
      ownerId: 'u1',
      dueAt: 0,
      evidence: { source: 'manual' },
    }
    expect(PlanInputSchema.safeParse(plan).success).toBe(true)
  })
})
