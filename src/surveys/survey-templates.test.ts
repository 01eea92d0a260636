import { describe, expect, it } from 'vitest'
import { SERVQUAL_22_DIMENSIONS } from '../analytics/servqual-gap.js'
import { SurveyInputSchema } from './survey.schema.js'
import { surveyPages } from './survey-pages.js'
import { findTemplate, SURVEY_TEMPLATES } from './survey-templates.js'

describe('survey templates', () => {
  it.each(SURVEY_TEMPLATES.map((t) => [t.id, t] as const))(
    '%s is a valid survey in both languages',
    (_id, template) => {
      const parsed = SurveyInputSchema.safeParse(template.survey)
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true)
      for (const q of template.survey.questions) expect(q.title['en-US']).toBeTruthy()
    },
  )

  it('covers the instruments the product promises', () => {
    expect(SURVEY_TEMPLATES.map((t) => t.id).slice(0, 9)).toEqual([
      'relational-nps',
      'transactional-csat',
      'ces',
      'servqual-22',
      'kano-features',
      'csm-product',
      'employee-satisfaction',
      'complaint-follow-up',
      'utility-service',
    ])
  })

  it('SERVQUAL-22 uses the 1991 dimension mapping, all positively worded', () => {
    const items = findTemplate('servqual-22')!.survey.questions
    expect(items).toHaveLength(22)
    expect(items.map((q) => q.servqual!.dimension)).toEqual(Object.values(SERVQUAL_22_DIMENSIONS))
    expect(items.every((q) => q.servqual!.reversed === false)).toBe(true)
    expect(items[4]!.title['en-US']).toBe(
      'When the company promises to do something by a certain time, it does so.',
    )
    // The scale's placeholder company name never reaches a respondent.
    expect(items.filter((q) => q.title['en-US']?.includes('XYZ'))).toEqual([])
  })

  it('the employee survey asks the five internal dimensions and eNPS', () => {
    const keys = findTemplate('employee-satisfaction')!.survey.questions.map(
      (q) => `${q.key}:${q.type}`,
    )
    expect(keys).toEqual([
      'work_rights:likert5',
      'conditions:likert5',
      'management:likert5',
      'environment:likert5',
      'personal:likert5',
      'nps:nps',
      'comment:text',
    ])
  })

  it('splits the long templates into pages a phone can take: SERVQUAL by dimension, CSM by three attributes', () => {
    const pageSizes = (id: string) =>
      surveyPages(findTemplate(id)!.survey.questions).map((p) => p.length)
    expect(pageSizes('servqual-22')).toEqual([4, 5, 4, 4, 5])
    expect(pageSizes('csm-product')).toEqual([6, 6])
  })

  it('offers 40+ templates, industry ones for the promised industries, each id once', () => {
    expect(SURVEY_TEMPLATES.length).toBeGreaterThanOrEqual(40)
    const ids = SURVEY_TEMPLATES.map((t) => t.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const id of [
      'power-repair-follow-up',
      'power-outage-notice',
      'power-service-hall',
      'hotel-stay',
      'bank-branch',
      'hospital-outpatient',
      'ecommerce-after-sales',
      'telecom-hotline',
      'gov-12345-hotline',
      'property-management',
      'restaurant-visit',
      'airline-flight',
      'education-course',
      'logistics-delivery',
      'insurance-claim',
      'auto-4s-service',
    ])
      expect(findTemplate(id)?.industry, id).toBeDefined()
  })

  it('an industry template names its instruments in full and asks CSAT first', () => {
    const repair = findTemplate('power-repair-follow-up')!
    expect(repair.name).toEqual({ 'zh-CN': '电力报修回访', 'en-US': 'Power repair follow-up' })
    expect(repair.description['zh-CN']).toContain('客户费力度 CES 2.0（Customer Effort Score')
    expect(repair.description['en-US']).toContain('CSM 7-level satisfaction (GB/T 19038)')
    expect(repair.survey.questions.map((q) => `${q.key}:${q.type}`)).toEqual([
      'csat:csat',
      'aspects:matrix',
      'csm:csm7',
      'ces:ces',
      'restore_hours:slider',
      'place:location',
      'comment:text',
    ])
    const hotel = findTemplate('hotel-stay')!
    expect(hotel.description['en-US']).toMatch(
      /^CSAT \(Customer Satisfaction Score\), NPS \(Net Promoter Score, Reichheld 2003\); rates check-in/,
    )
  })
})
