// The feedback domain's public face for its ways in, as the routes and src/jobs call them: the
// public complaint form, the feedback file import and the survey intake job. (feedback.service.ts
// is what the intake modules themselves store through, so these live apart from it.)
export {
  type ComplaintFormUnit,
  findComplaintForm,
  findComplaintFormUnit,
  signShownAt,
  submitComplaint,
} from './public-complaint.js'
export { importFeedback } from './feedback-import.js'
export { runSurveyIntake } from './survey-intake.js'
export { surveyIntakeBacklog } from './survey-intake-backlog.js'
