/** The survey editor's respondent-weight control (web/src/pages/survey-editor/weight-field-control.tsx). */
export const surveyWeightsZhCN = {
  'weights.field': '受访者权重字段',
  'weights.groupHidden': '隐藏字段',
  'weights.groupQuestions': '数值题（滑块）',
  'weights.none': '不加权',
  'weights.noHiddenFields':
    '先在“隐藏字段”中加入一个装有权重数值的字段（如 w），或添加一道滑块数值题（如家庭人数），再在此选择。',
  'weights.explain':
    '抽样调查中，每位受访者代表的人数可能不同（如按地区、年龄配额抽样后的设计权重或事后分层权重）。选择一个装有权重数值的隐藏字段或滑块数值题后，问卷看板（关键指标、趋势、逐题分析）以及单元排名表与目标达成的 NPS、CSAT、CES、CSM 和 SERVQUAL 按权重加权计算：加权均值 = Σw·x / Σw，置信区间按有效样本量 n_eff = (Σw)²/Σw²（Kish）。缺失（含未作答）、非数字或不大于 0 的权重不计入加权结果，但仍计入未加权的统计。更改此字段后，系统会在后台按新权重重算已有答卷的单元数据，重算完成前排名表仍显示旧权重的结果。',
  'weights.rebuild.queued': '已排队：将按权重字段“{field}”重算单元数据。',
  'weights.rebuild.queuedNone': '已排队：将删除此问卷的加权单元数据（已不加权）。',
  'weights.rebuild.running':
    '正在按权重字段“{field}”重算单元数据：已处理 {done} / {total} 份答卷。',
  'weights.rebuild.runningNoCount': '正在按权重字段“{field}”重算单元数据…',
  'weights.rebuild.done': '已按权重字段“{field}”重算单元数据（{done} 份答卷），{at} 完成。',
  'weights.rebuild.doneNone': '已删除加权单元数据（问卷不再加权），{at} 完成。',
  'weights.rebuild.failed':
    '按新权重重算失败（{code}），请联系管理员查看服务器日志；保存问卷可再次重算。',
} as const
