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
  decideCompensation,
  grantCompensation,
  listPendingApprovals,
} from './compensation.service.js'
