/** The model, options and result of PLS path modelling (pls-path-model.ts). */

export type InnerScheme = 'path' | 'centroid' | 'factorial'

export interface PlsModel {
  /** Construct → its indicator columns. */
  constructs: Record<string, readonly string[]>
  paths: ReadonlyArray<{ from: string; to: string }>
  /**
   * Each construct's outer mode: "A" (reflective, correlation weights; the default) or "B"
   * (formative, regression weights: w_j ∝ R_jj⁻¹·cov(x_j, Z_j); Lohmöller 1989, §2.3).
   */
  modes?: Record<string, 'A' | 'B'>
}

export interface PlsOptions {
  scheme?: InnerScheme
  tolerance?: number
  maxIterations?: number
  /** Lowest and highest possible answer, for the 0–100 indices (default 1–10). */
  scale?: { min: number; max: number }
  bootstrap?: { samples: number; seed?: number }
  /** Leave out the 0–100 indices and the assessments (bootstrap resamples need only the paths). */
  withoutIndices?: boolean
  /** Consistent PLS (PLSc, Dijkstra & Henseler 2015): correct paths and loadings for measurement error. */
  consistent?: boolean
  /**
   * Respondent weights (one per row, ≥ 0): the indicators' means and correlations are weighted
   * (weighted PLS: the moments of weighted least squares, weighted-moments.ts), so every estimate
   * built on them — weights, loadings, paths, R², indices — is weighted; the bootstrap resamples
   * respondents with their weights.
   */
  weights?: readonly number[]
}

export interface PlsResult {
  scheme: InnerScheme
  /** Whether paths, loadings and R² are PLSc's (corrected for measurement error). */
  consistent: boolean
  n: number
  iterations: number
  converged: boolean
  outerWeights: Array<{ construct: string; indicator: string; value: number }>
  loadings: Array<{ construct: string; indicator: string; value: number }>
  paths: Array<{
    from: string
    to: string
    coefficient: number
    /** With bootstrap: percentile 95% interval, bootstrap SE, t = coefficient/SE, two-sided p. */
    ci95?: [number, number]
    /** With bootstrap: the BCa 95% interval (null when undefined, bca-interval.ts). */
    bca95?: [number, number] | null
    se?: number
    t?: number
    pValue?: number
  }>
  /**
   * With bootstrap: resamples asked for and used (degenerate resamples are skipped), and the
   * bootstrap of every other estimate — outer weights, loadings, indirect and total effects, R².
   */
  bootstrap?: {
    samples: number
    used: number
    estimates?: BootstrapEstimate[]
  }
  rSquared: Record<string, number>
  totalEffects: Array<{ from: string; to: string; direct: number; indirect: number; total: number }>
  reliability: Record<
    string,
    {
      items: number
      ave: number
      compositeReliability: number
      alpha: number | null
      standardizedAlpha: number | null
      /**
       * Dijkstra–Henseler ρ_A (1 for a one-indicator block); null when only one indicator of the
       * block has a weight other than 0, where its formula is 0/0.
       */
      rhoA?: number | null
    }
  >
  /** Tenenhaus's GoF; null when no block has two or more indicators. */
  gof: number | null
  /** Fornell 0–100 index per construct, from the unstandardized normalized weights. */
  indices: Record<string, number>
  /** Heterotrait–monotrait ratio of each pair of constructs (Henseler et al. 2015). */
  htmt?: Array<{ a: string; b: string; value: number }>
  /** Fornell–Larcker criterion per construct: √AVE against its highest correlation with another. */
  fornellLarcker?: Array<{
    construct: string
    sqrtAve: number
    maxCorrelation: number
    violated: boolean
  }>
  /** Each indicator's correlation with every construct's score (its own: the loading). */
  crossLoadings?: Array<Record<string, string | number>>
  /** Standardized root mean square residual of the indicator correlations (Henseler et al. 2014). */
  srmr?: number
  /** Cohen's f² of each path: R² lost without it, over 1 − R² (null when R² = 1). */
  fSquared?: Array<{ from: string; to: string; value: number | null }>
  /** Construct scores per respondent, mean 0 and sd 1 (n − 1). */
  scores: Record<string, number[]>
}

/** One estimate's bootstrap: SE, t, p (Student t, n − 1 df), percentile and BCa 95% intervals. */
export interface BootstrapEstimate {
  /** "path", "weight", "loading", "indirect", "total" or "rSquared". */
  kind: 'path' | 'weight' | 'loading' | 'indirect' | 'total' | 'rSquared'
  /** path/indirect/total: "From → To"; weight/loading: "Construct: indicator"; rSquared: the construct. */
  name: string
  estimate: number
  se: number | null
  t: number | null
  pValue: number | null
  percentile95: [number, number] | null
  bca95: [number, number] | null
}
