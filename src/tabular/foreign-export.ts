import type { Table, TableSource } from './table.js'

/**
 * Exports of the survey tools people move to Manyi from, recognised by their header rows and
 * turned into one plain header row that names each column by its question (so the answer
 * import maps columns to questions by title, and the workbench lists questions, not codes).
 *
 * The layouts follow each tool's public description of its export, as far as we could find one:
 * - Qualtrics: "CSV and TSV files come with 3 rows of headers": the field id (StartDate, Q1,
 *   Q2_1…), the question text, and the import id as JSON ({"ImportId":"QID1"}) (Qualtrics
 *   support, "Understanding Your Dataset").
 * - SurveyMonkey: "All responses data" puts the question in row 1 (once, over all of its
 *   columns) and the answer choice, matrix row or "Response"/"Open-Ended Response" in row 2,
 *   after the respondent columns Respondent ID, Collector ID, Start Date, End Date, IP Address…
 * - LimeSurvey: response export with question codes: id, submitdate, lastpage, startlanguage,
 *   seed…, then a code per question and CODE[SQ001] per subquestion (multiple choice, arrays).
 * - 问卷星 (wjx): 序号, 提交答卷时间, 所用时间, 来源, 来源详情, 来自IP, then "1、题目" per question;
 *   sub-columns "4(选项或行)" (export by option number) or "4、题目—行" (matrix rows), multiple
 *   choices joined by "┋" when exported as text.
 * - 腾讯问卷: 编号, 开始答题时间, 结束答题时间, 答题时长, then "1.题目" or "Q1:题目" per question and
 *   "题目:选项" for sub-columns. We found no public description of this layout beyond its
 *   column names in help pages; the reader is our reading of real exports' headers.
 * The sample files in __fixtures__ are our own construction in each layout, not files from the tools.
 */

export type ExportTool =
  | 'manyi'
  | 'wjx'
  | 'tencent'
  | 'qualtrics'
  | 'surveymonkey'
  | 'limesurvey'
  | 'plain'

/** What a column holds, as far as the header tells. */
export type ColumnRole = 'id' | 'submittedAt' | 'meta' | 'answer'

export interface ExportColumn {
  /** The header after recognition (unique in the table). */
  header: string
  /** The header as in the file (Qualtrics/LimeSurvey code, wjx "1、…", Manyi "label [key]"). */
  original: string
  role: ColumnRole
  /** The question's text (or Manyi key's label), without numbering. */
  question: string
  /** The option, matrix row or sub-question of a question spread over several columns. */
  sub?: string
  /** The question's code in the tool (Q1, QID1, G01Q01, the Manyi key, the wjx number). */
  code?: string
}

export interface ExportLayout {
  tool: ExportTool
  /** Rows after the first that are headers, not answers (Qualtrics 2, SurveyMonkey 1). */
  extraHeaderRows: number
  columns: ExportColumn[]
}

const QUALTRICS_META = new Set([
  'StartDate',
  'EndDate',
  'Status',
  'IPAddress',
  'Progress',
  'Duration (in seconds)',
  'Finished',
  'RecordedDate',
  'ResponseId',
  'RecipientLastName',
  'RecipientFirstName',
  'RecipientEmail',
  'ExternalReference',
  'LocationLatitude',
  'LocationLongitude',
  'DistributionChannel',
  'UserLanguage',
])
const SURVEYMONKEY_META = new Set([
  'Respondent ID',
  'Collector ID',
  'Start Date',
  'End Date',
  'IP Address',
  'Email Address',
  'First Name',
  'Last Name',
  'Custom Data 1',
])
const LIMESURVEY_META = new Set([
  'id',
  'submitdate',
  'lastpage',
  'startlanguage',
  'seed',
  'startdate',
  'datestamp',
  'ipaddr',
  'refurl',
  'token',
])
const WJX_META = new Set(['序号', '提交答卷时间', '所用时间', '来源', '来源详情', '来自IP', '总分'])
const TENCENT_META = new Set([
  '编号',
  '开始答题时间',
  '结束答题时间',
  '答题时长',
  '地理位置国家和地区',
  '地理位置省',
  '地理位置市',
  '自定义字段',
  'IP',
  '用户标识',
  '昵称',
])

const SUBMITTED: Record<ExportTool, string | null> = {
  qualtrics: 'RecordedDate',
  surveymonkey: 'End Date',
  limesurvey: 'submitdate',
  wjx: '提交答卷时间',
  tencent: '结束答题时间',
  manyi: null,
  plain: null,
}
const IDS: Record<ExportTool, string | null> = {
  qualtrics: 'ResponseId',
  surveymonkey: 'Respondent ID',
  limesurvey: 'id',
  wjx: '序号',
  tencent: '编号',
  manyi: null,
  plain: null,
}

const has = (headers: readonly string[], ...names: string[]) =>
  names.every((n) => headers.includes(n))

/** Which tool wrote a table with this first row; `plain` when none is recognised. */
export function toolOfHeaders(headers: readonly string[]): ExportTool {
  const h = headers.map((x) => x.trim())
  if (has(h, 'StartDate', 'ResponseId') || has(h, 'ResponseId', 'RecordedDate')) return 'qualtrics'
  if (has(h, 'Respondent ID', 'Collector ID')) return 'surveymonkey'
  if (has(h, 'id', 'submitdate', 'lastpage', 'startlanguage')) return 'limesurvey'
  if (has(h, '提交答卷时间') && (h.includes('序号') || h.includes('所用时间'))) return 'wjx'
  if (has(h, '开始答题时间', '结束答题时间')) return 'tencent'
  if (h.some((x) => MANYI_HEADER.test(x))) return 'manyi'
  return 'plain'
}

/** Manyi's own exports head answer columns `label [key]`. */
const MANYI_HEADER = /^(.*\S)\s+\[([A-Za-z][\w-]{0,63})\]$/

function roleOf(tool: ExportTool, header: string, meta: ReadonlySet<string>): ColumnRole {
  if (header === SUBMITTED[tool]) return 'submittedAt'
  if (header === IDS[tool]) return 'id'
  return meta.has(header) ? 'meta' : 'answer'
}

/** wjx "1、题目" / "1.题目", "4(行)" and "4、题目—行"; Tencent "Q1:题目", "题目:选项". */
function numberedQuestion(header: string): { code?: string; question: string; sub?: string } {
  const bySub = /^(\d+)\((.+)\)$/.exec(header)
  if (bySub) return { code: bySub[1]!, question: bySub[1]!, sub: bySub[2]! }
  const numbered = /^(?:Q)?(\d+)\s*[、.．:：]\s*(.+)$/.exec(header)
  const code = numbered?.[1]
  let question = numbered ? numbered[2]!.trim() : header
  let sub: string | undefined
  const dash = question.split(/—|──|--/)
  if (dash.length === 2 && dash[0]!.trim() && dash[1]!.trim()) {
    question = dash[0]!.trim()
    sub = dash[1]!.trim()
  } else {
    const colon = /^(.+?)[:：](.+)$/.exec(question)
    if (colon) {
      question = colon[1]!.trim()
      sub = colon[2]!.trim()
    }
  }
  return { ...(code ? { code } : {}), question, ...(sub ? { sub } : {}) }
}

function unique(names: string[]): string[] {
  const seen = new Map<string, number>()
  return names.map((name) => {
    const count = seen.get(name) ?? 0
    seen.set(name, count + 1)
    return count === 0 ? name : `${name} (${count + 1})`
  })
}

/**
 * The layout of a table from its first row and the rows after it that may be headers
 * (at least two are needed to recognise Qualtrics and SurveyMonkey).
 */
export function recognizeLayout(headers: readonly string[], firstRows: string[][]): ExportLayout {
  const tool = toolOfHeaders(headers)
  const trimmed = headers.map((h) => h.trim())
  if (tool === 'qualtrics') {
    const texts = firstRows[0] ?? []
    const importIds = firstRows[1] ?? []
    // The third header row holds {"ImportId":…}; without it the file was saved with one header row.
    const threeRows = importIds.some((c) => c.includes('ImportId'))
    const columns = trimmed.map((code, i) => {
      const text = threeRows ? (texts[i] ?? '').trim() : ''
      const role = roleOf(tool, code, QUALTRICS_META)
      const [question, sub] = text.includes(' - ') ? splitOnce(text, ' - ') : [text || code]
      return {
        original: code,
        role,
        question: question!,
        ...(sub ? { sub } : {}),
        code: code.replace(/_.*$/, ''),
        header: role === 'answer' && text ? text : code,
      }
    })
    return finish(tool, threeRows ? 2 : 0, columns)
  }
  if (tool === 'surveymonkey') {
    const subs = firstRows[0] ?? []
    // Row 2 names "Response" / "Open-Ended Response" / the choices; without such a row there is one header row.
    const twoRows = subs.some((c) => /^(Response|Open-Ended Response)$/.test(c.trim()))
    let current = ''
    const columns = trimmed.map((head, i) => {
      if (head) current = head
      const role = head ? roleOf(tool, head, SURVEYMONKEY_META) : 'answer'
      const sub = twoRows ? (subs[i] ?? '').trim() : ''
      const plainSub = sub === '' || sub === 'Response' || sub === 'Open-Ended Response'
      return {
        original: head,
        role,
        question: current,
        ...(plainSub ? {} : { sub }),
        header: role === 'answer' && !plainSub ? `${current} - ${sub}` : current,
      }
    })
    return finish(tool, twoRows ? 1 : 0, columns)
  }
  if (tool === 'limesurvey') {
    const columns = trimmed.map((code) => {
      const role = roleOf(tool, code, LIMESURVEY_META)
      const m = /^([A-Za-z][\w]*)\[(.+)\]$/.exec(code)
      return {
        original: code,
        role,
        question: m ? m[1]! : code,
        ...(m ? { sub: m[2]! } : {}),
        code: m ? m[1]! : code,
        header: code,
      }
    })
    return finish(tool, 0, columns)
  }
  if (tool === 'wjx' || tool === 'tencent') {
    const meta = tool === 'wjx' ? WJX_META : TENCENT_META
    const columns = trimmed.map((head): ExportColumn => {
      const role = roleOf(tool, head, meta)
      if (role !== 'answer') return { original: head, role, question: head, header: head }
      const q = numberedQuestion(head)
      return {
        original: head,
        role,
        ...q,
        header: q.sub ? `${q.question} - ${q.sub}` : q.question,
      }
    })
    // "4(行)" names only the number: give it the question's text when a "4、题目" column has it.
    const texts = new Map(columns.filter((c) => c.code && !c.sub).map((c) => [c.code, c.question]))
    for (const c of columns)
      if (c.sub && c.code && c.question === c.code && texts.has(c.code)) {
        c.question = texts.get(c.code)!
        c.header = `${c.question} - ${c.sub}`
      }
    return finish(tool, 0, columns)
  }
  if (tool === 'manyi') {
    const columns = trimmed.map((head) => {
      const m = MANYI_HEADER.exec(head)
      return m
        ? { original: head, role: 'answer' as const, question: m[1]!, code: m[2]!, header: head }
        : { original: head, role: 'meta' as const, question: head, header: head }
    })
    return finish(tool, 0, columns)
  }
  return finish(
    tool,
    0,
    trimmed.map((head) => ({ original: head, role: 'answer', question: head, header: head })),
  )
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator)
  return [text.slice(0, at).trim(), text.slice(at + separator.length).trim()]
}

function finish(
  tool: ExportTool,
  extraHeaderRows: number,
  columns: Array<Omit<ExportColumn, 'header'> & { header: string }>,
): ExportLayout {
  const headers = unique(columns.map((c) => c.header || c.original))
  return {
    tool,
    extraHeaderRows,
    columns: columns.map((c, i) => ({ ...c, header: headers[i]! })),
  }
}

/** wjx joins the choices of a multiple-choice answer with "┋" when it exports text. */
export const WJX_MULTI_SEPARATOR = '┋'

/** A table read whole, in its recognised layout: header rows merged, extra header rows dropped. */
export function recognizedTable(table: Table): Table & { layout: ExportLayout } {
  const layout = recognizeLayout(table.headers, table.rows.slice(0, 2))
  if (layout.tool === 'plain' || layout.tool === 'manyi') return { ...table, layout }
  return {
    file: table.file,
    headers: layout.columns.map((c) => c.header),
    rows: layout.extraHeaderRows > 0 ? table.rows.slice(layout.extraHeaderRows) : table.rows,
    layout,
  }
}

/**
 * A source read in batches, in its recognised layout. It reads the first batch at once (to see
 * the header rows after the first); the rows then come as before, without the header rows.
 */
export async function recognizedSource(source: TableSource): Promise<TableSource> {
  const tool = toolOfHeaders(source.headers)
  if (tool === 'plain' || tool === 'manyi') return source
  const iterator = source.batches()[Symbol.asyncIterator]()
  const first = await iterator.next()
  const firstBatch = first.done ? [] : first.value
  const layout = recognizeLayout(source.headers, firstBatch.slice(0, 2))
  const skip = layout.extraHeaderRows
  let pending: AsyncIterator<string[][]> | null = iterator
  return {
    file: source.file,
    headers: layout.columns.map((c) => c.header),
    batches() {
      const started = pending
      pending = null
      if (started)
        return (async function* () {
          if (firstBatch.length > skip) yield firstBatch.slice(skip)
          if (first.done) return
          for (;;) {
            const next = await started.next()
            if (next.done) return
            yield next.value
          }
        })()
      return (async function* () {
        let left = skip
        for await (const batch of source.batches()) {
          const rows = left > 0 ? batch.slice(left) : batch
          left = Math.max(0, left - batch.length)
          if (rows.length > 0) yield rows
        }
      })()
    },
    estimatedRows: () => Math.max(0, source.estimatedRows() - skip),
  }
}
