import type { Table } from '../tabular/tabular.service.js'
import type { AnalyzeOptions } from './analysis-options.js'

export interface RunContext {
  /** Whether --model may name a file on this machine (the CLI) or must come inline (the API). */
  readModelFile?: (path: string) => Promise<string>
}

/** One method of `manyi analyze` and the analysis API: a table and the caller's options in, a result out. */
export type Runner = (
  table: Table,
  options: AnalyzeOptions,
  context: RunContext,
) => unknown | Promise<unknown>
