import { z } from 'zod'

/**
 * Topics (aspects) of customer feedback: a default customer-service taxonomy
 * with Chinese and English keywords, which each organisation can change.
 * Chinese keywords match anywhere in the text (segmentation varies); English
 * ones match whole words, or word starts when written with a trailing "*".
 */

export const TopicSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'lowercase letters, digits and _'),
  label: z.object({ 'zh-CN': z.string().min(1).max(50), 'en-US': z.string().max(50).optional() }),
  keywords: z.array(z.string().trim().min(1).max(30)).min(1).max(200),
  /** Example comments, shown to people editing the taxonomy. */
  examples: z.array(z.string().max(200)).max(10).default([]),
})
export type Topic = z.infer<typeof TopicSchema>

/** `phrases`: multi-word English keywords, separated by "|" ("on hold|customer service"). */
const t = (key: string, zh: string, en: string, keywords: string, phrases = ''): Topic => ({
  key,
  label: { 'zh-CN': zh, 'en-US': en },
  keywords: [...keywords.trim().split(/\s+/), ...phrases.split('|').filter(Boolean)],
  examples: [],
})

export const DEFAULT_TOPICS: Topic[] = [
  t(
    'service_attitude',
    '服务态度',
    'Service attitude',
    '态度 热情 耐心 不耐烦 礼貌 冷漠 冷淡 爱理不理 敷衍 推诿 踢皮球 凶 傲慢 微笑 友好 贴心 周到 大呼小叫 attitude rude friendly polite courteous patient impatient welcoming cheerful grumpy unfriendly kind warm cold pushy aggressive shouted swore staff agent agents attendant* crew employee* representative* manager cashier receptionist unhelpful helpful ignored dismissive condescending service treated rudely disrespect* insult* server servers waiter* waitress*',
    'customer service|customer care|customer support|tech support|technical support|the rep|hung up',
  ),
  t(
    'wait_time',
    '响应与等待',
    'Response and waiting time',
    '排队 等待 等了 等太久 很久 占线 打不通 拖 拖延 拖拉 效率 及时 迅速 半天 小时 一周 慢 快 queue queued wait waits waited slow quick* fast prompt* delay* hours days week busy took ages timely waiting line queuing forever minutes mins',
    'on hold|hold music|hold time|took forever|still waiting',
  ),
  t(
    'product_quality',
    '产品质量',
    'Product quality',
    '质量 做工 品质 坏了 坏 瑕疵 起球 材质 耐用 结实 故障 破 粗糙 quality broke broken defect* faulty workmanship flimsy shoddy durable made battery batteries breakage flaw* fail* construction',
    "doesn't work|does not work|didn't work|don't work|stopped working",
  ),
  t(
    'price',
    '价格',
    'Price',
    '价格 贵 便宜 性价比 划算 实惠 收费 虚高 优惠 物美价廉 值 price* expensive cheap value overpriced pricey affordable bargain fee* cost*',
    'waste of money|wasted my money|wasting my money|not worth the money',
  ),
  t(
    'delivery',
    '配送物流',
    'Delivery and logistics',
    '快递 物流 配送 送货 包裹 到货 外卖 骑手 快递员 配送员 发货 取件 快递柜 deliver* courier parcel* shipping shipment package* driver rider pickup locker',
  ),
  t(
    'billing',
    '账单计费',
    'Billing',
    '账单 电费 水电费 扣费 扣款 缴费 交费 发票 多收 乱收费 计费 电表 话费 bill* charge* charged invoice* payment* meter tariff* statement overcharg* refund* reimburs* fare* charges',
    'money back|charged twice|double charged',
  ),
  t(
    'staff_professionalism',
    '员工专业性',
    'Staff professionalism',
    '专业 熟练 不专业 业务 讲解 解释 一问三不知 不熟 技术 professional* knowledgeable clueless expert* skilled explain* procedure competent',
  ),
  t(
    'environment',
    '环境',
    'Environment',
    '环境 卫生 干净 脏 拥挤 座位 异味 整洁 安静 吵 明亮 网点 clean* dirty filthy environment crowded cramped smell* tidy spotless noisy seating',
  ),
  t(
    'after_sales',
    '售后服务',
    'After-sales',
    '售后 退货 退款 退钱 换货 维修 保修 退换 返修 after-sales aftersales return* refund* warranty replacement replace* repair* reimburs*',
    'money back',
  ),
  t(
    'app_website',
    'App 与网站',
    'App and website',
    'app APP 网站 闪退 界面 登录 系统 页面 手机银行 小程序 公众号 website crash* login log site page online interface booking* book booked reservation* website app* online check-in checkin password account',
    'web site|mobile app|boarding pass',
  ),
  t(
    'outage_repair',
    '停电与抢修',
    'Power outage and repair',
    '停电 抢修 供电 跳闸 断电 检修 报修 来电 电力 恢复供电 outage* blackout* power supply electricity restored breaker maintenance repair* fix* fixed broken engineer technician outage* down',
    'not working|power cut|service down',
  ),
  t(
    'cancellation_delay',
    '取消与延误',
    'Cancellation and delay',
    '取消 延误 晚点 误点 改签 停运 航班取消 延迟 推迟 误机 cancel* delay* late postpon* reschedul* diverted stranded overbook* bumped',
    'missed connection|missed my connection|missed my flight',
  ),
  t(
    'baggage_lost',
    '行李与遗失物品',
    'Baggage and lost items',
    '行李 托运 箱子 遗失 丢失 弄丢 失物 行李箱 baggage luggage suitcase* bag bags',
    'lost property|lost and found|lost item|lost my',
  ),
  t(
    'network',
    '网络与信号',
    'Network and signal',
    '信号 网速 宽带 断网 网络 通话 signal broadband internet network connection coverage',
    'dropped calls|dropped call|call quality',
  ),
  t(
    'food_drink',
    '餐饮与菜品',
    'Food and drink',
    '菜品 饭菜 味道 口味 早餐 午餐 晚餐 餐厅 好吃 难吃 不新鲜 份量 分量 菜量 上菜 饮料 food meal* dish* taste* tasty tasteless bland flavor* flavour* fresh stale cook* overcooked undercooked menu chef portion* salad* burger* pizza* steak* chicken sushi soup* dessert* breakfast lunch dinner drink* coffee beer wine bread meat fish seafood pasta fries',
  ),
  t(
    'complaint_handling',
    '投诉处理',
    'Complaint handling',
    '投诉 回访 处理结果 补偿 赔偿 道歉 诚意 complain* compensation apolog* follow-up claim',
  ),
]

function compiled(topic: Topic): { han: string[]; words: RegExp | null } {
  const han = topic.keywords.filter((k) => /[\u3400-\u9fff]/.test(k))
  const latin = topic.keywords
    .filter((k) => !/[\u3400-\u9fff]/.test(k))
    .map((k) =>
      k.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, (c) => (c === '*' ? '[a-z-]*' : `\\${c}`)),
    )
  return { han, words: latin.length > 0 ? new RegExp(`\\b(?:${latin.join('|')})\\b`, 'i') : null }
}

const cache = new WeakMap<
  readonly Topic[],
  Array<{ key: string; han: string[]; words: RegExp | null }>
>()

/** The keys of the topics a text mentions, in taxonomy order. */
export function matchTopics(text: string, topics: readonly Topic[]): string[] {
  let matchers = cache.get(topics)
  if (!matchers) {
    matchers = topics.map((topic) => ({ key: topic.key, ...compiled(topic) }))
    cache.set(topics, matchers)
  }
  return matchers
    .filter((m) => m.han.some((k) => text.includes(k)) || (m.words?.test(text) ?? false))
    .map((m) => m.key)
}
