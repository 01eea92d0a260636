import type { Runner } from './analysis-runner.js'
import { clv } from './clv-runner.js'
import { crosstab, postUse, valueBalance } from './crosstab-runner.js'
import { drivers, ipa } from './driver-runners.js'
import { kano } from './kano-runner.js'
import { csi, plspm } from './model-runners.js'
import { alpha, servqual } from './scale-runners.js'
import { ces, csat, csm, nps } from './score-runners.js'
import { spc } from './spc-runner.js'

export type { RunContext, Runner } from './analysis-runner.js'

/** The methods of `manyi analyze` and the analysis API, by name (docs/cli.md). */
export const ANALYZE_METHODS: Readonly<Record<string, Runner>> = {
  nps,
  csat,
  ces,
  csm,
  csi,
  kano,
  servqual,
  ipa,
  drivers,
  plspm,
  alpha,
  spc,
  crosstab,
  'value-balance': valueBalance,
  'post-use': postUse,
  clv,
}

/**
 * The runner of a method named by the caller, or undefined. An own-property
 * check, because a plain lookup finds `constructor`, `toString` or `__proto__`
 * on Object.prototype and would call them as if they were analyses.
 */
export function analysisRunner(method: string): Runner | undefined {
  return Object.hasOwn(ANALYZE_METHODS, method) ? ANALYZE_METHODS[method] : undefined
}
