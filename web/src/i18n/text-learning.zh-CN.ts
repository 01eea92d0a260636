/** Corrections of the text analysis and what the organisation's model learned (web/src/pages/text-insights). */
export const textLearningZhCN = {
  'textLearning.correctTo': '更正情感为',
  'textLearning.correctTopics': '更正主题',
  'textLearning.corrected': '已更正',
  'textLearning.saved': '已保存更正，模型将在后台重新学习',
  'textLearning.title': '从更正中学习',
  'textLearning.corrections': '已更正评论',
  'textLearning.before': '更正前准确率',
  'textLearning.after': '本机构模型准确率',
  'textLearning.how':
    '在已更正的评论上：更正前为通用模型与坐席判断一致的比例；本机构模型为 {folds} 折交叉验证（每条评论都由未见过它的模型判断）。',
  'textLearning.none': '至少更正 {minimum} 条评论的情感后，系统会为本机构训练专属模型。',
  'textLearning.pending': '有新的更正，模型将在后台重新训练。',
  'textLearning.trainedAt': '训练于 {time}，基于 {n} 条更正。',
}
