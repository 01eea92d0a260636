import { INDUSTRY_TEMPLATES } from './industry-templates.js'

/**
 * Ready-made surveys from proven instruments, in Chinese and English. The
 * SERVQUAL items follow the 1991 revised scale (Parasuraman, Berry & Zeithaml
 * 1991), all positively worded; its Chinese text is Manyi's own translation. The scale's
 * placeholder XYZ reads "the company" (本公司), so respondents never see a placeholder.
 */

export type { SurveyTemplate } from './survey-template-parts.js'

import { COMMENT, NPS, NPS_REASON, q, type SurveyTemplate, tx } from './survey-template-parts.js'
import {
  CSM_ATTRIBUTES,
  EMPLOYEE_DIMENSIONS,
  KANO_FEATURES,
  SERVQUAL_1991,
} from './survey-template-items.js'

export const SURVEY_TEMPLATES: SurveyTemplate[] = [
  {
    id: 'relational-nps',
    name: tx('关系型 NPS', 'Relational NPS'),
    description: tx(
      '定期了解客户整体推荐意愿及原因。',
      'Periodic overall likelihood to recommend, and why.',
    ),
    survey: {
      title: tx('客户关系调研', 'Customer relationship survey'),
      defaultLocale: 'zh-CN',
      questions: [NPS, NPS_REASON],
      settings: { hiddenFields: ['customer_id'] },
    },
  },
  {
    id: 'transactional-csat',
    name: tx('交易后 CSAT', 'Transactional CSAT'),
    description: tx(
      '每次服务或购买后的满意度。',
      'Satisfaction right after a service or purchase.',
    ),
    survey: {
      title: tx('本次服务满意度', 'How was your service?'),
      defaultLocale: 'zh-CN',
      questions: [
        q(
          'csat',
          'csat',
          tx(
            '您对本次服务的整体满意程度如何？',
            'How satisfied were you with this service overall?',
          ),
          { required: true },
        ),
        COMMENT,
      ],
      settings: { hiddenFields: ['order_id', 'store', 'agent'] },
    },
  },
  {
    id: 'ces',
    name: tx('客户费力度 CES 2.0', 'Customer Effort Score 2.0'),
    description: tx(
      '“我们让您轻松地办理了事务”（1–7 同意程度）。',
      '"The company made it easy for me to handle my issue" (1–7 agreement).',
    ),
    survey: {
      title: tx('办理体验', 'Your experience'),
      defaultLocale: 'zh-CN',
      questions: [
        q(
          'ces',
          'ces',
          tx(
            '我们让您轻松地办理了您的事务。',
            'The company made it easy for me to handle my issue.',
          ),
          { required: true },
        ),
        COMMENT,
      ],
      settings: { hiddenFields: ['case_id'] },
    },
  },
  {
    id: 'servqual-22',
    name: tx('SERVQUAL-22 服务质量', 'SERVQUAL-22 service quality'),
    description: tx(
      '1991 修订版 22 个题项，五个维度，期望与感知同时作答（中文为 Manyi 自译）。',
      'The 1991 revised 22 items in five dimensions, expectation and perception answered together.',
    ),
    survey: {
      title: tx('服务质量调查', 'Service quality survey'),
      defaultLocale: 'zh-CN',
      // One page per dimension (4–5 items each): 22 paired items on one page are too long on a phone.
      questions: SERVQUAL_1991.map(([dimension, zh, en], i) =>
        q(`sq${i + 1}`, 'servqual', tx(zh, en), {
          servqual: { dimension, reversed: false },
          ...(i > 0 && SERVQUAL_1991[i - 1]![0] !== dimension ? { pageBreak: true } : {}),
        }),
      ),
      settings: { hiddenFields: [] },
    },
  },
  {
    id: 'kano-features',
    name: tx('Kano 功能需求', 'Kano feature survey'),
    description: tx(
      '对每项功能问正反两个问题，划分魅力、期望、必备等类别。',
      'A functional and a dysfunctional question per feature: attractive, one-dimensional, must-be …',
    ),
    survey: {
      title: tx('新功能需求调研', 'Which features matter to you?'),
      defaultLocale: 'zh-CN',
      questions: KANO_FEATURES.map(([key, zh, en]) =>
        q(key, 'kano', tx(zh, en), {
          kano: {
            functional: tx(
              `如果提供${zh}，您觉得如何？`,
              `If we offered ${en}, how would you feel?`,
            ),
            dysfunctional: tx(
              `如果不提供${zh}，您觉得如何？`,
              `If we did not offer ${en}, how would you feel?`,
            ),
          },
        }),
      ),
      settings: { hiddenFields: [] },
    },
  },
  {
    id: 'csm-product',
    name: tx('产品 CSM 七级满意度', 'Product CSM (7-level)'),
    description: tx(
      '质量、功能、价格、外观、档次、包装的七级满意度与重要性。',
      'Seven-level satisfaction and importance of quality, functions, price, design, grade and packaging.',
    ),
    survey: {
      title: tx('产品满意度调查', 'Product satisfaction survey'),
      defaultLocale: 'zh-CN',
      // Three attributes (six worded questions) a page: all twelve on one page are too long on a phone.
      questions: CSM_ATTRIBUTES.flatMap(([key, zh, en], i) => [
        q(key, 'csm7', tx(`您对产品的${zh}满意吗？`, `How satisfied are you with the ${en}?`), {
          ...(i > 0 && i % 3 === 0 ? { pageBreak: true } : {}),
        }),
        q(
          `imp_${key}`,
          'importance5',
          tx(`${zh}对您有多重要？`, `How important is the ${en} to you?`),
          { importanceOf: key },
        ),
      ]),
      settings: { hiddenFields: ['product'] },
    },
  },
  {
    id: 'employee-satisfaction',
    name: tx('员工满意度（含 eNPS）', 'Employee satisfaction with eNPS'),
    description: tx(
      '工作权责、工作条件、组织管理、公司环境、个人状况五个维度。',
      'Work rights and responsibilities, conditions, organisation and management, environment, personal situation.',
    ),
    survey: {
      title: tx('员工满意度调查', 'Employee satisfaction survey'),
      defaultLocale: 'zh-CN',
      questions: [
        ...EMPLOYEE_DIMENSIONS.map(([key, zh, en]) =>
          q(key, 'likert5', tx(zh, en), { required: true }),
        ),
        q(
          'nps',
          'nps',
          tx(
            '您有多大可能向朋友推荐来本公司工作？',
            'How likely are you to recommend this company as a place to work?',
          ),
          { required: true },
        ),
        COMMENT,
      ],
      settings: { hiddenFields: ['department'], anonymity: { minGroup: 5 } },
    },
  },
  {
    id: 'complaint-follow-up',
    name: tx('投诉回访', 'Complaint follow-up'),
    description: tx(
      '投诉处理后的回访：是否解决、是否满意、是否愿意继续。',
      'After a complaint: solved? satisfied? staying with us?',
    ),
    survey: {
      title: tx('投诉处理回访', 'Follow-up on your complaint'),
      defaultLocale: 'zh-CN',
      questions: [
        q('solved', 'single', tx('您反映的问题是否已经解决？', 'Has your problem been solved?'), {
          required: true,
          options: [
            { key: 'yes', label: tx('已解决', 'Yes') },
            { key: 'partly', label: tx('部分解决', 'Partly') },
            { key: 'no', label: tx('未解决', 'No') },
          ],
        }),
        q(
          'csat',
          'csat',
          tx(
            '您对投诉处理结果的满意程度如何？',
            'How satisfied are you with how we handled your complaint?',
          ),
          { required: true },
        ),
        q(
          'nps',
          'nps',
          tx('您有多大可能继续向朋友推荐我们？', 'How likely are you to still recommend us?'),
        ),
        COMMENT,
      ],
      settings: { hiddenFields: ['case_id'] },
    },
  },
  {
    id: 'utility-service',
    name: tx('供电服务满意度', 'Electric utility service'),
    description: tx(
      '供电质量、停电抢修、缴费、营业厅与热线服务。',
      'Supply quality, outage repair, billing, service halls and hotline.',
    ),
    survey: {
      title: tx('供电服务满意度调查', 'Electricity service survey'),
      defaultLocale: 'zh-CN',
      questions: [
        q(
          'supply',
          'csm7',
          tx(
            '您对供电可靠性（停电次数、电压稳定）满意吗？',
            'How satisfied are you with supply reliability (outages, voltage)?',
          ),
        ),
        q(
          'repair',
          'csm7',
          tx(
            '您对停电抢修的速度与质量满意吗？',
            'How satisfied are you with outage repair speed and quality?',
          ),
        ),
        q(
          'notice',
          'csm7',
          tx(
            '您对计划停电通知的及时性满意吗？',
            'How satisfied are you with notice of planned outages?',
          ),
        ),
        q(
          'billing',
          'csm7',
          tx(
            '您对电费缴纳的便捷性满意吗？',
            'How satisfied are you with how easy it is to pay your bill?',
          ),
        ),
        q(
          'hall',
          'csm7',
          tx(
            '您对营业厅与 95598 热线的服务满意吗？',
            'How satisfied are you with service halls and the hotline?',
          ),
        ),
        NPS,
        COMMENT,
      ],
      settings: { hiddenFields: ['district', 'account'] },
    },
  },
  ...INDUSTRY_TEMPLATES,
]

export function findTemplate(id: string): SurveyTemplate | undefined {
  return SURVEY_TEMPLATES.find((t) => t.id === id)
}
