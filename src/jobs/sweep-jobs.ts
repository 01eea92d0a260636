import { runCaseReplyDelivery } from '../cases/case.service.js'
import { runCaseSlaJobs } from '../cases/case.service.js'
import { caseReplyChannels } from '../channels/channel-replies.service.js'
import { runEmailInbox } from '../channels/email-inbox.service.js'
import { runCommitmentBreaches } from '../commitments/commitment.service.js'
import type { Db } from '../db/database.js'
import type { DialectFeatures } from '../db/dialect-features.js'
import { runDistributionJobs } from '../distribution/distribution.service.js'
import { runProgrammes } from '../distribution/programme.service.js'
import type { OutboundPolicy } from '../distribution/outbound.service.js'
import type { InvitationChannels } from '../distribution/invitation-delivery.js'
import { runSurveyIntake, surveyIntakeBacklog } from '../feedback/feedback-intake.service.js'
import { robotDeliveryBacklog, runRobotDelivery } from '../notifications/robot-channel.service.js'
import { runAlertEvaluation } from '../alerts/alert.service.js'
import {
  notificationMailJobBacklog,
  runNotificationMail,
} from '../notifications/notification-mail.service.js'
import { runScheduledReports } from '../reports/report-schedule.service.js'
import { runEmergingTopicAlerts, runTextReanalysis } from '../text/text.service.js'
import { runSentimentTraining } from '../text/text-corrections.service.js'
import { runPlanReminders, runPlanVerdicts } from '../actions/action-alerts.service.js'
import { runChurnScoring } from '../customers/churn.service.js'
import { runCohortCellRebuilds } from '../customers/cohort-cells.service.js'
import { runLoyaltyExpiry, runLoyaltyPoints } from '../loyalty/loyalty.service.js'
import { noticeDeliveryBacklog, runNoticeDelivery } from '../notices/notice-delivery.service.js'
import { runAppointmentMessages } from '../appointments/appointment-messages.service.js'
import { runSlotHorizon } from '../appointments/appointment.service.js'
import {
  REBUILD_SETTLE_MS,
  rollupRebuildBacklog,
  runRollupRebuildJobs,
} from '../responses/rollup-rebuild-job.service.js'
import { auditRetentionJob } from './audit-retention.js'
import { customerRetentionJob } from './customer-retention.js'
import { backlogDelayAfterPause } from './backlog-pace.js'
import { JobRegistry } from './job-registry.js'
import { pauseSweepForTests } from './sweep-tasks.js'
import { uploadCleanupJob } from './upload-cleanup.js'
import { backupExpiryJob } from './backup-expiry.js'

/** What the product's background jobs are built from (the composition root's store, channels …). */
export interface SweepJobDeps {
  db: Db
  /** The store's dialect (jobs that act for an organisation through its services need it). */
  features: DialectFeatures
  channels: InvitationChannels
  /** The public address links in invitations point to. */
  baseUrl: string
  /** Run the sweep again after `delayMs` (the runner's kick): the intake takes a backlog in slices. */
  sweepAgain: (delayMs: number) => void
  /** MANYI_TEST_SWEEP_PAUSE_MS (tests only; 0 = none). */
  testSweepPauseMs: number
  /** MANYI_CASE_HORIZON_DAYS: answers given longer ago than this open no case (the intake's default when absent). */
  caseHorizonDays?: number
  /** Where chat robots may be reached (MANYI_WEBHOOK_ALLOWED_HOSTS beside public addresses). */
  outbound: OutboundPolicy
  /** MANYI_UPLOAD_GRACE_HOURS: how long an upload no answer names is kept (the job's default when absent). */
  uploadGraceHours?: number
  /** MANYI_BACKUP_DIR and the store's own files there (never removed): backups expire when set. */
  backup?: { dir: string; liveFiles: readonly string[] }
}

const HOUR_MS = 3_600_000
/** Answers the intake's queue is counted up to for monitoring: a look reads at most this many rows. */
const INTAKE_BACKLOG_LIMIT = 1_000

/**
 * Every background job of the product, registered once under its name, in the order a sweep runs
 * them: answers first become feedback (and cases), then the case clocks, invitations, case
 * replies and text analysis run on what that stored.
 */
export function sweepJobs(deps: SweepJobDeps): JobRegistry {
  const registry = new JobRegistry(pauseSweepForTests(deps.testSweepPauseMs))
  const { db } = deps
  // Answers the intake took within its safety window, for this app only.
  const intakeTaken = new Set<string>()
  registry.register({
    name: 'survey-intake',
    // A backlog is taken in slices: back to back while the server is quiet, seconds apart while answers pour in.
    run: async (now) => {
      const options = deps.caseHorizonDays ? { caseHorizonDays: deps.caseHorizonDays } : {}
      if ((await runSurveyIntake(db, now, intakeTaken, options)).more)
        deps.sweepAgain(await backlogDelayAfterPause())
    },
    backlog: (now) => surveyIntakeBacklog(db, now, INTAKE_BACKLOG_LIMIT),
  })
  // Each organisation's e-mail inbox: new mail becomes feedback (opening cases) or a line on its case.
  registry.register({
    name: 'email-inbox',
    everyMs: 60_000,
    run: (now, signal) =>
      runEmailInbox(
        {
          db,
          features: deps.features,
          horizon: deps.caseHorizonDays ? { caseHorizonDays: deps.caseHorizonDays } : {},
          outbound: deps.outbound,
        },
        now,
        signal,
      ),
  })
  registry.register({ name: 'case-sla', run: (now) => runCaseSlaJobs(db, now) })
  // Service commitments whose time ran out with no end event: missed, each opening its case once.
  registry.register({ name: 'commitment-breaches', run: (now) => runCommitmentBreaches(db, now) })
  // Recurring programmes: each fires once per period (the unique run row decides among instances),
  // before the sender, which then delivers the run's invitations in the same sweep.
  registry.register({
    name: 'programme-runs',
    everyMs: 60_000,
    run: (now) => runProgrammes(db, deps.features, now),
  })
  registry.register({
    name: 'distribution',
    run: (now) => runDistributionJobs({ db, channels: deps.channels, baseUrl: deps.baseUrl }, now),
  })
  // Proactive notices to customers (planned outages), each message sent by one instance.
  registry.register({
    name: 'notice-delivery',
    run: (now) => runNoticeDelivery({ db, mail: deps.channels.mail, outbound: deps.outbound }, now),
    backlog: (now) => noticeDeliveryBacklog(db, now),
  })
  // Appointments: day-before reminders queued once, confirmations and reminders each sent by one instance.
  registry.register({
    name: 'appointment-messages',
    run: (now) =>
      runAppointmentMessages(
        { db, mail: deps.channels.mail, outbound: deps.outbound, baseUrl: deps.baseUrl },
        now,
      ),
  })
  // Each unit's appointment slots made up to its horizon; daily keeps the horizon ahead.
  registry.register({
    name: 'appointment-slots',
    everyMs: 24 * HOUR_MS,
    run: (now) => runSlotHorizon(db, now),
  })
  registry.register({
    name: 'case-reply-delivery',
    run: (now) =>
      runCaseReplyDelivery(
        db,
        deps.channels.mail,
        now,
        deps.baseUrl,
        caseReplyChannels(db, deps.outbound, () => now),
      ),
  })
  registry.register({ name: 'text-reanalysis', run: (now) => runTextReanalysis(db, now) })
  // Each organisation's sentiment model, retrained from its agents' corrections.
  registry.register({ name: 'text-model-training', run: (now) => runSentimentTraining(db, now) })
  registry.register({
    name: 'emerging-topic-alerts',
    // Emerging topics change by the day; an hourly look raises each at most an hour late.
    everyMs: HOUR_MS,
    run: (now) => runEmergingTopicAlerts(db, now),
  })
  // Alert rules on metrics: each alert raised once per rule, unit, subject and period.
  registry.register({
    name: 'alert-evaluation',
    everyMs: 15 * 60_000,
    run: (now) => runAlertEvaluation({ db, features: deps.features }, now),
  })
  // Members' notification e-mails, each sent by one instance once their quiet hours end.
  registry.register({
    name: 'notification-mail',
    run: (now) => runNotificationMail({ db, send: deps.channels.mail, baseUrl: deps.baseUrl }, now),
    backlog: (now) => notificationMailJobBacklog(db, now),
  })
  // Action plans: reminders before task and plan deadlines, escalation once they pass.
  registry.register({ name: 'plan-reminders', run: (now) => runPlanReminders(db, now) })
  registry.register({
    name: 'plan-verdicts',
    // A verdict moves with the monthly roll-ups; an hourly look tells a change at most an hour late.
    everyMs: HOUR_MS,
    run: (now) => runPlanVerdicts({ db, features: deps.features }, now),
  })
  // Messages to the organisations' group robots, each sent by one instance.
  registry.register({
    name: 'robot-delivery',
    run: (now) => runRobotDelivery(db, deps.outbound, now),
    backlog: (now) => robotDeliveryBacklog(db, now),
  })
  // Units' weekly and monthly reports, each made, archived and e-mailed once; hourly is on time enough.
  registry.register({
    name: 'scheduled-reports',
    everyMs: HOUR_MS,
    run: (now) =>
      runScheduledReports(
        { db, features: deps.features, mail: deps.channels.mail, baseUrl: deps.baseUrl },
        now,
      ),
  })
  // Audit entries past each organisation's retention policy (docs/audit.md).
  registry.register(auditRetentionJob(db))
  // Customers' personal data past each organisation's retention periods (docs/customers.md).
  registry.register(customerRetentionJob(db, deps.features))
  // Uploaded files no answer names, once their grace has passed.
  registry.register(uploadCleanupJob(db, deps.uploadGraceHours))
  // Backups older than the shortest retention period (docs/customers.md), when a directory is set.
  if (deps.backup) registry.register(backupExpiryJob(db, deps.backup.dir, deps.backup.liveFiles))
  // Each organisation's churn model retrained on its history and every customer rescored, daily.
  registry.register({
    name: 'churn-scoring',
    everyMs: 24 * HOUR_MS,
    run: (now) => runChurnScoring(db, now),
  })
  // Loyalty points earned by purchases, answers and cases' points compensation, within a minute.
  registry.register({
    name: 'loyalty-points',
    everyMs: 60_000,
    run: (now) => runLoyaltyPoints(db, now),
  })
  // Points past their expiry taken off the balances; hourly is on time enough.
  registry.register({
    name: 'loyalty-expiry',
    everyMs: HOUR_MS,
    run: (now) => runLoyaltyExpiry(db, now),
  })
  // A survey whose respondent weight changed: its weighted unit roll-up rebuilt, once.
  registry.register({
    name: 'rollup-rebuild',
    // A job asked for moments ago waits out the other instances' survey caches: look again then.
    run: async (now, signal) => {
      if ((await runRollupRebuildJobs(db, deps.features.name, now, signal)).waiting)
        deps.sweepAgain(REBUILD_SETTLE_MS)
    },
    backlog: () => rollupRebuildBacklog(db),
  })
  // The retention report's cohort cells: built after the upgrade, rebuilt on an organisation's
  // new time zone, 5,000 customers a transaction (the report counts from the transactions meanwhile).
  registry.register({
    name: 'cohort-cells',
    run: (now, signal) => runCohortCellRebuilds(db, now, signal),
  })
  return registry
}
