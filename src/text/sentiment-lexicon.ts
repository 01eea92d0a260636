/**
 * Manyi's own sentiment lexicon for customer feedback, Chinese and English:
 * polarity words with weights (1 mild, 2 strong), negators, degree adverbs
 * with their multipliers, contrast connectives, and emoji. Written for the
 * service domain (staff, waiting, quality, price, delivery, billing, repair)
 * rather than any one industry. Rules follow the usual lexicon approach
 * (Taboada et al. 2011, "Lexicon-based methods for sentiment analysis";
 * for Chinese, HowNet-style degree and negation handling).
 */

const words = (weight: number, list: string) =>
  list
    .trim()
    .split(/\s+/)
    .map((w) => [w, weight] as const)

export const ZH_POSITIVE = new Map<string, number>([
  ...words(
    1,
    `好 不错 满意 方便 快 及时 干净 整洁 舒服 舒适 热情 耐心 礼貌 周到 贴心 细心 专业 熟练 准时 迅速 高效 顺利 顺畅 清楚 清晰 明白 透明 合理 实惠 划算 便宜 优惠 新鲜 美味 好吃 可口 稳定 流畅 简洁 简单 省心 放心 安心 靠谱 值得 值 喜欢 推荐 感谢 谢谢 辛苦 认真 负责 主动 用心 诚意 热心 友好 和气 客气 规范 正规 完好 完整 齐全 到位 给力 点赞 赞 好评 好用 耐用 结实 精致 精细 漂亮 好看 暖心 温馨 安静 宽敞 明亮 便捷 快捷 快速 及早 准确 精准 可靠 信赖 放心 温暖 惊喜 开心 高兴 愉快 优质 优秀 一流 完美 超值 物美价廉 性价比高 解决 改善 改进 提升 好转 恢复 重视 尊重 理解 体贴 周全 公道 诚信 守时 清爽 提速`,
  ),
  ...words(
    2,
    `非常满意 很满意 特别好 太好了 超赞 棒 很棒 真棒 优秀 完美 极好 出色 赞一个 强烈推荐 无可挑剔 满分 一流 超出预期 物超所值 专业 惊艳 值得信赖 放心 暖心`,
  ),
])

export const ZH_NEGATIVE = new Map<string, number>([
  ...words(
    1,
    `差 慢 贵 脏 乱 挤 吵 冷 凉 凶 烦 难 累 坏 破 旧 臭 少 久 晚 迟 错 假 低 弱 卡 麻烦 失望 不满 不满意 投诉 敷衍 推诿 推脱 冷漠 冷淡 傲慢 粗鲁 恶劣 拖拉 拖延 拖 拖沓 延误 耽误 迟到 缓慢 漫长 繁琐 复杂 混乱 糟糕 难用 难吃 难闻 异味 破损 损坏 瑕疵 粗糙 抓狂 压扁 暴力 丢 怀疑 绕来绕去 一般 等了 等待 漏 坏掉 又坏 起球 掉色 色差 漏水 故障 闪退 崩溃 卡顿 占线 打不通 断网 停电 跳闸 欠费 乱收费 多收 重复扣款 扣错 虚高 不值 坑 坑人 骗 骗人 欺骗 套路 隐形 不耐烦 不专业 不负责 不靠谱 不合理 不清楚 不透明 不方便 不新鲜 不干净 不准时 不及时 无语 郁闷 生气 愤怒 气人 着急 焦虑 后悔 担心 抱怨 刁难 甩锅 踢皮球 石沉大海 没人管 没人理 没有回复 不理 爱理不理 一问三不知 丢件 丢失 少件 发霉 变质 过期 烂 脏乱 污渍 油腻 噪音 拥挤 排长队 等太久 太久 太慢 太贵 太差 莫名其妙 乱七八糟 一塌糊涂 不像话 不敢恭维 浪费 白花钱 亏 吃亏 倒闭 垃圾 恶心 差劲 差评 退货 退款难 糟心 心累 闹心 陈旧 老旧 简陋 嘈杂 吵闹 偏远 偏贵 偏小 很小 太小 狭小 冷冰冰 过份 过分 不怎么样 一般般 不如 受不了`,
  ),
  ...words(
    2,
    `极差 太差 很差 非常差 非常不满意 很不满意 特别差 差评 垃圾 恶劣 态度恶劣 骗子 欺诈 再也不 千万别 千万不要 强烈不推荐 最差 恶心 愤怒 气死 坑爹 无良 黑心`,
  ),
])

/**
 * Service actions a customer expects; negated ("还没到", "没人来", "一直没回复")
 * they describe a failure even without an opinion word, the commonest shape
 * of a complaint.
 */
export const ZH_EXPECTED_ACTIONS = new Set(
  words(
    1,
    `到 到货 到账 送 送到 送达 来 上门 修 修好 回 回复 回电 回音 解决 联系 处理 理 理人 接 接通 通 打通 装 装好 安装 更新 退 退回 退款 轮到 通知 提醒 兑现 收到 寄到 派送 发货 答复 管 受理 登录 打开 恢复 开 办 办好 办成`,
  ).map(([w]) => w),
)

export const EN_EXPECTED_ACTIONS = new Set(
  words(
    1,
    `arrive arrived arrives come came show showed shown turn turned reply replied respond responded call called callback fix fixed solve solved resolve resolved update updated updates deliver delivered explain explained refund refunded contact contacted answer answered seen sort sorted work worked load loads install installed keep kept`,
  ).map(([w]) => w),
)

/** Multiply the polarity of what follows within a few words. */
export const ZH_DEGREE = new Map<string, number>([
  ...words(2, '极 极其 极度 极为 超级 超 特别 非常 十分 万分 太 最 相当 巨 贼 忒 格外 分外'),
  ...words(1.5, '很 挺 真 真的 好 蛮 够 实在 确实 那么 这么 如此 越来越 更 更加 还要 尤其'),
  ...words(0.6, '有点 有些 稍微 略 略微 稍 一点 一些 比较 较 还算 还 还行 凑合'),
])

export const ZH_NEGATORS = new Set(
  words(
    1,
    '不 没 没有 无 非 未 别 莫 勿 毫无 毫不 并不 并没有 从不 从没 从未 绝不 决不 不是 不太 不够 不怎么 不算 不会 不让 谈不上 算不上 一点也不 一点都不 根本不 根本没',
  ).map(([w]) => w),
)

/** The clause after these carries the writer's verdict; the one before is discounted. */
export const ZH_CONTRAST = new Set([
  '但是',
  '但',
  '不过',
  '可是',
  '然而',
  '却',
  '只是',
  '可惜',
  '就是',
])

export const EN_POSITIVE = new Map<string, number>([
  ...words(
    1,
    `good nice great fine fast quick quickly prompt prompt timely clean tidy comfortable friendly polite courteous patient helpful kind warm attentive considerate thoughtful careful professional knowledgeable skilled efficient smooth smoothly easy easily simple clear clearly transparent fair reasonable cheap affordable fresh tasty delicious stable reliable convenient quiet spacious bright accurate trustworthy safe happy glad pleased satisfied love loved like liked recommend recommended thanks thank appreciate appreciated grateful worth value bargain solved resolved fixed improved restored welcoming cheerful pleasant generous honest punctual proactive valued responsive intact perfect perfectly`,
  ),
  ...words(
    2,
    `excellent amazing awesome fantastic brilliant superb outstanding wonderful impressive impressed perfect flawless delighted superb best spotless exceeded top-notch superb lovely`,
  ),
])

export const EN_NEGATIVE = new Map<string, number>([
  ...words(
    1,
    `bad poor slow late delayed delay cold dirty filthy greasy messy crowded cramped noisy rude impatient unhelpful unfriendly cold grumpy pushy aggressive careless sloppy slow expensive overpriced pricey broken broke faulty damaged defective crushed smashed missing lost stolen wrong error errors crash crashes crashing fail fails failed failing drop drops dropped confusing complicated difficult hard hassle problem problems issue issues complaint complained complain disappointed disappointing disappointment unhappy dissatisfied annoyed angry frustrated frustrating waste wasted ignored ignore ignoring unreliable unfair mediocre bland useless clueless excuses stalling shoddy flimsy rotted rotten spoiled smelled smell nasty overcharged overcharge hidden tricks worse wrongly regret unacceptable ridiculous insult contradicted mishandled cut busy nowhere nobody ill suspiciously wiped frozen blamed blame dumped stuck mess impossible harder waited queued paperwork lousy unanswered overdue`,
  ),
  ...words(
    2,
    `terrible awful horrible worst dreadful appalling disgusting rubbish garbage nightmare miserable fraud pathetic atrocious nasty`,
  ),
])

export const EN_DEGREE = new Map<string, number>([
  ...words(2, 'extremely incredibly super totally absolutely utterly unbelievably painfully far'),
  ...words(1.5, 'very really so too quite truly highly especially much more definitely'),
  ...words(0.6, 'slightly somewhat bit little fairly rather pretty'),
])

export const EN_NEGATORS = new Set([
  'not',
  'no',
  'never',
  'nothing',
  'nobody',
  'none',
  'neither',
  'nor',
  'hardly',
  'barely',
  'without',
  'cannot',
  "can't",
  "won't",
  "don't",
  "doesn't",
  "didn't",
  "isn't",
  "wasn't",
  "aren't",
  "weren't",
  "couldn't",
  "wouldn't",
  "shouldn't",
  "hasn't",
  "haven't",
])

export const EN_CONTRAST = new Set(['but', 'however', 'though', 'yet', 'although', 'except'])

/** Idioms whose words alone would mislead (a negator that praises). */
export const EN_IDIOMS: Array<[RegExp, number]> = [
  [/\b(could ?n[o']t|can ?n[o']t|cannot) (have been |be )?(more helpful|better|happier|fault)/i, 2],
  [/\b(could ?n[o']t|can ?n[o']t) (have been |be )?less helpful/i, -2],
  [/\bcan(no|'|)t recommend (them |it |this )?(enough|highly enough)/i, 2],
  [
    /\bwould not recommend|wouldn't recommend|can(no|'|)t recommend|do not recommend|don't recommend/i,
    -2,
  ],
  // Litotes: "not bad (at all)" praises, though both its words lean negative.
  [/\bnot (too |that |so |half )?bad\b/i, 1.5],
  [/\b(do|did|does|would|will|wo)(n't| not) regret\b|\bnever regret(ted)?\b|\bno regrets\b/i, 1.5],
  [/\bthumbs? up\b/i, 1.5],
  [/\bthumbs? down\b/i, -1.5],
  [/\bnever again\b|\bnever coming back\b|\bwon't buy again\b/i, -2],
  [
    /\bno (issues|problems|complaints|hassle|fuss|hidden)\b|\bwithout (any )?(fuss|hassle|problems?|issues?)\b|\bhassle[- ]free\b|\bnothing to complain\b/i,
    1.5,
  ],
  [
    /\b(did ?n[o']t|never|not) (pass the buck|brush(ed)? me off|fob(bed)? me off|let me down)\b/i,
    3,
  ],
  [
    /\blet (me )?down\b|\bcould(n't| not) be bothered\b|\bfor no reason\b|\bwithout (any )?(explanation|notice|warning|reminder)\b|\bstill (no|not|hasn't|haven't|isn't|wasn't)\b/i,
    -1.5,
  ],
  [
    /\bwell done\b|\bspot on\b|\bgo(es|ne)? above and beyond\b|\bworks like a charm\b|\bin and out\b/i,
    1.5,
  ],
  [
    /\bwaste of (money|time)\b|\bbare minimum\b|\bblack hole\b|\bgoes in circles\b|\bfob(bed)? (me )?off\b|\bbrush(ed)? (me )?off\b|\bpass(ing)? (me|the buck)\b/i,
    -1.5,
  ],
]

/**
 * Sarcasm cues: praise words said of a failure ("thanks for nothing", "great, another delay").
 * Each outweighs the praise word it contains.
 */
export const EN_SARCASM: Array<[RegExp, number]> = [
  [
    /\bthanks? (you )?for nothing\b|\bthanks a lot\b.{0,40}\b(not|never|no|nothing|ruin|lost|late|delay|cancel)/i,
    -3,
  ],
  [
    /\b(oh|just|yeah,?|wow,?) (great|perfect|wonderful|fantastic|brilliant|lovely|awesome)\b/i,
    -2.5,
  ],
  [
    /\b(great|fantastic|brilliant|awesome|lovely|wonderful|love|loving|nice)\b( (job|work|service))?,? (how|that|when|another|again|yet another)\b.{0,60}\b(cancel\w*|delay\w*|lost|late|wait\w*|hold|hours?|never|no|not|again|broken|down)\b/i,
    -3,
  ],
  [
    /\byeah,? right\b|\bas if\b|\bsaid no one\b|\bwhat a (joke|surprise|shock)\b|\bcheers for (nothing|that)\b|\bso much for\b/i,
    -2,
  ],
  [/\b(NOT)\s*[.!]*\s*$/, -2],
  // The mirror of the cue above: the failure first, then the praise word ("late flight again,
  // awesome", "delayed again. Great.").
  [
    /\b(cancel\w*|delay\w*|lost|late|stuck|broken|down|on hold)\b.{0,40}\bagain\b[\s,.!]*(great|awesome|perfect|fantastic|brilliant|lovely|wonderful|nice|love it|thanks)\b/i,
    -3,
  ],
]

/**
 * Complaint patterns of service feedback with no opinion word of their own (waiting, on hold,
 * a refund not received, a cancellation).
 */
export const EN_COMPLAINTS: Array<[RegExp, number]> = [
  [
    /\bstill (waiting|no|not|nothing|haven'?t|hasn'?t|have not|has not|can'?t|cannot|unable|stuck|on hold)\b/i,
    -1.5,
  ],
  [/\b(been |was |were |kept |put |left )?on hold\b|\bhold music\b/i, -1.5],
  [
    /\bwait(ed|ing)? (for )?(over |almost |nearly |more than |about )?(an? |\d+ |two |three |four |five |six |several |many )?(hours?|days?|weeks?|months?|ages|forever)\b/i,
    -1.5,
  ],
  [
    /\b(where('?s| is) my|yet to (receive|get|hear)|never (received|got|arrived|came|heard)|(have|has)(n'?t| not) (received|arrived|heard))\b/i,
    -1.5,
  ],
  [
    /\b(no|without|waiting for|waiting on|chasing|still no) (a |my |the |any )?(refund|reply|response|answer|update|call ?back|compensation|explanation|information|info)\b/i,
    -1.5,
  ],
  [
    /\b(cancel+ed|cancel+ing|cancel+ation|delayed|diverted|overbooked|bumped|stranded|missed (my|our|the) (connection|flight|train))\b/i,
    -1.2,
  ],
  [
    /\b(lost|missing|damaged|delayed) (my |our |the )?(bags?|luggage|baggage|suitcases?|parcel|package|order)\b/i,
    -1.5,
  ],
  [
    /\b(charged|billed) (me )?(twice|double|again|wrongly)\b|\bdouble[- ]charged\b|\bovercharg\w*/i,
    -1.5,
  ],
  [
    /\b(how hard is it|why (is|does|do|can'?t|won'?t|didn'?t)|what('?s| is) the point|is this a joke|how (long|many times) (do|must|should|will) (i|we))\b/i,
    -1.5,
  ],
  [/\b(ridiculous|unacceptable|disgrace|shambles|joke)\b/i, -1],
]

export const ZH_IDIOMS: Array<[RegExp, number]> = [
  // "Still not / never" before a service action ("还没到", "一直没回复"), not before an opinion word,
  // whose own negation the clause rules read ("也不错", "一点也不后悔", "都不难" praise).
  [
    /(还|都|也|一直|始终|至今|到现在)(没|没有|不)(?![错差坏难贵慢脏乱吵累烦]|后悔|失望|麻烦|满意|好|赖|算|会失望)|莫名其妙|没(有)?(任何)?(通知|说明|解释)/,
    -1,
  ],
  [
    /没(什么|啥)(问题|可挑剔|毛病)|没有任何(问题|麻烦|套路)|不用等|没得说|无可挑剔|一点都不敷衍|没有推诿|没有刁难|不催/,
    1.5,
  ],
  // Litotes with no opinion word jieba keeps apart: nothing to find fault with.
  [/(挑|找)不(出|到)(什么|任何|一点|半点)?(毛病|问题|缺点|错|刺)|没(有)?(什么|任何)?可挑剔/, 1.5],
  // Litotes, the mirror of English "not bad": "不算差" praises though both its words lean negative.
  [/(不算|算不上|谈不上|并不|一点也不|一点都不)(太|很|特别|那么)?(差|糟糕|糟|烂)/, 1.5],
  // Measured against expectation: "没有想象中好" falls short, "没有想象中差" exceeds it.
  [
    /(没有|没|不如)(想象|预想|预期|期待|宣传|描述|图片|说的)(中|里|的)*(那么|那样|的)?(好|棒|满意|值|干净|方便)/,
    -1.5,
  ],
  [/(没有|没)(想象|预想|预期|说的)(中|里|的)*(那么|那样|的)?(差|糟|坏|难|脏|吵|贵)/, 1.2],
  [/再也不(会)?(来|买)|不会再(来|买)|千万别|别买/, -2],
  [/性价比(不高|不太高|太低|很低|低|一般)/, -1.5],
]

/**
 * Chinese complaint shapes with no opinion word: a service verb under 没有/没/不 ("没有人接",
 * "不给退"), waiting ("等了两个小时"), and rhetorical questions ("难道…吗", "难道…？", "这也叫…",
 * "说好的…呢", "还好意思", "凭什么").
 */
export const ZH_COMPLAINTS: Array<[RegExp, number]> = [
  [
    /(没有?|未)(人)?(给|帮|肯)?(退款?|退钱|回复|回电|处理|解决|理|接听?|受理|联系|上门|到(?![一二两三四五六七八九十半几\d])|发货|通知|赔|补偿|道歉|管)|不(给|肯|愿意|予)?(退款|退钱|给退|回复|回电|处理|解决|理人|理睬|接电话|受理|上门|发货|赔偿|道歉)/,
    -1.5,
  ],
  [
    /等了(好|很|半|整整|足足|快|近|将近|一|两|二|三|四|五|六|七|八|九|十|几|\d)|等(了)?(半天|好久|很久|老半天|一上午|一下午|一整天)|排(了)?(很久|好久|半天|长队)|(一直|始终|总是)(占线|打不通|没人接|无人接听|在等)/,
    -1.5,
  ],
  [
    /难道.{0,20}(吗|么|[？?])|这也(叫|算|配|能叫|能算)|说好的.{0,12}呢|还好意思|凭什么|怎么(能|可以|还|又|老是|总是|就)|为什么(还|又|总是|一直|老是|不|没)|有(你们)?这(样|么)(做|办|服务|对待).{0,6}(吗|的吗)|什么时候(才|能)|到底(什么时候|要|还|能|怎么)|还要等(多久|到什么时候)|谁(来)?(管|负责)|有没有人(管|理)|是不是(要|非要|得)/,
    -1.5,
  ],
  [
    /(取消|延误|晚点|误点)了|(航班|车|班次|订单).{0,4}(被)?(取消|延误)|(行李|包裹|快递|东西).{0,4}(丢|丢失|遗失|弄丢|损坏|不见)/,
    -1.2,
  ],
  [/(重复|多|乱)(扣|收)(费|款|钱)|扣了(两|2)次|(钱|款).{0,4}(还)?(没|未)(退|到账|返还)/, -1.5],
  [/(没|不)到(一|两|三|半|几|十|\d).{0,8}(就|便)/, 1.5],
]

/** Emoji carry sentiment of their own (Novak et al. 2015, Emoji Sentiment Ranking, signs only). */
export const EMOJI_POLARITY = new Map<string, number>([
  ...words(1.5, '👍 😊 😀 😃 😄 😁 😍 🥰 😘 ❤️ ❤ 💯 👏 🙏 😆 🎉 ✨ 🌟 ⭐ 💪 🤩 😎 ☺️ 🙂'),
  ...words(-1.5, '👎 😡 😠 🤬 😞 😢 😭 😤 😒 😩 😫 💔 🙄 😣 😖 😓 🤮 🤢 😰 😱 ☹️ 🙁 😕 😔'),
])
