// What the text analytics (src/text) read of feedback: counts by analysis, the latest texts,
// and the comments behind a chart. The queries are feedback-insights.repository.ts's.
export {
  type AnalysedFeedback,
  type AnalysisCountRow,
  type FeedbackFilter,
  feedbackAnalysisCounts,
  latestFeedbackTexts,
  listAnalysedFeedback,
} from './feedback-insights.repository.js'
