// Members' quiet hours are the shared daily stretch of src/shared/quiet-hours.ts (invitations'
// contact rules keep theirs the same way).
export { minutesOf, quietHoursEnd, timeOf, type QuietHours } from '../shared/quiet-hours.js'
