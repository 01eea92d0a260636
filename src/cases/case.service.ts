// The cases domain's service, as routes and other domains import it: reading cases
// (case-query.service.ts), working them (case-workflow.service.ts) and compensation
// (compensation.service.ts). Those modules import each other directly, never this one.

export { caseNumber, getCase, isBreached, listCases } from './case-query.service.js'
export {
  addCaseMessage,
  assignCase,
  recordRecovery,
  transitionCase,
} from './case-workflow.service.js'
export {
  adoptSuggestion,
  declineSuggestion,
  passOnPraise,
  rewardSuggestion,
} from './case-decision.service.js'
export {
  decideCompensation,
  grantCompensation,
  listPendingApprovals,
} from './compensation.service.js'

// What the routes call beyond the above: the case export, the complaint analysis and the SLA
// board; and what src/jobs runs on the cases' behalf.
export { CaseExportQuerySchema, exportCases } from './case-export.js'
export { analyzeComplaints, ComplaintQuerySchema } from './complaint-analytics.js'
export { slaBoard } from './sla-board.js'
export { runCaseReplyDelivery } from './case-reply-delivery.js'
export { runCaseSlaJobs } from './case-sla-jobs.js'
export {
  addCustomerEmailToCase,
  type CustomerEmail,
  caseOfCustomerEmail,
  type ThreadedCase,
} from './case-customer-email.js'
