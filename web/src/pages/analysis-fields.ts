import type { MessageKey } from '../i18n/i18n'
import type { AnalysisWordKey } from '../components/analysis-words'

/** Which options each analysis asks for; the keys are those of `manyi analyze` (docs/cli.md). */
export interface AnalysisField {
  key: string
  label: MessageKey | AnalysisWordKey
  required?: boolean
  choices?: readonly string[]
  placeholder?: string
  multiline?: boolean
  /** Picked from the table's columns instead of typed: one column, several, or Kano answer pairs. */
  pick?: 'column' | 'columns' | 'pairs'
}

export const ANALYSIS_FIELDS: Record<string, AnalysisField[]> = {
  nps: [
    { key: 'column', label: 'field.column', required: true, placeholder: 'nps', pick: 'column' },
    { key: 'weight', label: 'field.weight', pick: 'column' },
    {
      key: 'rake',
      label: 'field.rake',
      multiline: true,
      placeholder: '{"门店": {"北京": 0.5, "上海": 0.3, "广州": 0.2}}',
    },
  ],
  csat: [
    { key: 'column', label: 'field.column', required: true, placeholder: 'csat', pick: 'column' },
    { key: 'weight', label: 'field.weight', pick: 'column' },
    {
      key: 'rake',
      label: 'field.rake',
      multiline: true,
      placeholder: '{"门店": {"北京": 0.5, "上海": 0.3, "广州": 0.2}}',
    },
  ],
  ces: [
    { key: 'column', label: 'field.column', required: true, placeholder: 'ces', pick: 'column' },
    { key: 'weight', label: 'field.weight', pick: 'column' },
    {
      key: 'rake',
      label: 'field.rake',
      multiline: true,
      placeholder: '{"门店": {"北京": 0.5, "上海": 0.3, "广州": 0.2}}',
    },
  ],
  csm: [
    { key: 'column', label: 'field.column', required: true, pick: 'column' },
    { key: 'satisfied', label: 'field.satisfied', placeholder: '20,40,60' },
    { key: 'weight', label: 'field.weight', pick: 'column' },
    {
      key: 'rake',
      label: 'field.rake',
      multiline: true,
      placeholder: '{"门店": {"北京": 0.5, "上海": 0.3, "广州": 0.2}}',
    },
  ],
  csi: [
    {
      key: 'tree',
      label: 'field.tree',
      required: true,
      multiline: true,
      placeholder:
        '{"name": "服务CSI", "children": [{"name": "性能", "weight": 30, "column": "perf"}, {"name": "保证", "weight": 20, "column": "assurance"}]}',
    },
    { key: 'weighting', label: 'field.weighting', choices: ['given', 'importance', 'drivers'] },
    { key: 'outcome', label: 'field.outcome', pick: 'column' },
    { key: 'scaleMax', label: 'field.scaleMax', placeholder: '5' },
    { key: 'weight', label: 'field.weight', pick: 'column' },
    {
      key: 'rake',
      label: 'field.rake',
      multiline: true,
      placeholder: '{"门店": {"北京": 0.5, "上海": 0.3, "广州": 0.2}}',
    },
  ],
  kano: [
    {
      // Not required: a table of aggregated counts (A/O/M/I columns) needs no pairs.
      key: 'pairs',
      label: 'field.pairs',
      placeholder: 'app_f:app_d,hotline_f:hotline_d',
      pick: 'pairs',
    },
    { key: 'weight', label: 'field.weight', pick: 'column' },
    {
      key: 'rake',
      label: 'field.rake',
      multiline: true,
      placeholder: '{"门店": {"北京": 0.5, "上海": 0.3, "广州": 0.2}}',
    },
  ],
  servqual: [
    { key: 'expectationPrefix', label: 'field.expectationPrefix', placeholder: 'E_' },
    { key: 'perceptionPrefix', label: 'field.perceptionPrefix', placeholder: 'P_' },
    {
      key: 'weights',
      label: 'field.weights',
      placeholder: 'tangibles=10,reliability=30,responsiveness=25,assurance=20,empathy=15',
    },
    { key: 'by', label: 'field.segmentBy', pick: 'column' },
    { key: 'weight', label: 'field.weight', pick: 'column' },
    {
      key: 'rake',
      label: 'field.rake',
      multiline: true,
      placeholder: '{"门店": {"北京": 0.5, "上海": 0.3, "广州": 0.2}}',
    },
  ],
  ipa: [
    {
      key: 'attributes',
      label: 'field.attributes',
      required: true,
      placeholder: 'A,B,C',
      pick: 'columns',
    },
    {
      key: 'importance',
      label: 'field.importance',
      choices: ['correlation', 'beta', 'shapley', 'stated'],
    },
    { key: 'outcome', label: 'field.outcome', pick: 'column' },
    {
      key: 'importanceColumns',
      label: 'field.importanceColumns',
      placeholder: 'imp_A,imp_B,imp_C',
      pick: 'columns',
    },
    { key: 'impute', label: 'field.impute', choices: ['none', 'pairwise', 'mean', 'em'] },
    { key: 'weight', label: 'field.weight', pick: 'column' },
    {
      key: 'rake',
      label: 'field.rake',
      multiline: true,
      placeholder: '{"门店": {"北京": 0.5, "上海": 0.3, "广州": 0.2}}',
    },
  ],
  drivers: [
    { key: 'outcome', label: 'field.outcome', required: true, pick: 'column' },
    {
      key: 'predictors',
      label: 'field.predictors',
      required: true,
      placeholder: 'A,B,C',
      pick: 'columns',
    },
    { key: 'method', label: 'field.driverMethod', choices: ['relative-weights', 'shapley'] },
    { key: 'bootstrap', label: 'field.bootstrap', placeholder: '0' },
    { key: 'impute', label: 'field.impute', choices: ['none', 'pairwise', 'mean', 'em'] },
    { key: 'weight', label: 'field.weight', pick: 'column' },
    {
      key: 'rake',
      label: 'field.rake',
      multiline: true,
      placeholder: '{"门店": {"北京": 0.5, "上海": 0.3, "广州": 0.2}}',
    },
  ],
  plspm: [
    {
      key: 'model',
      label: 'field.model',
      required: true,
      multiline: true,
      placeholder:
        '{"constructs": {"Quality": ["PERQ1","PERQ2"], "Satisfaction": ["CUSA1","CUSA2"]}, "paths": [{"from": "Quality", "to": "Satisfaction"}]}',
    },
    { key: 'scheme', label: 'field.scheme', choices: ['path', 'centroid', 'factorial'] },
    { key: 'bootstrap', label: 'field.bootstrap', placeholder: '0' },
    { key: 'consistent', label: 'field.consistent', choices: ['true', 'false'] },
    { key: 'folds', label: 'field.folds', placeholder: '10' },
    { key: 'omissionDistance', label: 'field.omissionDistance', placeholder: '7' },
    { key: 'group', label: 'field.group', pick: 'column' },
    { key: 'groups', label: 'field.groups', placeholder: 'north,south' },
    { key: 'permutations', label: 'field.permutations', placeholder: '500' },
    { key: 'impute', label: 'field.impute', choices: ['none', 'mean', 'em'] },
    { key: 'weight', label: 'field.weight', pick: 'column' },
    {
      key: 'rake',
      label: 'field.rake',
      multiline: true,
      placeholder: '{"门店": {"北京": 0.5, "上海": 0.3, "广州": 0.2}}',
    },
  ],
  alpha: [
    {
      key: 'items',
      label: 'field.items',
      required: true,
      placeholder: 'Q1,Q2,Q3',
      pick: 'columns',
    },
    { key: 'reversed', label: 'field.reversed', placeholder: 'Q3', pick: 'columns' },
    { key: 'scaleMin', label: 'field.scaleMin', placeholder: '1' },
    { key: 'scaleMax', label: 'field.scaleMax', placeholder: '5' },
    { key: 'impute', label: 'field.impute', choices: ['none', 'pairwise'] },
    { key: 'weight', label: 'field.weight', pick: 'column' },
    {
      key: 'rake',
      label: 'field.rake',
      multiline: true,
      placeholder: '{"门店": {"北京": 0.5, "上海": 0.3, "广州": 0.2}}',
    },
  ],
  spc: [
    {
      key: 'chart',
      label: 'field.chart',
      choices: [
        'p',
        'c',
        'u',
        'imr',
        'xbar-r',
        'xbar-s',
        'ewma',
        'cusum',
        'mean-change',
        'rate-change',
        'pettitt',
      ],
    },
    { key: 'column', label: 'field.column', pick: 'column' },
    { key: 'size', label: 'field.size', pick: 'column' },
    { key: 'items', label: 'field.subgroupItems', placeholder: 'x1,x2,x3,x4,x5', pick: 'columns' },
    { key: 'permutations', label: 'field.permutations', placeholder: '999' },
  ],
  crosstab: [
    { key: 'row', label: 'field.row', required: true, pick: 'column' },
    { key: 'by', label: 'field.by', required: true, pick: 'column' },
    { key: 'weight', label: 'field.weight', pick: 'column' },
    {
      key: 'rake',
      label: 'field.rake',
      multiline: true,
      placeholder: '{"门店": {"北京": 0.5, "上海": 0.3, "广州": 0.2}}',
    },
  ],
  'value-balance': [
    { key: 'value', label: 'field.value', required: true, pick: 'column' },
    { key: 'price', label: 'field.price', required: true, pick: 'column' },
    { key: 'scaleMax', label: 'field.scaleMax', placeholder: '5' },
    { key: 'weight', label: 'field.weight', pick: 'column' },
    {
      key: 'rake',
      label: 'field.rake',
      multiline: true,
      placeholder: '{"门店": {"北京": 0.5, "上海": 0.3, "广州": 0.2}}',
    },
  ],
  'post-use': [
    { key: 'after', label: 'field.after', required: true, pick: 'column' },
    { key: 'before', label: 'field.before', required: true, pick: 'column' },
    { key: 'scaleMax', label: 'field.scaleMax', placeholder: '5' },
    { key: 'weight', label: 'field.weight', pick: 'column' },
    {
      key: 'rake',
      label: 'field.rake',
      multiline: true,
      placeholder: '{"门店": {"北京": 0.5, "上海": 0.3, "广州": 0.2}}',
    },
  ],
  clv: [
    {
      key: 'frequency',
      label: 'field.frequency',
      required: true,
      placeholder: 'x',
      pick: 'column',
    },
    { key: 'recency', label: 'field.recency', required: true, placeholder: 't_x', pick: 'column' },
    { key: 'age', label: 'field.age', required: true, placeholder: 'T', pick: 'column' },
    { key: 'spend', label: 'field.spend', placeholder: 'zbar', pick: 'column' },
    { key: 'periods', label: 'field.periods', placeholder: '12' },
    { key: 'periodLength', label: 'field.periodLength', placeholder: '4.345' },
    { key: 'discountRate', label: 'field.discountRate', placeholder: '0.01' },
  ],
}
