// The sealing sweep's view of contacts (src/personal-data/personal-data-sealing.service.ts).
export { countContactsToSeal, sealContactBatch } from './contact-sealing.repository.js'
