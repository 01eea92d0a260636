/** The colour of each sentiment in charts and tags. */
export const SENTIMENT_COLOR: Record<string, string> = {
  positive: '#389e0d',
  neutral: '#8c8c8c',
  negative: '#cf1322',
}
