import type { Question } from './survey.schema.js'

/** One question of each newer type, for tests and the browser journeys (zh-CN and en-US). */

const t = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en })

/** A 1×1 PNG (transparent), embedded so the page needs no image files. */
export const TINY_PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='

export const NEW_TYPE_QUESTIONS: Question[] = [
  {
    key: 'priorities',
    type: 'ranking',
    title: t('请按重要程度为以下服务排序', 'Rank these services by importance'),
    required: true,
    options: [
      { key: 'speed', label: t('抢修速度', 'Repair speed') },
      { key: 'notice', label: t('停电通知', 'Outage notice') },
      { key: 'attitude', label: t('服务态度', 'Staff attitude') },
    ],
  },
  {
    key: 'region',
    type: 'cascade',
    title: t('您所在的地区', 'Where do you live?'),
    required: true,
    tree: [
      {
        key: 'gd',
        label: t('广东省', 'Guangdong'),
        children: [
          {
            key: 'sz',
            label: t('深圳市', 'Shenzhen'),
            children: [
              { key: 'ns', label: t('南山区', 'Nanshan') },
              { key: 'ft', label: t('福田区', 'Futian') },
            ],
          },
          {
            key: 'gz',
            label: t('广州市', 'Guangzhou'),
            children: [{ key: 'th', label: t('天河区', 'Tianhe') }],
          },
        ],
      },
      {
        key: 'bj',
        label: t('北京市', 'Beijing'),
        children: [
          {
            key: 'bjc',
            label: t('北京市', 'Beijing city'),
            children: [{ key: 'cy', label: t('朝阳区', 'Chaoyang') }],
          },
        ],
      },
    ],
  },
  {
    key: 'room',
    type: 'image_choice',
    title: t('您入住的房型', 'Which room did you stay in?'),
    required: false,
    options: [
      { key: 'king', label: t('大床房', 'King room'), image: TINY_PNG },
      { key: 'twin', label: t('双床房', 'Twin room'), image: TINY_PNG },
    ],
  },
  {
    key: 'wait',
    type: 'slider',
    title: t('您等待了多少分钟？', 'How many minutes did you wait?'),
    required: false,
    slider: { min: 0, max: 60, step: 5, low: t('不用等', 'No wait'), high: t('一小时', 'An hour') },
  },
  {
    key: 'visit_day',
    type: 'datetime',
    title: t('您来访的日期', 'Date of your visit'),
    required: false,
    datetime: { mode: 'date' },
  },
  {
    key: 'place',
    type: 'location',
    title: t('故障地点', 'Where was the fault?'),
    required: false,
  },
  {
    key: 'sign',
    type: 'signature',
    title: t('签名确认', 'Signature'),
    required: false,
  },
  {
    key: 'aspects',
    type: 'choice_matrix',
    title: t('以下各项服务您是否使用过？', 'Did you use each of these services?'),
    required: false,
    options: [
      { key: 'yes', label: t('用过', 'Used') },
      { key: 'no', label: t('没用过', 'Not used') },
    ],
    rows: [
      { key: 'app', label: t('手机应用', 'Mobile app') },
      { key: 'hall', label: t('营业厅', 'Service hall') },
    ],
  },
]
