// The text domain's public face for analysing one text as it is stored (src/feedback): the
// organisation's text configuration and the analysis itself. The modules behind it stay inside
// the domain (.dependency-cruiser.cjs, rule domain-through-service).
export { analyzeText, type TextAnalysis } from './text-analysis.js'
export { loadTextConfig, type TextConfig } from './text-config.js'
