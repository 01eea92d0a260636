// The surveys domain's public face for answering a survey, as responses, feedback, cases and
// distribution use it: whether a survey takes answers, its pages, its show-if conditions and the
// check of a set of answers. The modules behind it stay inside the domain
// (.dependency-cruiser.cjs, rule domain-through-service).
export { assertAcceptingAnswers, findOpenSurveyBySlug } from './open-survey.js'
export {
  answerFromForm,
  checkAnswers,
  formValuesFromAnswers,
  type Answers,
  type AnswerSource,
} from './survey-answers.js'
export { conditionHolds } from './survey-logic.js'
export { adjacentPage, surveyPages } from './survey-pages.js'
