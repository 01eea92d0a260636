// The calendar is a shared building block (src/shared/business-calendar.ts): case SLAs and
// service commitments (src/commitments) keep time on the same one.
export * from '../shared/business-calendar.js'
