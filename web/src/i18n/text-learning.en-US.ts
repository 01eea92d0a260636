import type { textLearningZhCN } from './text-learning.zh-CN'

/** Corrections of the text analysis and what the organisation's model learned (web/src/pages/text-insights). */
export const textLearningEnUS: Record<keyof typeof textLearningZhCN, string> = {
  'textLearning.correctTo': 'Correct sentiment to',
  'textLearning.correctTopics': 'Correct topics',
  'textLearning.corrected': 'Corrected',
  'textLearning.saved': 'Correction saved; the model learns from it in the background',
  'textLearning.title': 'Learning from corrections',
  'textLearning.corrections': 'Corrected comments',
  'textLearning.before': 'Accuracy before',
  'textLearning.after': "Your organisation's model",
  'textLearning.how':
    'On the corrected comments: before is the share the general model labelled as your agents did; your model is {folds}-fold cross-validated (each comment labelled by a model that never saw it).',
  'textLearning.none':
    'Once at least {minimum} comments have their sentiment corrected, a model of your own is trained.',
  'textLearning.pending': 'New corrections: the model is retrained in the background.',
  'textLearning.trainedAt': 'Trained {time} on {n} corrections.',
}
