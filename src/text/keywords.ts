import { normalizeForAnalysis } from './normalize-text.js'
import { segment } from './segmenter.js'
import { NO_USER_WORDS, type UserWords } from './user-words.js'

/** Words that carry no topic of their own. */
const STOP = new Set(
  `的 了 是 在 我 你 他 她 它 们 我们 你们 他们 这 那 这个 那个 一个 就 都 也 还 又 和 与 及 或 但 但是 而 而且 所以 因为 如果 虽然 不过 可是 很 太 非常 特别 比较 有 没 没有 不 会 能 要 想 让 把 被 给 对 从 到 去 来 上 下 里 中 说 啊 吧 呢 吗 哦 嗯 呀 啦 么 什么 怎么 为什么 还是 已经 一直 一下 一些 一点 现在 今天 昨天 时候 时间 真的 感觉 觉得 就是 然后 次 个 件 位 元 块 号 月 日 年 天 点 分 多 少 好 大 小
  the and for are but not you your with this that was were have has had its it's they them their our out from just very really too also than then when what which who will would could should can cannot into about there here been being did does done get got one two three all any some more most much many such only own same other again after before over under while because each few both off once`.split(
    /\s+/,
  ),
)

/** Function words and fillers that jieba keeps as words but that name nothing customers talk about. */
const FILLERS = new Set(
  `一般 其他 其它 有点 有些 还要 还有 还来 还好 不到 只是 总是 每次 一起 以后 之前 之后 以前 希望 需要 可能 应该 可以 已 再 再来 本来 终于 居然 竟然 其实 而已 一样 别的 东西 事情 情况 地方 自己 出来 起来 回来 有时候 时候 这样 那样 怎样 太多`.split(
    /\s+/,
  ),
)

/** A count with its measure word: 三次, 几个, 两句, 好几趟, 十分钟, 下次. */
const COUNTED =
  /^[一二三四五六七八九十百千万两几好半多数每上下这那头0-9]+[次个趟遍句天年月日周号位件回点分钟秒条块张元家种些样步]+$/

/** Degree words before an adjective (很满意, 太慢): the adjective is the keyword. */
const DEGREE = /^(?:很|太|挺|真|蛮|超|非常|特别|比较|十分|相当)/

/** The word a keyword cloud shows for a token, or null when it names nothing (pure: tokens are lower-cased). */
export function keywordOf(token: string): string | null {
  const word = /^[\u3400-\u9fff]+$/.test(token) ? token.replace(DEGREE, '') : token
  if (STOP.has(word) || FILLERS.has(word) || COUNTED.test(word)) return null
  if (/^[\u3400-\u9fff]+$/.test(word)) return word.length >= 2 ? word : null
  return /^[a-z][a-z'-]{2,}$/.test(word) ? word : null
}

/** The keywords of one text, each once. */
export function keywordsOf(text: string, userWords: UserWords = NO_USER_WORDS): string[] {
  return [
    ...new Set(
      segment(normalizeForAnalysis(text).text, userWords).flatMap(
        (t) => keywordOf(t.toLowerCase()) ?? [],
      ),
    ),
  ]
}

/** Keyword → in how many texts it appears (the weight of a word cloud), most frequent first. */
export function keywordFrequencies(
  texts: readonly string[],
  top = 80,
  userWords: UserWords = NO_USER_WORDS,
): Array<{ word: string; count: number }> {
  const counts = new Map<string, number>()
  for (const text of texts)
    for (const word of keywordsOf(text, userWords)) counts.set(word, (counts.get(word) ?? 0) + 1)
  return [...counts]
    .map(([word, count]) => ({ word, count }))
    .sort((a, b) => b.count - a.count || a.word.localeCompare(b.word))
    .slice(0, top)
}

/**
 * Comments no topic matched, grouped for review by their most shared
 * keyword: each comment joins the cluster of its keyword that the most other
 * unmatched comments also use.
 */
export function clusterUnmatched(
  texts: readonly string[],
  minSize = 2,
  maxClusters = 20,
  userWords: UserWords = NO_USER_WORDS,
): Array<{ keyword: string; count: number; examples: string[] }> {
  const words = texts.map((text) => keywordsOf(text, userWords))
  const df = new Map<string, number>()
  for (const ws of words) for (const w of ws) df.set(w, (df.get(w) ?? 0) + 1)
  const clusters = new Map<string, string[]>()
  words.forEach((ws, i) => {
    const best = ws
      .filter((w) => (df.get(w) ?? 0) >= minSize)
      .sort((a, b) => df.get(b)! - df.get(a)! || a.localeCompare(b))[0]
    if (best) clusters.set(best, [...(clusters.get(best) ?? []), texts[i]!])
  })
  return [...clusters]
    .filter(([, members]) => members.length >= minSize)
    .map(([keyword, members]) => ({
      keyword,
      count: members.length,
      examples: members.slice(0, 3).map((t) => (t.length > 120 ? `${t.slice(0, 120)}…` : t)),
    }))
    .sort((a, b) => b.count - a.count || a.keyword.localeCompare(b.keyword))
    .slice(0, maxClusters)
}
