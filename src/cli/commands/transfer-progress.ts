import { Presets, SingleBar } from 'cli-progress'
import type { BackupProgress } from '../../db/backup.js'
import type { CliIo } from '../cli-io.js'

/** A progress bar on standard error (drawn on a terminal only) for backup and restore. */
export function progressBar(
  io: CliIo,
  label: string,
): { update: (progress: BackupProgress) => void; stop: () => void } {
  const bar = new SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} {step}`,
      hideCursor: true,
      stream: io.stderr,
    },
    Presets.shades_classic,
  )
  let started = false
  let stopped = false
  return {
    update: ({ step, done, total }) => {
      if (stopped) return
      if (!started) {
        bar.start(total, done, { step })
        started = true
      }
      bar.setTotal(total)
      bar.update(done, { step: step === 'pages' ? 'pages' : `rows (${step})` })
    },
    stop: () => {
      if (started && !stopped) bar.stop()
      stopped = true
    },
  }
}
