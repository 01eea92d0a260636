/**
 * The four-stage service maturity self-assessment (issue 19; rationale and sources in
 * docs/service-maturity.md). Six dimensions of two items each; every item is rated 1–5, where 1
 * means the practice is absent and 2–5 describe it at stages 1–4 (analytics/maturity-stage.ts
 * turns the ratings into stages). Browser-safe: the admin app shows these words as served by
 * GET /api/v1/maturity/instrument.
 */

type Words = { 'zh-CN': string; 'en-US': string }
type Anchors = readonly [Words, Words, Words, Words, Words]

export interface MaturityItem {
  key: string
  title: Words
  /** The words of ratings 1 to 5. */
  anchors: Anchors
}

export interface MaturityDimension {
  key: string
  name: Words
  items: readonly MaturityItem[]
}

const w = (zh: string, en: string): Words => ({ 'zh-CN': zh, 'en-US': en })

export const MATURITY_STAGE_NAMES: Record<1 | 2 | 3 | 4, Words> = {
  1: w('被动响应', 'Reactive'),
  2: w('规范服务', 'Standardised'),
  3: w('主动服务', 'Proactive'),
  4: w('卓越体验', 'Customer-led'),
}

export const MATURITY_DIMENSIONS: readonly MaturityDimension[] = [
  {
    key: 'leadership',
    name: w('领导作用', 'Leadership'),
    items: [
      {
        key: 'leadership_goals',
        title: w('服务目标与承诺', 'Service goals and commitment'),
        anchors: [
          w('管理层没有明确的服务目标', 'Management sets no service goals'),
          w('只在出现重大投诉后才谈服务', 'Service is discussed only after a major complaint'),
          w(
            '有书面服务标准和年度满意度目标，定期检查',
            'Written service standards and a yearly satisfaction target, reviewed regularly',
          ),
          w(
            '管理层每月审阅客户指标并据此分配资源',
            'Management reviews customer measures monthly and allocates resources by them',
          ),
          w(
            '客户体验是战略核心，管理层亲自倾听客户并对结果负责',
            'Customer experience is central to strategy; leaders listen to customers themselves and answer for the results',
          ),
        ],
      },
      {
        key: 'leadership_empowerment',
        title: w('一线授权', 'Front-line empowerment'),
        anchors: [
          w('一线员工无权处理任何问题', 'Front-line staff may resolve nothing themselves'),
          w(
            '问题需逐级上报后才处理',
            'Problems are passed up the hierarchy before anything is done',
          ),
          w('有书面的授权额度和处理权限', 'Front-line staff have written limits of authority'),
          w(
            '一线员工在授权内当场解决大多数问题',
            'Front-line staff resolve most problems on the spot within their authority',
          ),
          w(
            '鼓励员工超越标准为客户解决问题，并给予认可',
            'Staff are encouraged and recognised for going beyond the standard to solve customers’ problems',
          ),
        ],
      },
    ],
  },
  {
    key: 'process',
    name: w('服务流程', 'Process'),
    items: [
      {
        key: 'process_standards',
        title: w('服务标准化', 'Service standards'),
        anchors: [
          w('没有书面流程', 'No written procedures'),
          w(
            '各人凭经验做事，出问题后临时补救',
            'Everyone works from experience; gaps are patched after failures',
          ),
          w(
            '关键服务环节有书面标准和时限，员工经过培训',
            'Key service steps have written standards and time limits, and staff are trained in them',
          ),
          w(
            '依据客户反馈定期优化流程，消除等待与返工',
            'Procedures are revised regularly from customer feedback to remove waiting and rework',
          ),
          w(
            '流程按客户旅程设计，客户参与设计与验证',
            'Procedures are designed around customer journeys, with customers taking part in design and testing',
          ),
        ],
      },
      {
        key: 'process_promises',
        title: w('服务时限与承诺', 'Time limits and service promises'),
        anchors: [
          w('对客户没有时限承诺', 'No time promises to customers'),
          w('客户催问时才告知进度', 'Customers learn of progress only when they chase it'),
          w('公布服务时限并监测达成率', 'Time limits are published and their attainment monitored'),
          w(
            '预计超时会提前主动告知客户',
            'Customers are told in advance when a time limit will be missed',
          ),
          w(
            '服务承诺按客户期望制定，并公开兑现情况',
            'Service promises are set from customers’ expectations and how they were kept is published',
          ),
        ],
      },
    ],
  },
  {
    key: 'people',
    name: w('员工', 'People'),
    items: [
      {
        key: 'people_training',
        title: w('服务培训', 'Service training'),
        anchors: [
          w('没有服务培训', 'No service training'),
          w(
            '仅有入职简单培训，出问题后补训',
            'A short induction only; retraining after complaints',
          ),
          w('有系统的服务技能培训和考核', 'Systematic service-skills training with assessment'),
          w(
            '按员工客户评价的弱项安排针对性培训',
            'Training targets each employee’s weak points in customer ratings',
          ),
          w(
            '员工持续学习，并相互传授最佳实践',
            'Staff learn continuously and pass best practice on to each other',
          ),
        ],
      },
      {
        key: 'people_appraisal',
        title: w('考核与激励', 'Appraisal and incentives'),
        anchors: [
          w('考核不涉及服务', 'Appraisal ignores service'),
          w('服务只在投诉时被追责', 'Service counts only as blame after complaints'),
          w(
            '服务指标纳入考核，规则明确',
            'Service measures are part of appraisal under clear rules',
          ),
          w(
            '考核以客户评价为主，并对小样本加以保护',
            'Appraisal rests mainly on customer ratings, with protection against small samples',
          ),
          w(
            '激励以客户成果为核心，员工满意度同样被测量和改进',
            'Rewards centre on customer outcomes, and employee satisfaction is measured and improved too',
          ),
        ],
      },
    ],
  },
  {
    key: 'measurement',
    name: w('测量与分析', 'Measurement'),
    items: [
      {
        key: 'measurement_surveys',
        title: w('满意度测量', 'Satisfaction measurement'),
        anchors: [
          w('不测量客户满意度', 'Customer satisfaction is not measured'),
          w('只统计投诉数量', 'Only complaints are counted'),
          w(
            '定期开展满意度调查，指标口径统一',
            'Regular satisfaction surveys with consistent measures',
          ),
          w(
            '交易后即时调查，按单元和员工细分，对照目标',
            'Surveys after each transaction, broken down by unit and employee, against targets',
          ),
          w(
            '指标与经营成果（留存、收入）关联并经过验证',
            'Measures are validated against business results (retention, revenue)',
          ),
        ],
      },
      {
        key: 'measurement_use',
        title: w('结果运用', 'Use of results'),
        anchors: [
          w('结果无人查看', 'Nobody reads the results'),
          w('结果只出现在年终汇报中', 'Results appear only in the year-end report'),
          w('每月通报结果并跟踪变化', 'Results are reported monthly and changes tracked'),
          w(
            '用统计方法找出关键驱动因素和异常变化',
            'Key drivers and unusual changes are found with statistical methods',
          ),
          w(
            '改进形成闭环：每项改进都检验效果',
            'A closed loop: every improvement is tested for its effect',
          ),
        ],
      },
    ],
  },
  {
    key: 'insight',
    name: w('客户洞察', 'Customer insight'),
    items: [
      {
        key: 'insight_listening',
        title: w('倾听渠道', 'Listening channels'),
        anchors: [
          w('没有收集客户意见的渠道', 'Customers have no way to give their views'),
          w('只被动接收投诉', 'Complaints are received, nothing else'),
          w(
            '多渠道收集意见并统一登记',
            'Views are collected on several channels and logged in one place',
          ),
          w(
            '主动回访，并分析文本中新出现的问题',
            'Customers are called back and free text is analysed for emerging issues',
          ),
          w(
            '客户参与服务设计（客户委员会、共创）',
            'Customers take part in service design (customer panels, co-creation)',
          ),
        ],
      },
      {
        key: 'insight_expectations',
        title: w('客户期望', 'Customer expectations'),
        anchors: [
          w('不了解客户期望', 'Customer expectations are unknown'),
          w('凭经验猜测客户需要', 'Needs are guessed from experience'),
          w(
            '通过调查了解主要客户群的期望',
            'The main customer groups’ expectations are known from surveys',
          ),
          w(
            '按客户细分预判需求并主动提供服务',
            'Needs are anticipated per customer segment and served before being asked',
          ),
          w(
            '为每位客户提供个性化体验并超越期望',
            'Each customer gets a personal experience that exceeds expectations',
          ),
        ],
      },
    ],
  },
  {
    key: 'recovery',
    name: w('服务补救', 'Service recovery'),
    items: [
      {
        key: 'recovery_handling',
        title: w('投诉处理', 'Complaint handling'),
        anchors: [
          w('投诉无人负责', 'Nobody owns complaints'),
          w('投诉靠个人处理，没有记录', 'Complaints are handled person by person, without records'),
          w('有投诉处理流程、时限和记录', 'A complaint procedure with time limits and records'),
          w(
            '首问负责、当场补救，结案后回访',
            'First-contact ownership, recovery on the spot, follow-up after closing',
          ),
          w(
            '补救让客户比出问题前更满意，并评估补救效果',
            'Recovery leaves customers more satisfied than before the failure, and its effect is measured',
          ),
        ],
      },
      {
        key: 'recovery_prevention',
        title: w('根因与预防', 'Root causes and prevention'),
        anchors: [
          w('不分析投诉原因', 'Complaint causes are not analysed'),
          w(
            '只处理个案，同类问题反复出现',
            'Cases are settled one by one; the same problems recur',
          ),
          w('定期汇总投诉原因（帕累托分析）', 'Complaint causes are summarised regularly (Pareto)'),
          w(
            '针对主要原因制定改进计划并跟踪',
            'Improvement plans target the main causes and are followed up',
          ),
          w(
            '根因消除后固化为标准，重复投诉持续下降',
            'Fixed causes become the standard; repeat complaints keep falling',
          ),
        ],
      },
    ],
  },
]

/** Raised whenever an item, an anchor or the scoring rule changes (stored with each assessment). */
export const MATURITY_INSTRUMENT_VERSION = '2026-11'

export const MATURITY_ITEM_KEYS = MATURITY_DIMENSIONS.flatMap((d) => d.items.map((i) => i.key))
