import {
  COMMENT,
  NPS,
  NPS_REASON,
  q,
  type SurveyTemplate,
  type Text,
  tx,
} from './survey-template-parts.js'
import type { Question } from './survey.schema.js'

/**
 * Industry templates in Chinese and English, each built on validated instruments:
 * - NPS, Net Promoter Score: likelihood to recommend, 0–10 (Reichheld 2003, "The One Number You
 *   Need to Grow", Harvard Business Review 81(12)).
 * - CSAT, Customer Satisfaction Score: overall satisfaction on five worded points, top-two-box.
 * - CES 2.0, Customer Effort Score: "The company made it easy for me to handle my issue", 1–7
 *   agreement (Dixon, Freeman & Toman 2010, "Stop Trying to Delight Your Customers", HBR 88(7);
 *   CEB 2013 revision).
 * - CSM 7-level satisfaction (很不满意 … 很满意, scored −60 … +60) of the Chinese customer
 *   satisfaction measurement practice (GB/T 19038-2009 顾客满意测评模型和方法指南).
 * Touchpoint attributes are rated in one matrix on the CSAT scale, so the dashboard gives each a
 * mean with its interval and the CSI weights them. The newer question types appear where the
 * journey asks for them (a ranking of priorities, a slider for waiting time, a visit date).
 */

type Attribute = readonly [key: string, zh: string, en: string]

interface IndustrySpec {
  id: string
  industry: Text
  name: Text
  title: Text
  /** The service's name inside the questions ("本次报修服务", "this repair"). */
  service: Text
  attributes: readonly Attribute[]
  /** Instruments besides CSAT and the attribute matrix. */
  nps?: boolean
  ces?: boolean
  csm?: boolean
  /** Extra questions of the journey (ranking, slider, date …), placed before the comment. */
  extra?: Question[]
  hiddenFields?: string[]
}

/** Instrument names in full, for the template's description. */
const INSTRUMENTS = {
  csat: tx('客户满意度 CSAT（Customer Satisfaction Score）', 'CSAT (Customer Satisfaction Score)'),
  nps: tx(
    '净推荐值 NPS（Net Promoter Score，Reichheld 2003）',
    'NPS (Net Promoter Score, Reichheld 2003)',
  ),
  ces: tx(
    '客户费力度 CES 2.0（Customer Effort Score，Dixon 等 2010）',
    'CES 2.0 (Customer Effort Score, Dixon et al. 2010)',
  ),
  csm: tx('CSM 七级满意度（GB/T 19038）', 'CSM 7-level satisfaction (GB/T 19038)'),
}

function industryTemplate(spec: IndustrySpec): SurveyTemplate {
  const { service } = spec
  const questions: Question[] = [
    q(
      'csat',
      'csat',
      tx(
        `您对${service['zh-CN']}的整体满意程度如何？`,
        `How satisfied are you with ${service['en-US']} overall?`,
      ),
      { required: true },
    ),
    q('aspects', 'matrix', tx('请对以下各方面评分', 'Please rate each of the following'), {
      matrix: {
        scale: 'csat',
        rows: spec.attributes.map(([key, zh, en]) => ({ key, label: tx(zh, en) })),
      },
    }),
  ]
  if (spec.csm)
    questions.push(
      q(
        'csm',
        'csm7',
        tx(
          `与您的期望相比，您对${service['zh-CN']}满意吗？`,
          `Compared with what you expected, how satisfied are you with ${service['en-US']}?`,
        ),
      ),
    )
  if (spec.ces)
    questions.push(
      q(
        'ces',
        'ces',
        tx('我们让您轻松地办理了您的事务。', 'The company made it easy for me to handle my issue.'),
        {
          pageBreak: spec.attributes.length > 5,
        },
      ),
    )
  if (spec.nps) questions.push({ ...NPS, required: false }, NPS_REASON)
  questions.push(...(spec.extra ?? []), COMMENT)
  const used = [
    INSTRUMENTS.csat,
    ...(spec.nps ? [INSTRUMENTS.nps] : []),
    ...(spec.ces ? [INSTRUMENTS.ces] : []),
    ...(spec.csm ? [INSTRUMENTS.csm] : []),
  ]
  const aspects = (l: 'zh-CN' | 'en-US') =>
    spec.attributes
      .map((a) => (l === 'zh-CN' ? a[1] : a[2].toLowerCase()))
      .join(l === 'zh-CN' ? '、' : ', ')
  return {
    id: spec.id,
    industry: spec.industry,
    name: spec.name,
    description: tx(
      `${used.map((u) => u['zh-CN']).join('、')}；评价${aspects('zh-CN')}。`,
      `${used.map((u) => u['en-US']).join(', ')}; rates ${aspects('en-US')}.`,
    ),
    survey: {
      title: spec.title,
      defaultLocale: 'zh-CN',
      questions,
      settings: { hiddenFields: spec.hiddenFields ?? ['store'] },
    },
  }
}

// Journey questions of the newer types, shared by several templates.
const waitMinutes = (max = 60, step = 5) =>
  q('wait', 'slider', tx('您大约等候了多少分钟？', 'About how many minutes did you wait?'), {
    slider: {
      min: 0,
      max,
      step,
      low: tx('无需等候', 'No wait'),
      high: tx(`${max} 分钟以上`, `${max}+ minutes`),
    },
  })
const visitDate = q('visit_date', 'datetime', tx('您办理业务的日期', 'Date of your visit'), {
  datetime: { mode: 'date' },
})
const priorities = (items: readonly Attribute[]) =>
  q(
    'priorities',
    'ranking',
    tx(
      '请按对您的重要程度排序（1 为最重要）',
      'Rank these by how much they matter to you (1 = most)',
    ),
    {
      options: items.map(([key, zh, en]) => ({ key, label: tx(zh, en) })),
    },
  )
const channels = (items: readonly Attribute[]) =>
  q('channel', 'single', tx('您是通过哪种方式办理的？', 'How did you get it done?'), {
    options: items.map(([key, zh, en]) => ({ key, label: tx(zh, en) })),
  })

const POWER = tx('电力', 'Power utility')
const GOV = tx('政务服务', 'Government services')
const HEALTH = tx('医疗', 'Healthcare')
const FINANCE = tx('金融保险', 'Banking & insurance')
const TELECOM = tx('通信', 'Telecom')
const TRAVEL = tx('出行与酒店', 'Travel & hospitality')
const RETAIL = tx('零售与电商', 'Retail & e-commerce')
const LIVING = tx('生活服务', 'Home & living')
const AUTO = tx('汽车', 'Automotive')
const EDU = tx('教育', 'Education')
const B2B = tx('企业服务', 'Business services')

const SPECS: IndustrySpec[] = [
  {
    id: 'power-repair-follow-up',
    industry: POWER,
    name: tx('电力报修回访', 'Power repair follow-up'),
    title: tx('报修服务回访', 'Your repair: a quick follow-up'),
    service: tx('本次报修服务', 'this repair'),
    attributes: [
      ['response', '接单响应速度', 'Speed of response'],
      ['arrival', '抢修人员到达及时性', 'Punctual arrival of the crew'],
      ['restore', '恢复供电速度', 'Speed of restoring power'],
      ['quality', '抢修质量（未再次故障）', 'Quality of the fix (no repeat fault)'],
      ['attitude', '抢修人员服务态度', "Crew's courtesy"],
      ['updates', '进度告知', 'Updates on progress'],
    ],
    ces: true,
    csm: true,
    extra: [
      q(
        'restore_hours',
        'slider',
        tx(
          '从报修到恢复供电大约用了多少小时？',
          'About how many hours from your call to power back on?',
        ),
        {
          slider: {
            min: 0,
            max: 24,
            step: 1,
            low: tx('1 小时内', 'Within an hour'),
            high: tx('24 小时以上', '24+ hours'),
          },
        },
      ),
      q('place', 'location', tx('故障地点（可选）', 'Where was the fault? (optional)')),
    ],
    hiddenFields: ['work_order', 'district', 'crew'],
  },
  {
    id: 'power-outage-notice',
    industry: POWER,
    name: tx('电力停电通知评价', 'Power outage notice'),
    title: tx('计划停电通知评价', 'Planned outage notice'),
    service: tx('本次停电通知', 'the notice of this outage'),
    attributes: [
      ['advance', '提前通知的时间', 'How far ahead you were told'],
      ['clarity', '停电范围与时间说明清楚', 'Clear area and hours'],
      ['channel', '通知渠道方便（短信、公告、App）', 'Convenient channel (SMS, notice, app)'],
      ['accuracy', '实际停送电与通知一致', 'Outage kept to the notice'],
      ['restore_notice', '恢复供电提醒', 'Told when power was back'],
    ],
    ces: false,
    csm: true,
    extra: [
      q(
        'notice_channel',
        'multiple',
        tx('您从哪些渠道收到了通知？', 'Where did you hear about it?'),
        {
          options: [
            { key: 'sms', label: tx('短信', 'Text message') },
            { key: 'app', label: tx('网上国网 App', 'Utility app') },
            { key: 'wechat', label: tx('微信公众号', 'WeChat account') },
            { key: 'poster', label: tx('小区公告', 'Notice board') },
            { key: 'none', label: tx('没有收到', 'Did not hear') },
          ],
        },
      ),
    ],
    hiddenFields: ['outage_id', 'district'],
  },
  {
    id: 'power-service-hall',
    industry: POWER,
    name: tx('供电营业厅服务评价', 'Power service hall'),
    title: tx('营业厅服务评价', 'Service hall visit'),
    service: tx('本次营业厅服务', 'your visit to the service hall'),
    attributes: [
      ['wait', '等候时间', 'Waiting time'],
      ['guidance', '引导与告知清楚', 'Clear guidance'],
      ['skill', '业务办理熟练', 'Skill of the staff'],
      ['attitude', '服务态度', 'Courtesy'],
      ['environment', '厅内环境', 'The hall'],
      ['once', '一次办结', 'Done in one visit'],
    ],
    ces: true,
    extra: [waitMinutes(), visitDate],
    hiddenFields: ['hall', 'window', 'business'],
  },
  {
    id: 'hotel-stay',
    industry: TRAVEL,
    name: tx('酒店入住评价', 'Hotel stay'),
    title: tx('您的入住体验', 'Your stay with us'),
    service: tx('本次入住', 'your stay'),
    attributes: [
      ['checkin', '入住办理', 'Check-in'],
      ['room', '客房整洁与舒适', 'Clean, comfortable room'],
      ['bed', '睡眠质量', 'Quality of sleep'],
      ['breakfast', '早餐', 'Breakfast'],
      ['staff', '员工服务', 'Staff service'],
      ['value', '性价比', 'Value for money'],
    ],
    nps: true,
    extra: [
      q('stay_date', 'datetime', tx('您的入住日期', 'Date of check-in'), {
        datetime: { mode: 'date' },
      }),
      q('purpose', 'single', tx('本次入住的目的', 'Purpose of the stay'), {
        options: [
          { key: 'business', label: tx('商务', 'Business') },
          { key: 'leisure', label: tx('休闲旅游', 'Leisure') },
          { key: 'family', label: tx('探亲访友', 'Family or friends') },
        ],
      }),
    ],
    hiddenFields: ['hotel', 'room_type', 'booking_id'],
  },
  {
    id: 'bank-branch',
    industry: FINANCE,
    name: tx('银行网点服务评价', 'Bank branch visit'),
    title: tx('网点服务评价', 'Your branch visit'),
    service: tx('本次网点服务', 'your branch visit'),
    attributes: [
      ['wait', '等候时间', 'Waiting time'],
      ['lobby', '大堂引导', 'Lobby guidance'],
      ['teller', '柜员专业与效率', "Teller's skill and speed"],
      ['explain', '产品与风险讲解清楚', 'Clear product and risk explanation'],
      ['privacy', '隐私保护', 'Privacy'],
      ['environment', '网点环境', 'The branch'],
    ],
    nps: true,
    ces: true,
    extra: [waitMinutes()],
    hiddenFields: ['branch', 'teller', 'business'],
  },
  {
    id: 'hospital-outpatient',
    industry: HEALTH,
    name: tx('门诊患者满意度', 'Hospital outpatient'),
    title: tx('门诊就医体验', 'Your outpatient visit'),
    service: tx('本次门诊就医', 'this outpatient visit'),
    attributes: [
      ['booking', '预约挂号便捷', 'Easy booking'],
      ['wait', '候诊时间', 'Waiting time'],
      ['doctor', '医生沟通与解释', "Doctor's explanation"],
      ['nurse', '护士服务', 'Nursing'],
      ['tests', '检查检验流程', 'Tests and scans'],
      ['pay', '缴费取药', 'Paying and pharmacy'],
      ['environment', '就诊环境与指引', 'Signs and surroundings'],
    ],
    nps: true,
    extra: [waitMinutes(120, 10), visitDate],
    hiddenFields: ['department', 'doctor'],
  },
  {
    id: 'hospital-inpatient',
    industry: HEALTH,
    name: tx('住院患者满意度', 'Hospital inpatient'),
    title: tx('住院体验', 'Your hospital stay'),
    service: tx('本次住院', 'your hospital stay'),
    attributes: [
      ['admission', '入院办理', 'Admission'],
      ['doctor', '医生诊疗与沟通', 'Doctors'],
      ['nurse', '护理服务', 'Nursing care'],
      ['pain', '疼痛管理', 'Pain control'],
      ['meals', '膳食', 'Meals'],
      ['ward', '病房环境', 'The ward'],
      ['discharge', '出院指导', 'Discharge advice'],
    ],
    nps: true,
    hiddenFields: ['ward', 'department'],
  },
  {
    id: 'ecommerce-after-sales',
    industry: RETAIL,
    name: tx('电商售后服务评价', 'E-commerce after-sales'),
    title: tx('售后服务评价', 'After-sales service'),
    service: tx('本次售后服务', 'this after-sales service'),
    attributes: [
      ['reach', '联系客服方便', 'Easy to reach'],
      ['reply', '响应速度', 'Speed of reply'],
      ['solution', '解决方案合理', 'Fair solution'],
      ['refund', '退款或换货速度', 'Speed of refund or exchange'],
      ['attitude', '客服态度', 'Courtesy'],
    ],
    nps: true,
    ces: true,
    extra: [
      q('resolved', 'single', tx('您的问题解决了吗？', 'Was your issue resolved?'), {
        required: true,
        options: [
          { key: 'yes', label: tx('已解决', 'Resolved') },
          { key: 'partly', label: tx('部分解决', 'Partly') },
          { key: 'no', label: tx('未解决', 'Not resolved') },
        ],
      }),
    ],
    hiddenFields: ['order_id', 'shop', 'agent'],
  },
  {
    id: 'ecommerce-delivery',
    industry: RETAIL,
    name: tx('网购收货体验', 'Online order delivery'),
    title: tx('收货体验', 'Your delivery'),
    service: tx('本次购物与收货', 'this order and its delivery'),
    attributes: [
      ['match', '商品与描述一致', 'Item as described'],
      ['packing', '包装完好', 'Packaging'],
      ['speed', '配送速度', 'Delivery speed'],
      ['courier', '快递员服务', 'Courier'],
    ],
    nps: true,
    hiddenFields: ['order_id', 'shop'],
  },
  {
    id: 'telecom-broadband-install',
    industry: TELECOM,
    name: tx('宽带装机回访', 'Broadband installation'),
    title: tx('宽带装机回访', 'Broadband installation follow-up'),
    service: tx('本次宽带装机', 'this broadband installation'),
    attributes: [
      ['appointment', '预约上门准时', 'Punctual appointment'],
      ['engineer', '装维人员专业', "Engineer's skill"],
      ['tidy', '施工整洁', 'Tidy work'],
      ['speed', '网速达到承诺', 'Speed as promised'],
      ['explain', '使用讲解', 'Explanation'],
    ],
    nps: true,
    ces: true,
    extra: [visitDate],
    hiddenFields: ['work_order', 'engineer', 'area'],
  },
  {
    id: 'telecom-hotline',
    industry: TELECOM,
    name: tx('通信客服热线评价', 'Telecom hotline'),
    title: tx('热线服务评价', 'Your call with us'),
    service: tx('本次热线服务', 'this call'),
    attributes: [
      ['ivr', '语音菜单好用', 'Easy phone menu'],
      ['wait', '接通等待时间', 'Time to reach an agent'],
      ['understand', '客服理解您的问题', 'Understood your issue'],
      ['resolve', '一次解决', 'Solved in one call'],
      ['attitude', '服务态度', 'Courtesy'],
    ],
    ces: true,
    nps: true,
    hiddenFields: ['call_id', 'agent', 'queue'],
  },
  {
    id: 'telecom-store',
    industry: TELECOM,
    name: tx('通信营业厅评价', 'Telecom store'),
    title: tx('营业厅服务评价', 'Store visit'),
    service: tx('本次营业厅服务', 'your store visit'),
    attributes: [
      ['wait', '等候时间', 'Waiting time'],
      ['advice', '套餐推荐合适', 'Suitable plan advice'],
      ['transparent', '资费说明透明', 'Clear charges'],
      ['skill', '办理效率', 'Speed of service'],
      ['attitude', '服务态度', 'Courtesy'],
    ],
    nps: true,
    extra: [waitMinutes()],
    hiddenFields: ['store', 'staff'],
  },
  {
    id: 'gov-12345-hotline',
    industry: GOV,
    name: tx('12345 政务服务便民热线回访', '12345 government hotline follow-up'),
    title: tx('12345 热线办理回访', '12345 hotline follow-up'),
    service: tx('本次诉求办理', 'the handling of your request'),
    attributes: [
      ['answer', '接听及时', 'Answered promptly'],
      ['record', '诉求记录准确', 'Request recorded correctly'],
      ['speed', '办理时效', 'Time to handle'],
      ['result', '办理结果', 'Outcome'],
      ['feedback', '结果反馈清楚', 'Clear feedback'],
    ],
    ces: true,
    extra: [
      q('resolved', 'single', tx('您反映的问题是否已解决？', 'Has your issue been resolved?'), {
        required: true,
        options: [
          { key: 'yes', label: tx('已解决', 'Resolved') },
          { key: 'partly', label: tx('部分解决', 'Partly') },
          { key: 'no', label: tx('未解决', 'Not resolved') },
        ],
      }),
    ],
    hiddenFields: ['ticket', 'department', 'district'],
  },
  {
    id: 'gov-service-hall',
    industry: GOV,
    name: tx('政务服务大厅“好差评”', 'Government service hall rating'),
    title: tx('政务服务评价', 'Rate our service'),
    service: tx('本次政务服务', 'this government service'),
    attributes: [
      ['guide', '办事指南清楚', 'Clear guide'],
      ['materials', '材料一次告知', 'All documents listed at once'],
      ['wait', '等候时间', 'Waiting time'],
      ['staff', '窗口人员态度', 'Counter staff'],
      ['once', '最多跑一次', 'Done in one trip'],
      ['online', '网上可办', 'Online option'],
    ],
    ces: true,
    csm: true,
    extra: [
      waitMinutes(),
      channels([
        ['hall', '大厅窗口', 'Counter'],
        ['self', '自助终端', 'Self-service machine'],
        ['online', '网上办理', 'Online'],
        ['app', '手机 App 或小程序', 'Mobile app'],
      ]),
    ],
    hiddenFields: ['hall', 'window', 'item'],
  },
  {
    id: 'property-management',
    industry: LIVING,
    name: tx('物业服务满意度', 'Property management'),
    title: tx('物业服务满意度调查', 'Property management survey'),
    service: tx('小区物业服务', 'the property management'),
    attributes: [
      ['security', '安全秩序', 'Security'],
      ['cleaning', '环境卫生', 'Cleaning'],
      ['green', '绿化养护', 'Landscaping'],
      ['repair', '报修响应', 'Repairs'],
      ['facility', '公共设施维护', 'Shared facilities'],
      ['fees', '收费透明', 'Clear fees'],
      ['communication', '沟通与公示', 'Communication'],
    ],
    nps: true,
    csm: true,
    extra: [
      priorities([
        ['security', '安全秩序', 'Security'],
        ['cleaning', '环境卫生', 'Cleaning'],
        ['repair', '报修响应', 'Repairs'],
        ['parking', '停车管理', 'Parking'],
      ]),
    ],
    hiddenFields: ['community', 'building'],
  },
  {
    id: 'restaurant-visit',
    industry: LIVING,
    name: tx('餐厅用餐评价', 'Restaurant visit'),
    title: tx('用餐体验', 'Your meal'),
    service: tx('本次用餐', 'your meal'),
    attributes: [
      ['taste', '菜品口味', 'Taste'],
      ['speed', '上菜速度', 'Speed of serving'],
      ['service', '服务员服务', 'Waiting staff'],
      ['hygiene', '卫生', 'Hygiene'],
      ['value', '性价比', 'Value for money'],
    ],
    nps: true,
    extra: [waitMinutes(60, 5)],
    hiddenFields: ['store', 'table'],
  },
  {
    id: 'airline-flight',
    industry: TRAVEL,
    name: tx('航班乘机体验', 'Airline flight'),
    title: tx('乘机体验', 'Your flight'),
    service: tx('本次航班', 'this flight'),
    attributes: [
      ['checkin', '值机办理', 'Check-in'],
      ['boarding', '登机秩序', 'Boarding'],
      ['punctual', '航班准点', 'On time'],
      ['crew', '乘务员服务', 'Cabin crew'],
      ['seat', '座椅舒适', 'Seat comfort'],
      ['meal', '餐食', 'Meal'],
      ['baggage', '行李提取', 'Baggage'],
    ],
    nps: true,
    hiddenFields: ['flight', 'route', 'cabin'],
  },
  {
    id: 'airport-experience',
    industry: TRAVEL,
    name: tx('机场出行体验', 'Airport experience'),
    title: tx('机场出行体验', 'Your time at the airport'),
    service: tx('本次在机场的体验', 'your time at the airport'),
    attributes: [
      ['signs', '指引标识', 'Signs'],
      ['security', '安检效率', 'Security screening'],
      ['clean', '卫生间清洁', 'Clean toilets'],
      ['shops', '餐饮购物', 'Food and shops'],
      ['transport', '地面交通', 'Ground transport'],
    ],
    nps: true,
    extra: [waitMinutes(60, 5)],
    hiddenFields: ['terminal'],
  },
  {
    id: 'rail-travel',
    industry: TRAVEL,
    name: tx('铁路出行体验', 'Rail journey'),
    title: tx('乘车体验', 'Your train journey'),
    service: tx('本次乘车', 'this journey'),
    attributes: [
      ['ticket', '购票便捷', 'Buying the ticket'],
      ['station', '车站秩序', 'The station'],
      ['punctual', '列车正点', 'On time'],
      ['clean', '车厢整洁', 'Clean carriage'],
      ['staff', '乘务服务', 'On-board staff'],
    ],
    nps: true,
    hiddenFields: ['train', 'route'],
  },
  {
    id: 'ride-hailing',
    industry: TRAVEL,
    name: tx('网约车行程评价', 'Ride-hailing trip'),
    title: tx('行程评价', 'Your ride'),
    service: tx('本次行程', 'this ride'),
    attributes: [
      ['pickup', '接驾速度', 'Pick-up time'],
      ['driver', '司机服务', 'Driver'],
      ['safety', '驾驶安全', 'Safe driving'],
      ['car', '车内整洁', 'Clean car'],
      ['fare', '计价合理', 'Fair fare'],
    ],
    nps: true,
    hiddenFields: ['trip_id', 'city'],
  },
  {
    id: 'scenic-spot',
    industry: TRAVEL,
    name: tx('景区游览体验', 'Tourist attraction visit'),
    title: tx('游览体验', 'Your visit'),
    service: tx('本次游览', 'your visit'),
    attributes: [
      ['ticket', '购票入园', 'Tickets and entry'],
      ['queue', '排队时间', 'Queues'],
      ['guide', '导览讲解', 'Guides and signs'],
      ['toilet', '卫生设施', 'Toilets'],
      ['value', '物有所值', 'Value for money'],
    ],
    nps: true,
    extra: [visitDate],
    hiddenFields: ['site', 'gate'],
  },
  {
    id: 'education-course',
    industry: EDU,
    name: tx('课程教学评价', 'Course evaluation'),
    title: tx('课程评价', 'Course evaluation'),
    service: tx('这门课程', 'this course'),
    attributes: [
      ['goals', '教学目标清楚', 'Clear aims'],
      ['content', '内容充实实用', 'Useful content'],
      ['teacher', '教师讲解清楚', 'Clear teaching'],
      ['interaction', '课堂互动', 'Interaction'],
      ['workload', '作业量合理', 'Fair workload'],
      ['feedback', '反馈及时', 'Timely feedback'],
    ],
    nps: true,
    hiddenFields: ['course', 'teacher', 'term'],
  },
  {
    id: 'training-session',
    industry: EDU,
    name: tx('培训效果评估（柯氏一级）', 'Training evaluation (Kirkpatrick level 1)'),
    title: tx('培训反馈', 'Training feedback'),
    service: tx('本次培训', 'this training'),
    attributes: [
      ['relevance', '与工作相关', 'Relevant to my work'],
      ['trainer', '讲师水平', 'Trainer'],
      ['materials', '培训材料', 'Materials'],
      ['organisation', '组织安排', 'Organisation'],
      ['apply', '能够应用到工作中', 'I can apply it'],
    ],
    nps: true,
    hiddenFields: ['course', 'trainer', 'session'],
  },
  {
    id: 'logistics-delivery',
    industry: RETAIL,
    name: tx('快递物流服务评价', 'Parcel delivery'),
    title: tx('快递服务评价', 'Your parcel delivery'),
    service: tx('本次快递服务', 'this delivery'),
    attributes: [
      ['speed', '时效', 'Speed'],
      ['intact', '包裹完好', 'Parcel intact'],
      ['tracking', '物流信息准确', 'Accurate tracking'],
      ['courier', '快递员态度', 'Courier'],
      ['drop', '按约定地点投递', 'Delivered where agreed'],
    ],
    nps: true,
    ces: true,
    hiddenFields: ['waybill', 'station'],
  },
  {
    id: 'insurance-claim',
    industry: FINANCE,
    name: tx('保险理赔服务评价', 'Insurance claim'),
    title: tx('理赔服务评价', 'Your claim'),
    service: tx('本次理赔服务', 'the handling of your claim'),
    attributes: [
      ['report', '报案方便', 'Easy to report'],
      ['materials', '材料要求清楚', 'Clear document list'],
      ['speed', '理赔时效', 'Speed of settlement'],
      ['amount', '赔付金额合理', 'Fair amount'],
      ['updates', '进度告知', 'Progress updates'],
      ['adjuster', '查勘理赔人员', 'Adjuster'],
    ],
    nps: true,
    ces: true,
    extra: [
      q(
        'days',
        'slider',
        tx('从报案到收到赔款用了多少天？', 'How many days from report to payment?'),
        {
          slider: {
            min: 0,
            max: 60,
            step: 1,
            low: tx('当天', 'Same day'),
            high: tx('60 天以上', '60+ days'),
          },
        },
      ),
    ],
    hiddenFields: ['claim_id', 'product', 'branch'],
  },
  {
    id: 'insurance-policy',
    industry: FINANCE,
    name: tx('保险投保体验', 'Insurance purchase'),
    title: tx('投保体验', 'Buying your policy'),
    service: tx('本次投保', 'buying this policy'),
    attributes: [
      ['explain', '条款讲解清楚', 'Clear terms'],
      ['fit', '产品符合需要', 'Fits my needs'],
      ['process', '投保流程便捷', 'Easy process'],
      ['agent', '代理人专业', "Agent's expertise"],
    ],
    nps: true,
    hiddenFields: ['policy_id', 'agent'],
  },
  {
    id: 'auto-4s-service',
    industry: AUTO,
    name: tx('汽车 4S 店维修保养', 'Car dealer service visit'),
    title: tx('维修保养回访', 'Your service visit'),
    service: tx('本次维修保养', 'this service visit'),
    attributes: [
      ['booking', '预约便捷', 'Easy booking'],
      ['advisor', '服务顾问', 'Service advisor'],
      ['quote', '报价透明', 'Clear quote'],
      ['time', '按时交车', 'Ready on time'],
      ['quality', '维修质量', 'Quality of work'],
      ['clean', '车辆清洁', 'Car returned clean'],
      ['lounge', '休息区', 'Lounge'],
    ],
    nps: true,
    ces: true,
    hiddenFields: ['dealer', 'advisor', 'ro_number'],
  },
  {
    id: 'auto-4s-sales',
    industry: AUTO,
    name: tx('汽车 4S 店新车交付', 'New car delivery'),
    title: tx('购车与交车体验', 'Buying and collecting your car'),
    service: tx('本次购车与交车', 'buying and collecting your car'),
    attributes: [
      ['consultant', '销售顾问', 'Sales consultant'],
      ['testdrive', '试乘试驾', 'Test drive'],
      ['price', '价格透明', 'Clear pricing'],
      ['finance', '金融保险办理', 'Finance and insurance'],
      ['delivery', '交车仪式与讲解', 'Handover and explanation'],
    ],
    nps: true,
    hiddenFields: ['dealer', 'consultant', 'model'],
  },
  {
    id: 'water-utility',
    industry: POWER,
    name: tx('供水服务满意度', 'Water utility'),
    title: tx('供水服务满意度调查', 'Water service survey'),
    service: tx('供水服务', 'the water service'),
    attributes: [
      ['quality', '水质', 'Water quality'],
      ['pressure', '水压稳定', 'Steady pressure'],
      ['notice', '停水通知', 'Notice of interruptions'],
      ['repair', '抢修及时', 'Timely repairs'],
      ['billing', '缴费便捷', 'Easy payment'],
    ],
    csm: true,
    ces: true,
    hiddenFields: ['district'],
  },
  {
    id: 'gas-utility',
    industry: POWER,
    name: tx('燃气服务满意度', 'Gas utility'),
    title: tx('燃气服务满意度调查', 'Gas service survey'),
    service: tx('燃气服务', 'the gas service'),
    attributes: [
      ['supply', '供气稳定', 'Steady supply'],
      ['safety', '安全检查', 'Safety checks'],
      ['install', '安装维修', 'Installation and repair'],
      ['billing', '缴费便捷', 'Easy payment'],
      ['hotline', '客服热线', 'Hotline'],
    ],
    csm: true,
    ces: true,
    hiddenFields: ['district'],
  },
  {
    id: 'retail-store',
    industry: RETAIL,
    name: tx('门店购物体验', 'Store visit'),
    title: tx('门店购物体验', 'Your store visit'),
    service: tx('本次购物', 'your shopping trip'),
    attributes: [
      ['find', '商品好找', 'Easy to find items'],
      ['stock', '商品齐全', 'In stock'],
      ['staff', '店员服务', 'Staff'],
      ['checkout', '结账速度', 'Checkout speed'],
      ['clean', '店内整洁', 'Clean store'],
    ],
    nps: true,
    extra: [waitMinutes(30, 1)],
    hiddenFields: ['store', 'receipt'],
  },
  {
    id: 'real-estate-handover',
    industry: LIVING,
    name: tx('房屋交付满意度', 'Home handover'),
    title: tx('交房体验', 'Your home handover'),
    service: tx('本次交房', 'the handover of your home'),
    attributes: [
      ['schedule', '按期交付', 'On schedule'],
      ['quality', '房屋质量', 'Build quality'],
      ['match', '与宣传一致', 'As advertised'],
      ['process', '交付流程', 'Handover process'],
      ['rectify', '问题整改', 'Fixing defects'],
    ],
    nps: true,
    csm: true,
    extra: [
      q('handover_date', 'datetime', tx('交房日期', 'Handover date'), {
        datetime: { mode: 'date' },
      }),
    ],
    hiddenFields: ['project', 'building'],
  },
  {
    id: 'appliance-install',
    industry: LIVING,
    name: tx('家电安装服务评价', 'Appliance installation'),
    title: tx('安装服务评价', 'Your installation'),
    service: tx('本次安装服务', 'this installation'),
    attributes: [
      ['appointment', '上门准时', 'Arrived on time'],
      ['skill', '安装规范', 'Proper installation'],
      ['fees', '收费透明', 'Clear charges'],
      ['tidy', '清理现场', 'Cleaned up'],
      ['explain', '使用讲解', 'Explained the product'],
    ],
    nps: true,
    ces: true,
    extra: [q('sign', 'signature', tx('请签名确认安装完成', 'Sign to confirm the installation'))],
    hiddenFields: ['work_order', 'engineer'],
  },
  {
    id: 'online-banking-app',
    industry: FINANCE,
    name: tx('手机银行 App 体验', 'Mobile banking app'),
    title: tx('手机银行体验', 'Your mobile banking'),
    service: tx('手机银行 App', 'the mobile banking app'),
    attributes: [
      ['login', '登录便捷', 'Easy sign-in'],
      ['find', '功能好找', 'Easy to find features'],
      ['speed', '运行流畅', 'Runs smoothly'],
      ['security', '安全感', 'Feels secure'],
      ['help', '在线客服', 'Online help'],
    ],
    nps: true,
    ces: true,
    hiddenFields: ['app_version', 'os'],
  },
  {
    id: 'fitness-club',
    industry: LIVING,
    name: tx('健身房会员满意度', 'Fitness club'),
    title: tx('会员满意度', 'Member survey'),
    service: tx('本健身房', 'the club'),
    attributes: [
      ['equipment', '器械', 'Equipment'],
      ['classes', '团课', 'Classes'],
      ['coach', '教练', 'Coaches'],
      ['clean', '卫生', 'Cleanliness'],
      ['crowd', '拥挤程度', 'Not crowded'],
    ],
    nps: true,
    hiddenFields: ['club'],
  },
  {
    id: 'b2b-account-review',
    industry: B2B,
    name: tx('企业客户年度评价', 'B2B account review'),
    title: tx('年度合作评价', 'Annual partnership review'),
    service: tx('我们的整体合作', 'our partnership'),
    attributes: [
      ['product', '产品质量', 'Product quality'],
      ['delivery', '交付准时', 'On-time delivery'],
      ['support', '技术支持', 'Technical support'],
      ['account', '客户经理', 'Account manager'],
      ['value', '价格价值', 'Value for price'],
      ['invoice', '开票结算', 'Invoicing'],
    ],
    nps: true,
    extra: [
      priorities([
        ['product', '产品质量', 'Product quality'],
        ['delivery', '交付准时', 'On-time delivery'],
        ['support', '技术支持', 'Technical support'],
        ['price', '价格', 'Price'],
      ]),
    ],
    hiddenFields: ['account', 'region', 'segment'],
  },
  {
    id: 'saas-support-ticket',
    industry: B2B,
    name: tx('软件工单支持评价', 'Software support ticket'),
    title: tx('工单服务评价', 'Your support ticket'),
    service: tx('本次工单支持', 'the support on this ticket'),
    attributes: [
      ['first', '首次响应速度', 'First response time'],
      ['knowledge', '工程师专业', "Engineer's knowledge"],
      ['resolution', '解决效果', 'Resolution'],
      ['communication', '沟通清楚', 'Clear communication'],
    ],
    ces: true,
    hiddenFields: ['ticket', 'product', 'agent'],
  },
  {
    id: 'event-attendee',
    industry: B2B,
    name: tx('会议活动参会评价', 'Event attendee feedback'),
    title: tx('参会反馈', 'Event feedback'),
    service: tx('本次活动', 'this event'),
    attributes: [
      ['content', '议程内容', 'Programme'],
      ['speakers', '演讲嘉宾', 'Speakers'],
      ['venue', '场地', 'Venue'],
      ['networking', '交流机会', 'Networking'],
      ['organisation', '组织服务', 'Organisation'],
    ],
    nps: true,
    hiddenFields: ['event', 'ticket_type'],
  },
  {
    id: 'pharmacy-visit',
    industry: HEALTH,
    name: tx('药店购药体验', 'Pharmacy visit'),
    title: tx('购药体验', 'Your pharmacy visit'),
    service: tx('本次购药', 'your pharmacy visit'),
    attributes: [
      ['stock', '药品齐全', 'In stock'],
      ['advice', '用药指导', "Pharmacist's advice"],
      ['insurance', '医保结算', 'Insurance payment'],
      ['wait', '等候时间', 'Waiting time'],
    ],
    nps: true,
    hiddenFields: ['store'],
  },
]

export const INDUSTRY_TEMPLATES: SurveyTemplate[] = SPECS.map(industryTemplate)
