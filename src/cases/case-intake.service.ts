// The cases domain's public face for feedback intake (src/feedback): whether a piece of feedback
// opens a case under the organisation's configuration, opening it, and linking a follow-up
// survey's answer to the case that sent it. The modules behind it stay inside the domain
// (.dependency-cruiser.cjs, rule domain-through-service).
export { loadCaseConfig, type CaseConfig, type CaseConfigCache } from './case-config.js'
export { SYSTEM_ACTOR } from './case-events.js'
export { linkFollowUpAnswer } from './case-follow-up.js'
export { openCase, type OpenedCase } from './case-opening.js'
export { caseOpeningFor, type CaseOpening } from './case-rules.js'
export { caseNumber } from './case-summary.js'
