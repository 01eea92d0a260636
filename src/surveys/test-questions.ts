import type { Question } from './survey.schema.js'

/** Test-only: one question of every type. */
export const ALL_TYPES_QUESTIONS: Question[] = [
  { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿' }, required: true },
  { key: 'agree', type: 'likert5', title: { 'zh-CN': '办理流程清晰' }, required: false },
  { key: 'quality', type: 'csm7', title: { 'zh-CN': '产品质量' }, required: false },
  { key: 'score', type: 'rating10', title: { 'zh-CN': '总体评分' }, required: false },
  {
    key: 'imp_quality',
    type: 'importance5',
    title: { 'zh-CN': '质量的重要性' },
    required: false,
    importanceOf: 'quality',
  },
  {
    key: 'visit',
    type: 'single',
    title: { 'zh-CN': '到店目的' },
    required: false,
    options: [
      { key: 'buy', label: { 'zh-CN': '购物', 'en-US': 'Shopping' } },
      { key: 'repair', label: { 'zh-CN': '维修', 'en-US': 'Repair' } },
    ],
  },
  {
    key: 'channels',
    type: 'multiple',
    title: { 'zh-CN': '了解渠道' },
    required: false,
    options: [
      { key: 'app', label: { 'zh-CN': 'App' } },
      { key: 'friend', label: { 'zh-CN': '朋友推荐' } },
      { key: 'ad', label: { 'zh-CN': '广告' } },
    ],
  },
  {
    key: 'service',
    type: 'matrix',
    title: { 'zh-CN': '请对营业厅服务打分' },
    required: false,
    matrix: {
      scale: 'likert5',
      rows: [
        { key: 'attitude', label: { 'zh-CN': '服务态度' } },
        { key: 'speed', label: { 'zh-CN': '办理效率' } },
        { key: 'clarity', label: { 'zh-CN': '解释清楚' } },
      ],
    },
  },
  {
    key: 'delivery',
    type: 'kano',
    title: { 'zh-CN': '次日达' },
    required: false,
    kano: {
      functional: { 'zh-CN': '如果提供次日达，您觉得如何？' },
      dysfunctional: { 'zh-CN': '如果不提供次日达，您觉得如何？' },
    },
  },
  {
    key: 'q5',
    type: 'servqual',
    title: { 'zh-CN': '承诺的事情能按时完成' },
    required: false,
    servqual: { dimension: 'reliability', reversed: false },
  },
  { key: 'contact', type: 'contact', title: { 'zh-CN': '联系方式' }, required: false },
]
