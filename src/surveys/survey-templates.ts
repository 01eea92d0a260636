import type { Question, SurveyInput } from './survey.schema.js'

/**
 * Ready-made surveys from proven instruments, in Chinese and English. The
 * SERVQUAL items follow the 1991 revised scale (Parasuraman, Berry & Zeithaml
 * 1991), all positively worded; its Chinese text is Manyi's own translation.
 */

export interface SurveyTemplate {
  id: string
  name: { 'zh-CN': string; 'en-US': string }
  description: { 'zh-CN': string; 'en-US': string }
  survey: SurveyInput
}

type Text = { 'zh-CN': string; 'en-US': string }
const tx = (zh: string, en: string): Text => ({ 'zh-CN': zh, 'en-US': en })
const q = (
  key: string,
  type: Question['type'],
  title: Text,
  extra: Partial<Question> = {},
): Question => ({ key, type, title, required: false, ...extra })

const NPS = q(
  'nps',
  'nps',
  tx(
    '您有多大可能向朋友或同事推荐我们？',
    'How likely are you to recommend us to a friend or colleague?',
  ),
  { required: true },
)
const NPS_REASON = q(
  'nps_reason',
  'text',
  tx('您给出这个分数的主要原因是什么？', 'What is the main reason for your score?'),
)
const COMMENT = q(
  'comment',
  'text',
  tx('您还有什么意见或建议？', 'Anything else you would like to tell us?'),
)

const SERVQUAL_1991: Array<[ServqualDim, string, string]> = [
  ['tangibles', '本公司拥有现代化的设备。', 'XYZ has modern-looking equipment.'],
  [
    'tangibles',
    '本公司的服务设施外观吸引人。',
    "XYZ's physical facilities are visually appealing.",
  ],
  ['tangibles', '本公司员工衣着整洁得体。', "XYZ's employees are neat-appearing."],
  [
    'tangibles',
    '本公司与服务相关的资料（如宣传册、账单）美观清晰。',
    'Materials associated with the service (such as pamphlets or statements) are visually appealing at XYZ.',
  ],
  [
    'reliability',
    '本公司承诺在某个时间完成的事情，都能按时完成。',
    'When XYZ promises to do something by a certain time, it does so.',
  ],
  [
    'reliability',
    '当您遇到问题时，本公司真诚地想帮您解决。',
    'When you have a problem, XYZ shows a sincere interest in solving it.',
  ],
  ['reliability', '本公司第一次就把服务做好。', 'XYZ performs the service right the first time.'],
  [
    'reliability',
    '本公司在承诺的时间提供服务。',
    'XYZ provides its services at the time it promises to do so.',
  ],
  ['reliability', '本公司坚持记录准确无误。', 'XYZ insists on error-free records.'],
  [
    'responsiveness',
    '本公司员工会准确告诉您服务何时进行。',
    'Employees of XYZ tell you exactly when services will be performed.',
  ],
  ['responsiveness', '本公司员工为您提供及时的服务。', 'Employees of XYZ give you prompt service.'],
  [
    'responsiveness',
    '本公司员工总是乐意帮助您。',
    'Employees of XYZ are always willing to help you.',
  ],
  [
    'responsiveness',
    '本公司员工从不会因太忙而顾不上回应您的要求。',
    'Employees of XYZ are never too busy to respond to your requests.',
  ],
  [
    'assurance',
    '本公司员工的言行让您有信心。',
    'The behavior of employees of XYZ instills confidence in you.',
  ],
  ['assurance', '与本公司打交道时，您感到放心。', 'You feel safe in your transactions with XYZ.'],
  [
    'assurance',
    '本公司员工始终对您彬彬有礼。',
    'Employees of XYZ are consistently courteous with you.',
  ],
  [
    'assurance',
    '本公司员工有足够的知识回答您的问题。',
    'Employees of XYZ have the knowledge to answer your questions.',
  ],
  ['empathy', '本公司给予您个别的关注。', 'XYZ gives you individual attention.'],
  [
    'empathy',
    '本公司的营业时间方便所有顾客。',
    'XYZ has operating hours convenient to all its customers.',
  ],
  [
    'empathy',
    '本公司有员工给予您个人的关怀。',
    'XYZ has employees who give you personal attention.',
  ],
  ['empathy', '本公司把您的利益放在心上。', 'XYZ has your best interests at heart.'],
  ['empathy', '本公司员工了解您的具体需要。', 'Employees of XYZ understand your specific needs.'],
]
type ServqualDim = 'tangibles' | 'reliability' | 'responsiveness' | 'assurance' | 'empathy'

const KANO_FEATURES: Array<[string, string, string]> = [
  ['next_day', '次日达配送', 'next-day delivery'],
  ['live_chat', '7×24 小时在线客服', '24/7 live chat'],
  ['free_return', '免费上门退换', 'free pick-up returns'],
  ['points', '会员积分', 'loyalty points'],
]

const CSM_ATTRIBUTES: Array<[string, string, string]> = [
  ['quality', '质量', 'quality'],
  ['function', '功能', 'functions'],
  ['price', '价格', 'price'],
  ['design', '外观设计', 'design'],
  ['grade', '档次', 'grade'],
  ['packaging', '包装', 'packaging'],
]

const EMPLOYEE_DIMENSIONS: Array<[string, string, string]> = [
  [
    'work_rights',
    '我清楚自己的工作权限和职责，并拥有完成工作所需的授权。',
    'I know the rights and responsibilities of my work and have the authority it needs.',
  ],
  [
    'conditions',
    '我的工作条件（设备、场所、工具）能满足工作需要。',
    'My working conditions (equipment, premises, tools) meet the needs of my work.',
  ],
  [
    'management',
    '公司的组织与管理公平、高效。',
    'The company is organised and managed fairly and efficiently.',
  ],
  [
    'environment',
    '公司的环境与氛围让我愿意长期工作。',
    'The company environment makes me want to stay.',
  ],
  [
    'personal',
    '我对自己的收入、成长和个人发展感到满意。',
    'I am satisfied with my pay, growth and personal development.',
  ],
]

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
      settings: { hiddenFields: ['department'] },
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
]

export function findTemplate(id: string): SurveyTemplate | undefined {
  return SURVEY_TEMPLATES.find((t) => t.id === id)
}
