import type { Table } from '../tabular/tabular.service.js'
import type { AnalyzeOptions } from './analysis-options.js'

export interface RunContext {
  /** Whether --model may name a file on this machine (the CLI) or must come inline (the API). */
  readModelFile?: (path: string) => Promise<string>
  /**
   * When the table is a survey's answers and the survey names a respondent-weight field
   * (settings.weightField): the table's column holding it (the field's own name for a hidden
   * field, `title [key]` for a slider question, as the export names them). Weighting by it, an
   * answer whose weight is missing or not a number > 0 is left out and counted, as the dashboard
   * headline and the league do, instead of refusing the survey for one bad link. `weightOf` reads a cell by the responses domain's rule
   * (a plain decimal number > 0, else null).
   */
  surveyWeights?: { field: string; weightOf: (cell: string) => number | null }
}

/** One method of `manyi analyze` and the analysis API: a table and the caller's options in, a result out. */
export type Runner = (
  table: Table,
  options: AnalyzeOptions,
  context: RunContext,
) => unknown | Promise<unknown>
