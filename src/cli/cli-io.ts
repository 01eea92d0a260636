/** Where a run of the command line writes and what it reads from its surroundings. */
export type CliOutput = NodeJS.WritableStream & {
  /** Progress bars draw only on a terminal. */
  readonly isTTY?: boolean
}

/**
 * Passed to every command explicitly instead of reaching for `process`, so a test can run the whole
 * program in its own process (see test-cli.ts) and read what it printed and its exit code.
 */
export interface CliIo {
  readonly stdout: CliOutput
  readonly stderr: CliOutput
  readonly env: NodeJS.ProcessEnv
  /** Set by a command that finished but must exit non-zero (an import with invalid rows). */
  exitCode: number
}

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, exitCode: 0 }
}

export function printLine(out: CliOutput, line: string): void {
  out.write(`${line}\n`)
}
