import type { Config } from '../config.js'
import type { Store } from '../db/connect.js'
import type { InvitationChannels } from '../distribution/invitation-delivery.js'
import type { JobRunner } from '../jobs/job-runner.js'

// What the app is built from. A module of its own, not part of app.ts, so routes and plugins can
// name it without importing the app that imports them (an import cycle per route).

export interface AppDeps {
  store: Store
  config: Config
  clock: () => number
  /** Background tasks; built from the configuration when not given. */
  jobs?: JobRunner
  /** Where invitations go out; the configured SMTP server and webhooks when not given. */
  channels?: InvitationChannels
}

/** The runner of the distribution jobs for these dependencies (created by buildApp). */
export function jobsOf(deps: AppDeps): JobRunner {
  if (!deps.jobs) throw new Error('buildApp creates the job runner')
  return deps.jobs
}
