/**
 * Asks the background jobs to run soon: a service that leaves work for a job (an answer for the
 * intake, invitations to send, a reply to deliver, texts to analyse again) calls it once that work
 * is stored. Calls within a second cost one sweep. Wired once at startup (src/server/deps.ts) to
 * the app's job runner and handed to the services that need it; `noWakeJobs` where no jobs run
 * in this process (a command-line run, a service test) — the next scheduled sweep then does the work.
 */
export type WakeJobs = () => void

export const noWakeJobs: WakeJobs = () => {}
