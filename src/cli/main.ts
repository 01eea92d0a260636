import { Command, CommanderError } from 'commander'
import { errorBody, mapError } from '../shared/error-map.js'
import { AppError } from '../shared/errors.js'
import { type CliIo, printLine, processIo } from './cli-io.js'
import { registerAnalyzeCommand } from './commands/analyze.js'
import { registerBackupCommand } from './commands/backup.js'
import { registerAuditCommand } from './commands/audit.js'
import { registerDemoCommand } from './commands/demo.js'
import { registerKeysCommand } from './commands/keys.js'
import { registerMigrateCommand } from './commands/migrate.js'
import { registerOrgCommand } from './commands/org.js'
import { registerResponseFileCommands } from './commands/response-files.js'
import { registerRestoreCommand } from './commands/restore.js'
import { registerServeCommand } from './commands/serve.js'
import { registerTokenCommand } from './commands/token.js'
import { registerUserCommand } from './commands/user.js'
import { registerUnitsCommand } from './commands/units.js'

export function buildCli(io: CliIo): Command {
  const program = new Command('manyi')
    .description('Manyi (满意) — customer satisfaction management')
    .version('0.1.0')
    .exitOverride()
    // Before the commands are added: each subcommand copies these settings when it is made.
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
  registerServeCommand(program)
  registerMigrateCommand(program, io)
  registerBackupCommand(program, io)
  registerRestoreCommand(program, io)
  registerDemoCommand(program, io)
  registerTokenCommand(program, io)
  registerUserCommand(program, io)
  registerOrgCommand(program, io)
  registerAnalyzeCommand(program, io)
  registerResponseFileCommands(program, io)
  registerAuditCommand(program, io)
  registerKeysCommand(program, io)
  registerUnitsCommand(program, io)
  return program
}

/** Print an error once, as JSON when asked, and return its exit code from the error map. */
export function reportCliError(error: unknown, json: boolean, io: CliIo): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2
  const body = errorBody(error)
  if (json) printLine(io.stdout, JSON.stringify(body))
  else {
    printLine(io.stderr, `error ${body.error.code}: ${body.error.message}`)
    for (const d of body.error.details)
      printLine(io.stderr, `  ${d.path}: ${d.reason}${d.allowed ? ` (allowed: ${d.allowed})` : ''}`)
    if (!(error instanceof AppError)) printLine(io.stderr, (error as Error)?.stack ?? String(error))
  }
  return mapError(error).exit
}

/**
 * Run the program on `argv` (as process.argv: node, script, arguments…) and return its exit code.
 * The process entry (bin.ts) passes the real process; tests pass their own io (test-cli.ts).
 */
export async function runCli(argv: string[], io: CliIo = processIo()): Promise<number> {
  try {
    await buildCli(io).parseAsync(argv)
    return io.exitCode
  } catch (error) {
    return reportCliError(error, argv.includes('--json'), io)
  }
}
