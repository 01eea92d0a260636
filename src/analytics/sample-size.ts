/**
 * Below this many answers a figure is flagged as low confidence: the usual
 * rule of thumb for when normal-approximation intervals start to be trusted.
 */
export const LOW_CONFIDENCE_N = 30
