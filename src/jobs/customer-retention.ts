import { runCustomerRetention } from '../customers/data-retention.service.js'
import type { Db } from '../db/database.js'
import type { DialectFeatures } from '../db/dialect-features.js'
import type { JobDefinition } from './job-registry.js'
import { PERSONAL_DATA_HOLDERS, RECORD_EXPIRY } from './personal-data-holders.service.js'

const HOUR_MS = 3_600_000

/**
 * The named job that keeps each organisation's personal data to its retention periods
 * (src/customers/data-retention.service.ts). Periods count in days: an hourly look erases each
 * record at most an hour late, a batch per organisation and type at a time.
 */
export function customerRetentionJob(db: Db, features: DialectFeatures): JobDefinition {
  return {
    name: 'customer-retention',
    everyMs: HOUR_MS,
    run: async (now) => {
      await runCustomerRetention({ db, features }, now, {
        holders: PERSONAL_DATA_HOLDERS,
        expiry: RECORD_EXPIRY,
      })
    },
  }
}
