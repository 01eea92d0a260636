import { describe, expect, it } from 'vitest'
import type { Db } from '../db/database.js'
import { dialectFeatures } from '../db/dialect-features.js'
import { sweepJobs } from './sweep-jobs.js'

const deps = {
  db: {} as Db,
  features: dialectFeatures('sqlite'),
  channels: {
    email: async () => undefined,
    webhook: async () => undefined,
    mail: async () => undefined,
  },
  baseUrl: 'http://localhost',
  sweepAgain: () => undefined,
  testSweepPauseMs: 0,
  outbound: { allowedHosts: [] },
}

describe("the product's background jobs", () => {
  it('are registered once each, under their names, in sweep order', () => {
    expect(sweepJobs(deps).names).toEqual([
      'survey-intake',
      'email-inbox',
      'case-sla',
      'commitment-breaches',
      'programme-runs',
      'distribution',
      'notice-delivery',
      'appointment-messages',
      'appointment-slots',
      'case-reply-delivery',
      'text-reanalysis',
      'text-model-training',
      'emerging-topic-alerts',
      'alert-evaluation',
      'notification-mail',
      'plan-reminders',
      'plan-verdicts',
      'robot-delivery',
      'scheduled-reports',
      'audit-retention',
      'customer-retention',
      'upload-cleanup',
      'churn-scoring',
      'loyalty-points',
      'loyalty-expiry',
      'rollup-rebuild',
      'cohort-cells',
    ])
  })

  it('start with the test pause when MANYI_TEST_SWEEP_PAUSE_MS asks for one', () => {
    expect(sweepJobs({ ...deps, testSweepPauseMs: 50 }).names[0]).toBe('test-sweep-pause')
  })
})
