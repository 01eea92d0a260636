import { CUSTOMER_REFERENCE_HEADERS } from './customer-reference.js'

/**
 * The files feedback is imported from: Manyi's own hotline/social layout, review exports of
 * 携程 (Ctrip hotel reviews) and 美团/大众点评 merchant back offices, and work orders of the
 * 95598 power-supply hotline and the 12345 government hotline. Each names its columns as the
 * platform's export heads them (docs/feedback-imports.md lists them), how its rating reads and
 * how a row's kind is decided. Pure: no store, no clock.
 */
export const IMPORT_SOURCES = [
  'generic',
  'ctrip',
  'meituan',
  'workorder95598',
  'workorder12345',
] as const
export type ImportSource = (typeof IMPORT_SOURCES)[number]

export type ImportField =
  | 'text'
  | 'externalId'
  | 'receivedAt'
  | 'customerRef'
  | 'name'
  | 'phone'
  | 'email'
  | 'store'
  | 'unit'
  | 'rating'
  | 'kind'

export type FeedbackKindName = 'complaint' | 'praise' | 'suggestion' | 'inquiry'

/** How a row's kind is found: from a kind column, or from the rating (and the text when neutral). */
export type KindRule = { by: 'column'; kinds: Record<string, FeedbackKindName> } | { by: 'rating' }

export interface ImportFormat {
  source: ImportSource
  /** The channel the records are stored under; null: the caller's choice (generic files). */
  channel: 'hotline' | 'social' | null
  /** Recognised headings per field, lower case. */
  headers: Partial<Record<ImportField, readonly string[]>>
  /** Fields a file of this source must have a column for. */
  required: readonly ImportField[]
  /** Prefixed to the platform's id, so a review and a work order with the same number differ. */
  idPrefix: string
  kind: KindRule
  /** A rating cell as 1–5, or null when it is not one. */
  rating: (cell: string) => number | null
}

/** Manyi's own layout: 1–5 as integers only. */
function wholeRating(cell: string): number | null {
  const n = Number(cell)
  return Number.isInteger(n) && n >= 1 && n <= 5 ? n : null
}

/**
 * A platform's review score as 1–5: decimals (携程 4.8, 大众点评 4.5 stars) rounded half up,
 * "5星" / "4分" read as the number, and 大众点评's tens (10–50, the star count ×10 its
 * exports and open API use) divided by ten.
 */
export function reviewRating(cell: string): number | null {
  const text = cell.trim().replace(/\s*(星|分|stars?)$/i, '')
  if (!/^\d+(\.\d+)?$/.test(text)) return null
  let n = Number(text)
  if (n >= 10 && n <= 50 && n % 5 === 0) n /= 10
  if (n < 1 || n > 5) return null
  return Math.floor(n + 0.5)
}

const GENERIC_KINDS: Record<string, FeedbackKindName> = {
  complaint: 'complaint',
  投诉: 'complaint',
  praise: 'praise',
  表扬: 'praise',
  suggestion: 'suggestion',
  建议: 'suggestion',
  inquiry: 'inquiry',
  咨询: 'inquiry',
}

/**
 * 诉求类型 of 95598 work orders (国家电网 95598 客户服务业务: 投诉、举报、意见、建议、表扬、
 * 咨询 …). 故障报修 and 服务申请 are service requests, not feedback: refused by row, so a file
 * of mixed orders is imported with "skip invalid rows" and the repairs stay in the repair system.
 */
const WORKORDER_95598_KINDS: Record<string, FeedbackKindName> = {
  投诉: 'complaint',
  举报: 'complaint',
  服务投诉: 'complaint',
  意见: 'suggestion',
  建议: 'suggestion',
  意见建议: 'suggestion',
  表扬: 'praise',
  感谢: 'praise',
  咨询: 'inquiry',
  业务咨询: 'inquiry',
  信息查询: 'inquiry',
}

/**
 * 诉求类型 of 12345 hotline work orders: 咨询、求助、投诉、举报、建议、表扬 (国办发〔2020〕53号
 * on the 12345 hotlines). A 求助 (a request for help) is answered as an inquiry is.
 */
const WORKORDER_12345_KINDS: Record<string, FeedbackKindName> = {
  投诉: 'complaint',
  举报: 'complaint',
  咨询: 'inquiry',
  求助: 'inquiry',
  建议: 'suggestion',
  意见: 'suggestion',
  表扬: 'praise',
  感谢: 'praise',
}

const GENERIC: ImportFormat = {
  source: 'generic',
  channel: null,
  headers: {
    text: ['text', 'content', '内容', '投诉内容', '帖子内容'],
    externalId: ['id', 'external_id', '编号', '工单号'],
    receivedAt: ['time', 'received_at', '时间', '来电时间', '发布时间'],
    // 户号 (a utility's account number) and the survey links' field names as well.
    customerRef: [...CUSTOMER_REFERENCE_HEADERS],
    name: ['name', '姓名', '客户姓名'],
    phone: ['phone', '电话', '手机'],
    email: ['email', '邮箱'],
    store: ['store', '门店', '网点'],
    unit: ['unit', 'unit_code', '单元', '单元编码', '单位编码'],
    rating: ['rating', '评分'],
    kind: ['kind', 'type', '类型'],
  },
  required: ['text'],
  idPrefix: '',
  kind: { by: 'column', kinds: GENERIC_KINDS },
  rating: wholeRating,
}

const UNIT = ['单元编码', 'unit_code', 'unit']

/** The headings of a platform's review export, by field (its unit column is Manyi's own). */
type ReviewHeadings = Record<
  'text' | 'externalId' | 'receivedAt' | 'name' | 'store' | 'rating',
  readonly string[]
>

/**
 * A platform's review export (携程, 美团/大众点评): published reviews, each with the platform's
 * id and score; a review's kind follows from its score (kindOfRating). The platforms differ only
 * in how they head their columns.
 */
function reviewFormat(source: 'ctrip' | 'meituan', headings: ReviewHeadings): ImportFormat {
  const { text, externalId, receivedAt, name, store, rating } = headings
  return {
    source,
    channel: 'social',
    headers: { text, externalId, receivedAt, name, store, unit: UNIT, rating },
    required: ['text', 'externalId', 'rating'],
    idPrefix: `${source}:`,
    kind: { by: 'rating' },
    rating: reviewRating,
  }
}

/** The headings of a hotline's work orders, by field (its unit column is Manyi's own). */
type WorkOrderHeadings = Record<'text' | 'externalId' | 'kind', readonly string[]> &
  Partial<
    Record<'receivedAt' | 'customerRef' | 'name' | 'phone' | 'email' | 'store', readonly string[]>
  >

/**
 * A hotline's work orders (95598, 12345): each with the order's number and its 诉求类型, which
 * decides the kind by the hotline's own list. The hotlines differ in how they head their columns,
 * in that list, and in the prefix of their numbers.
 */
function workOrderFormat(
  source: 'workorder95598' | 'workorder12345',
  idPrefix: string,
  kinds: Record<string, FeedbackKindName>,
  headings: WorkOrderHeadings,
): ImportFormat {
  const { kind, ...rest } = headings
  return {
    source,
    channel: 'hotline',
    headers: { ...rest, unit: UNIT, kind },
    required: ['text', 'externalId', 'kind'],
    idPrefix,
    kind: { by: 'column', kinds },
    rating: wholeRating,
  }
}

export const IMPORT_FORMATS: Record<ImportSource, ImportFormat> = {
  generic: GENERIC,
  ctrip: reviewFormat('ctrip', {
    text: ['点评内容', '评价内容'],
    externalId: ['点评id', '点评编号'],
    receivedAt: ['点评时间', '发表时间'],
    name: ['用户昵称', '点评用户'],
    store: ['酒店名称', '酒店'],
    rating: ['总评分', '点评总分', '评分'],
  }),
  meituan: reviewFormat('meituan', {
    text: ['评价内容', '评论内容'],
    externalId: ['评价id', '评价编号', '评论id'],
    receivedAt: ['评价时间', '评论时间'],
    name: ['用户昵称', '用户名'],
    store: ['门店名称', '门店'],
    rating: ['星级', '总体评分', '评分'],
  }),
  workorder95598: workOrderFormat('workorder95598', '95598:', WORKORDER_95598_KINDS, {
    text: ['受理内容', '诉求内容', '工单内容'],
    externalId: ['工单编号', '工单号'],
    receivedAt: ['受理时间', '来电时间'],
    customerRef: ['户号', '用户编号', '客户编号'],
    name: ['客户姓名', '用户名称', '联系人'],
    phone: ['联系电话', '来电号码'],
    store: ['供电单位', '责任单位'],
    kind: ['诉求类型', '业务类型'],
  }),
  workorder12345: workOrderFormat('workorder12345', '12345:', WORKORDER_12345_KINDS, {
    text: ['诉求内容', '来电内容', '工单内容'],
    externalId: ['工单编号', '工单号'],
    receivedAt: ['来电时间', '受理时间'],
    name: ['来电人', '市民姓名', '联系人'],
    phone: ['联系电话', '来电号码'],
    store: ['承办单位', '责任单位'],
    kind: ['诉求类型', '诉求分类'],
  }),
}

/**
 * A review's kind by its rating: 1–2 a complaint (a case opens), 4–5 praise; a 3 by its text,
 * as a WeChat message is read (src/feedback/message-kind.ts).
 */
export function kindOfRating(rating: number): FeedbackKindName | 'by-text' {
  if (rating <= 2) return 'complaint'
  if (rating >= 4) return 'praise'
  return 'by-text'
}
