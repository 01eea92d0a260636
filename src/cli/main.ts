import { Command, CommanderError } from 'commander'
import { errorBody, mapError } from '../shared/error-map.js'
import { AppError } from '../shared/errors.js'
import { registerAnalyzeCommand } from './commands/analyze.js'
import { registerDemoCommand } from './commands/demo.js'
import { registerMigrateCommand } from './commands/migrate.js'
import { registerResponseFileCommands } from './commands/response-files.js'
import { registerServeCommand } from './commands/serve.js'
import { registerTokenCommand } from './commands/token.js'
import { registerUserCommand } from './commands/user.js'

export function buildCli(): Command {
  const program = new Command('manyi')
    .description('Manyi (满意) — customer satisfaction management')
    .version('0.1.0')
    .exitOverride()
  registerServeCommand(program)
  registerMigrateCommand(program)
  registerDemoCommand(program)
  registerTokenCommand(program)
  registerUserCommand(program)
  registerAnalyzeCommand(program)
  registerResponseFileCommands(program)
  return program
}

/** Print an error once, as JSON when asked, and return its exit code from the error map. */
export function reportCliError(error: unknown, json: boolean): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2
  const body = errorBody(error)
  if (json) process.stdout.write(`${JSON.stringify(body)}\n`)
  else {
    process.stderr.write(`error ${body.error.code}: ${body.error.message}\n`)
    for (const d of body.error.details)
      process.stderr.write(
        `  ${d.path}: ${d.reason}${d.allowed ? ` (allowed: ${d.allowed})` : ''}\n`,
      )
    if (!(error instanceof AppError))
      process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`)
  }
  return mapError(error).exit
}

export async function runCli(argv: string[]): Promise<number> {
  try {
    await buildCli().parseAsync(argv)
    return 0
  } catch (error) {
    return reportCliError(error, argv.includes('--json'))
  }
}
