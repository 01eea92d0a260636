import type { Command } from 'commander'

/** Options of every command that acts inside one organisation's data. */
export interface OrgCommandOptions {
  org?: string
  db?: string
  json?: boolean
}

export const withOrgOptions = (command: Command) =>
  command
    .option('--org <id>', 'organisation (default: the first one)')
    .option('--db <url>', 'database URL (default as for serve)')
    .option('--json', 'print JSON')
