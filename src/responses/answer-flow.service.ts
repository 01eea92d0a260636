// The responses domain's public face for the respondent page (src/server/routes): showing a
// survey's page and taking its answers step by step, through to submission.
export { advanceAnswer, showAnswerForm, type AnswerStep } from './answer-flow.js'
