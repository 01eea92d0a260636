import type { FastifyBaseLogger } from 'fastify'
import type { DestinationStream } from 'pino'
import type { CaseConfig } from '../cases/case-config.js'
import { configuredBaseUrl, type Config } from '../config.js'
import type { Store } from '../db/connect.js'
import { configuredChannels } from '../distribution/invitation-channels.js'
import type { InvitationChannels } from '../distribution/invitation-delivery.js'
import { backupFiles } from '../jobs/backup-expiry.js'
import { JobRunner } from '../jobs/job-runner.js'
import {
  configuredKeyring,
  type Keyring,
  storeWithDataKeys,
} from '../personal-data/data-keys.service.js'
import { sweepJobs } from '../jobs/sweep-jobs.js'
import { LiveImportJobs } from '../responses/import-job.service.js'
import { LiveTransactionImports } from '../customers/transaction-import-job.service.js'
import { surveyAnswerCount } from '../responses/response-counts.service.js'
import { ResponseWriter } from '../responses/response-writer.js'
import { TtlCache } from '../shared/ttl-cache.js'
import { appLogger } from './app-logger.js'
import type { WakeJobs } from '../shared/wake-jobs.js'
import { OpenSurveyCache } from '../surveys/open-survey-cache.js'
import type { LinkSecretCache } from '../surveys/signed-link.js'
import type { TextConfig } from '../text/text-config.js'
import type { UnitCodeCache } from '../responses/answer-path.js'

// The composition root: everything the app keeps for its lifetime (store, clock, configuration,
// logger, caches, the response writer, the background jobs and the way to wake them) is created
// here, once per app, and handed explicitly to what uses it. No module keeps state of its own, so
// two apps in one process (tests, a second instance on another database) share nothing.
// A module of its own, not part of app.ts, so routes and plugins can name AppDeps without
// importing the app that imports them.

/** What a caller (the server start, a test, a benchmark) builds an app from. */
export interface AppInputs {
  store: Store
  config: Config
  clock: () => number
  /** Where invitations and case replies go out; the configured SMTP server and webhooks when not given. */
  channels?: InvitationChannels
  /** Where log lines go; standard output when not given (tests read them from here). */
  logDestination?: DestinationStream
  /** The keyring sealing personal data; the configured one (MANYI_DATA_KEYS or key file) when not given. */
  dataKeys?: Keyring
}

/** Caches of data that changes rarely and is read on hot paths; each says how stale it may be. */
export interface AppCaches {
  /** Public links' surveys and quota counts (2 s). */
  openSurveys: OpenSurveyCache
  /** Organisations' case configuration (5 s), by organisation id. */
  caseConfigs: TtlCache<string, CaseConfig>
  /** Organisations' text settings (30 s), by organisation id. */
  textConfigs: TtlCache<string, TextConfig>
  /** Organisations' link secrets (never stale: a secret does not change), by organisation id. */
  linkSecrets: LinkSecretCache
  /** Unit ids by organisation and unit code ('' = no such unit) for answers' unit links (30 s). */
  unitCodes: UnitCodeCache
}

/** The app's dependencies, wired by composeApp. */
export interface AppDeps {
  readonly store: Store
  readonly config: Config
  readonly clock: () => number
  /** The app's logger (Fastify's request logs, the jobs' lines). */
  readonly log: FastifyBaseLogger
  readonly channels: InvitationChannels
  /** The public address links point to. */
  readonly baseUrl: string
  readonly caches: AppCaches
  /** Batches answers into few transactions; one per app, shared by every answer path. */
  readonly responseWriter: ResponseWriter
  /** The named background jobs (src/jobs/sweep-jobs.ts), their runner and health. */
  readonly jobs: JobRunner
  /** Asks the jobs to run soon; handed to the services that leave work for them. */
  readonly wakeJobs: WakeJobs
  /** Response imports this app is running, with their live progress (import-job.service.ts). */
  readonly importJobs: LiveImportJobs
  /** Transaction imports this app is running, with their live progress (transaction-import-job.service.ts). */
  readonly transactionImports: LiveTransactionImports
}

/** Organisations whose configurations a cache keeps at most (the least recently used goes). */
const MAX_ORGANISATIONS = 1_000

export function composeApp(inputs: AppInputs): AppDeps {
  const { config, clock } = inputs
  // Every store handle the app hands on carries the keyring, so repositories seal and open personal fields.
  const store = storeWithDataKeys(
    inputs.store,
    inputs.dataKeys ?? configuredKeyring(config.dbUrl, clock()).keyring,
  )
  const log = appLogger(config, inputs.logDestination)
  const channels = inputs.channels ?? configuredChannels(config)
  const baseUrl = configuredBaseUrl(config)
  // The intake asks for the next slice of a backlog through the runner made from these jobs.
  let runner: JobRunner | null = null
  const registry = sweepJobs({
    db: store.db,
    features: store.features,
    channels,
    baseUrl,
    sweepAgain: (delayMs) => runner?.kick(delayMs),
    testSweepPauseMs: config.testSweepPauseMs,
    caseHorizonDays: config.caseHorizonDays,
    uploadGraceHours: config.uploadGraceHours,
    ...(config.backupDir ? { backup: backupFiles(config.backupDir, config.dbUrl) } : {}),
    outbound: { allowedHosts: config.webhookAllowedHosts },
  })
  runner = new JobRunner(registry, clock, log)
  const jobs = runner
  return {
    store,
    config,
    clock,
    log,
    channels,
    baseUrl,
    caches: {
      openSurveys: new OpenSurveyCache(store.db, clock, (surveyId) =>
        surveyAnswerCount(store.db, surveyId),
      ),
      caseConfigs: new TtlCache({ ttlMs: 5_000, max: MAX_ORGANISATIONS, clock }),
      textConfigs: new TtlCache({ ttlMs: 30_000, max: MAX_ORGANISATIONS, clock }),
      // An hour only so an unused organisation's secret leaves memory; it would still be right.
      linkSecrets: new TtlCache({ ttlMs: 3_600_000, max: MAX_ORGANISATIONS, clock }),
      unitCodes: new TtlCache({ ttlMs: 30_000, max: 100_000, clock }),
    },
    responseWriter: new ResponseWriter(store),
    jobs,
    wakeJobs: () => jobs.kick(),
    importJobs: new LiveImportJobs(),
    transactionImports: new LiveTransactionImports(),
  }
}

/** Composed dependencies as they are, or those composed from a caller's inputs. */
export function composed(deps: AppDeps | AppInputs): AppDeps {
  return 'wakeJobs' in deps ? deps : composeApp(deps)
}
