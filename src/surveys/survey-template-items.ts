/**
 * Item banks of the ready-made surveys (survey-templates.ts). The SERVQUAL items follow the 1991
 * revised scale (Parasuraman, Berry & Zeithaml 1991), all positively worded; the Chinese text is
 * Manyi's own translation, and the scale's placeholder company name XYZ reads "the company".
 */

export const SERVQUAL_1991: Array<[ServqualDim, string, string]> = [
  ['tangibles', '本公司拥有现代化的设备。', 'The company has modern-looking equipment.'],
  [
    'tangibles',
    '本公司的服务设施外观吸引人。',
    "The company's physical facilities are visually appealing.",
  ],
  ['tangibles', '本公司员工衣着整洁得体。', "The company's employees are neat-appearing."],
  [
    'tangibles',
    '本公司与服务相关的资料（如宣传册、账单）美观清晰。',
    'Materials associated with the service (such as pamphlets or statements) are visually appealing at the company.',
  ],
  [
    'reliability',
    '本公司承诺在某个时间完成的事情，都能按时完成。',
    'When the company promises to do something by a certain time, it does so.',
  ],
  [
    'reliability',
    '当您遇到问题时，本公司真诚地想帮您解决。',
    'When you have a problem, the company shows a sincere interest in solving it.',
  ],
  [
    'reliability',
    '本公司第一次就把服务做好。',
    'The company performs the service right the first time.',
  ],
  [
    'reliability',
    '本公司在承诺的时间提供服务。',
    'The company provides its services at the time it promises to do so.',
  ],
  ['reliability', '本公司坚持记录准确无误。', 'The company insists on error-free records.'],
  [
    'responsiveness',
    '本公司员工会准确告诉您服务何时进行。',
    'Employees of the company tell you exactly when services will be performed.',
  ],
  [
    'responsiveness',
    '本公司员工为您提供及时的服务。',
    'Employees of the company give you prompt service.',
  ],
  [
    'responsiveness',
    '本公司员工总是乐意帮助您。',
    'Employees of the company are always willing to help you.',
  ],
  [
    'responsiveness',
    '本公司员工从不会因太忙而顾不上回应您的要求。',
    'Employees of the company are never too busy to respond to your requests.',
  ],
  [
    'assurance',
    '本公司员工的言行让您有信心。',
    'The behavior of employees of the company instills confidence in you.',
  ],
  [
    'assurance',
    '与本公司打交道时，您感到放心。',
    'You feel safe in your transactions with the company.',
  ],
  [
    'assurance',
    '本公司员工始终对您彬彬有礼。',
    'Employees of the company are consistently courteous with you.',
  ],
  [
    'assurance',
    '本公司员工有足够的知识回答您的问题。',
    'Employees of the company have the knowledge to answer your questions.',
  ],
  ['empathy', '本公司给予您个别的关注。', 'The company gives you individual attention.'],
  [
    'empathy',
    '本公司的营业时间方便所有顾客。',
    'The company has operating hours convenient to all its customers.',
  ],
  [
    'empathy',
    '本公司有员工给予您个人的关怀。',
    'The company has employees who give you personal attention.',
  ],
  ['empathy', '本公司把您的利益放在心上。', 'The company has your best interests at heart.'],
  [
    'empathy',
    '本公司员工了解您的具体需要。',
    'Employees of the company understand your specific needs.',
  ],
]
export type ServqualDim = 'tangibles' | 'reliability' | 'responsiveness' | 'assurance' | 'empathy'

export const KANO_FEATURES: Array<[string, string, string]> = [
  ['next_day', '次日达配送', 'next-day delivery'],
  ['live_chat', '7×24 小时在线客服', '24/7 live chat'],
  ['free_return', '免费上门退换', 'free pick-up returns'],
  ['points', '会员积分', 'loyalty points'],
]

export const CSM_ATTRIBUTES: Array<[string, string, string]> = [
  ['quality', '质量', 'quality'],
  ['function', '功能', 'functions'],
  ['price', '价格', 'price'],
  ['design', '外观设计', 'design'],
  ['grade', '档次', 'grade'],
  ['packaging', '包装', 'packaging'],
]

export const EMPLOYEE_DIMENSIONS: Array<[string, string, string]> = [
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
