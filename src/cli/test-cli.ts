import { Writable } from 'node:stream'
import type { CliIo } from './cli-io.js'
import { runCli } from './main.js'

/** What one run of the command line printed, and its exit code. */
export interface CliRun {
  code: number
  stdout: string
  stderr: string
}

function collector(): { stream: Writable; text: () => string } {
  const chunks: string[] = []
  const stream = new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, done) {
      chunks.push(String(chunk))
      done()
    },
  })
  return { stream, text: () => chunks.join('') }
}

/**
 * Test-only: run `manyi …args` inside the test's own process — the same program (commander, the
 * commands, the error map and exit codes) as the built binary, without starting Node and loading
 * the code again for every call. `env` is all the command sees of the environment (nothing of the
 * test process's own MANYI_* variables leaks in). One spawned smoke test of the built binary
 * (cli.test.ts) covers the process entry itself.
 */
export async function runManyi(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<CliRun> {
  const stdout = collector()
  const stderr = collector()
  const io: CliIo = { stdout: stdout.stream, stderr: stderr.stream, env, exitCode: 0 }
  const code = await runCli(['node', 'manyi', ...args], io)
  return { code, stdout: stdout.text(), stderr: stderr.text() }
}
