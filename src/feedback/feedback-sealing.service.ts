// The sealing sweep's view of feedback (src/personal-data/personal-data-sealing.service.ts).
export { countFeedbackToSeal, sealFeedbackBatch } from './feedback-sealing.repository.js'
