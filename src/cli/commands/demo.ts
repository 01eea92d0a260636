import type { Command } from 'commander'
import type { DemoResult } from '../../demo/demo.js'
import { printLine, type CliIo } from '../cli-io.js'
import { printLoginHint } from './login-hint.js'

export function registerDemoCommand(program: Command, io: CliIo): void {
  program
    .command('demo')
    .description('Load demo surveys with about 20,000 responses over 12 months (deterministic)')
    .option('--db <url>', 'database URL (default as for serve)')
    .option(
      '--org <id>',
      'organisation to load into (default: the first one; created when the database is empty)',
    )
    .option('--responses <n>', 'number of responses', (v) => Number.parseInt(v, 10), 20000)
    .option('--seed <n>', 'random seed', (v) => Number.parseInt(v, 10), 20261123)
    .action(async (options: { db?: string; org?: string; responses: number; seed: number }) => {
      // Loaded here, not at the top, so `manyi --help` does not load the domains.
      const [{ SingleBar, Presets }, { loadDemoData }, { openOrganisationScope, openStore }] =
        await Promise.all([
          import('cli-progress'),
          import('../../demo/demo.js'),
          import('../open-store.js'),
        ])
      const { config, store } = await openStore({ dbUrl: options.db }, io.env)
      try {
        const { scope, created } = await openOrganisationScope(store, config, options.org)
        const bar = new SingleBar(
          {
            format: 'demo data [{bar}] {percentage}% | {value}/{total} responses',
            hideCursor: true,
            stream: io.stderr,
          },
          Presets.shades_classic,
        )
        bar.start(options.responses, 0)
        const result = await loadDemoData(scope, {
          responses: options.responses,
          seed: options.seed,
          onProgress: (done) => bar.update(done),
        })
        bar.stop()
        for (const line of demoCountLines(result)) printLine(io.stdout, line)
        if (created) printLoginHint(config, created, (line) => printLine(io.stdout, line))
      } finally {
        await store.close()
      }
    })
}

/**
 * What the demo loaded: each customer survey's answers and link, then the two surveys whose
 * answers are counted apart from the customers' (demo.ts): the staff's anonymous internal survey
 * and the hall-visit survey (demo-hall-waits.ts; its link is given with a hall and a ticket as
 * hidden fields, so none is printed). In English and Chinese, as the first administrator's hint
 * is (login-hint.ts).
 */
export function demoCountLines(
  result: Pick<DemoResult, 'surveys' | 'internalResponses' | 'hallVisitResponses'>,
): string[] {
  const internal = result.internalResponses
  const hall = result.hallVisitResponses
  return [
    ...result.surveys.map((s) => `  ${s.title}: ${s.responses} responses, link /s/${s.slug}`),
    `  Internal satisfaction survey: ${internal} anonymous employee answers / 内部满意度调查：${internal} 份员工匿名答卷`,
    `  Hall visit survey: ${hall} answers on the past week's queue visits / 营业厅到访评价：${hall} 份答卷（近一周排队到访）`,
  ]
}
