import {
  type CascadeNode,
  cascadeLeaves,
  type LocalizedText,
  type Question,
} from '../../../../src/surveys/survey.schema'
import { TINY_PNG } from '../../../../src/surveys/new-type-questions'

/** What a new question of the newer types starts with, so it can be saved and answered as it is. */
export function newTypeDefaults(question: Question, text: (key: string) => LocalizedText): void {
  const options = (...keys: string[]) =>
    keys.map((k, i) => ({ key: String.fromCharCode(97 + i), label: text(k) }))
  switch (question.type) {
    case 'ranking':
      question.options = options('default.option1', 'default.option2', 'default.option3')
      break
    case 'image_choice':
      question.options = options('default.option1', 'default.option2').map((o) => ({
        ...o,
        image: TINY_PNG,
      }))
      break
    case 'choice_matrix':
      question.options = [
        { key: 'yes', label: text('default.used') },
        { key: 'no', label: text('default.notUsed') },
      ]
      question.rows = [
        { key: 'r1', label: text('default.row1') },
        { key: 'r2', label: text('default.row2') },
      ]
      break
    case 'slider':
      question.slider = {
        min: 0,
        max: 60,
        step: 5,
        low: text('default.sliderLow'),
        high: text('default.sliderHigh'),
      }
      break
    case 'datetime':
      question.datetime = { mode: 'date' }
      break
    case 'file_upload':
      question.upload = { maxMb: 5, kinds: ['image'] }
      break
    case 'cascade':
      question.tree = [
        {
          key: 'gd',
          label: text('default.regionGd'),
          children: [
            {
              key: 'sz',
              label: text('default.regionSz'),
              children: [
                { key: 'ns', label: text('default.regionNs') },
                { key: 'ft', label: text('default.regionFt') },
              ],
            },
          ],
        },
      ]
      break
  }
}

/** A cascade's tree as lines of text: one last-level choice per line, "广东省|Guangdong / 深圳市|Shenzhen / …". */
export function treeToLines(tree: readonly CascadeNode[] | undefined): string {
  return cascadeLeaves(tree ?? [])
    .map((leaf) =>
      leaf.labels.map((l) => (l['en-US'] ? `${l['zh-CN']}|${l['en-US']}` : l['zh-CN'])).join(' / '),
    )
    .join('\n')
}

/**
 * The inverse of treeToLines: lines back to a tree, keeping the keys of nodes whose Chinese name
 * is unchanged (stored answers name leaves by their keys) and numbering new ones (n1, n2, …).
 */
export function linesToTree(lines: string, previous: readonly CascadeNode[] = []): CascadeNode[] {
  const root: CascadeNode[] = []
  const keyed = (siblings: CascadeNode[], before: readonly CascadeNode[], zh: string) => {
    const kept = before.find((n) => n.label['zh-CN'] === zh)?.key
    if (kept && !siblings.some((n) => n.key === kept)) return kept
    for (let i = siblings.length + 1; ; i++)
      if (!siblings.some((n) => n.key === `n${i}`) && !before.some((n) => n.key === `n${i}`))
        return `n${i}`
  }
  for (const line of lines.split('\n')) {
    const parts = line
      .split('/')
      .map((p) => p.trim())
      .filter(Boolean)
    let siblings = root
    let before: readonly CascadeNode[] = previous
    parts.forEach((part, depth) => {
      const [zh, en] = part.split('|').map((s) => s.trim()) as [string, string | undefined]
      let node = siblings.find((n) => n.label['zh-CN'] === zh)
      if (!node) {
        node = {
          key: keyed(siblings, before, zh),
          label: en ? { 'zh-CN': zh, 'en-US': en } : { 'zh-CN': zh },
        }
        siblings.push(node)
      }
      const last = depth === parts.length - 1
      if (!last) node.children ??= []
      before = before.find((n) => n.label['zh-CN'] === zh)?.children ?? []
      siblings = node.children ?? []
    })
  }
  return root
}
