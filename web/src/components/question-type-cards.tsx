import { Card, Table, Typography } from 'antd'
import type { ReactElement } from 'react'
import type { QuestionAnalysis } from '../../../src/responses/question-analysis'
import type { MessageKey } from '../i18n/i18n'
import { localizedText } from './localized-text'

/**
 * Dashboard cards of the newer question types: a ranking's mean rank and first-place share, a
 * cascade's counts per level, a slider's mean with its interval, a date's answers per day (or
 * hour) and a choice matrix's counts per row. Tables, so each figure can be read and copied.
 */

type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string

const WRAPPING_TITLE = { title: { whiteSpace: 'normal' as const } }
const one = (v: number | null) => (v === null ? '—' : v.toFixed(2))
const percent = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)}%`)

export function questionTypeCards(
  analysis: QuestionAnalysis,
  t: Translate,
  locale: string,
): ReactElement[] {
  const text = (l: Parameters<typeof localizedText>[0]) => localizedText(l, locale)
  const cards: ReactElement[] = []
  for (const r of analysis.rankings ?? [])
    cards.push(
      <Card
        key={r.key}
        size="small"
        styles={WRAPPING_TITLE}
        title={`${text(r.title)} · n = ${r.n}`}
      >
        <Table
          size="small"
          pagination={false}
          rowKey="option"
          data-testid={`ranking-${r.key}`}
          dataSource={[...r.options].sort(
            (a, b) =>
              (a.meanRank ?? Number.POSITIVE_INFINITY) - (b.meanRank ?? Number.POSITIVE_INFINITY),
          )}
          columns={[
            { title: t('qt.option'), dataIndex: 'label', render: text },
            { title: t('qt.meanRank'), dataIndex: 'meanRank', render: one },
            { title: t('qt.firstShare'), dataIndex: 'firstShare', render: percent },
            { title: t('qt.rankedBy'), dataIndex: 'ranked' },
          ]}
        />
      </Card>,
    )
  for (const c of analysis.cascades ?? [])
    cards.push(
      <Card
        key={c.key}
        size="small"
        styles={WRAPPING_TITLE}
        title={`${text(c.title)} · n = ${c.n}`}
      >
        {c.levels.map((level) => (
          <div key={level.level}>
            <Typography.Text strong>{t('qt.level', { n: level.level })}</Typography.Text>
            <Table
              size="small"
              pagination={false}
              rowKey="path"
              data-testid={`cascade-${c.key}-${level.level}`}
              dataSource={level.counts}
              columns={[
                {
                  title: t('qt.option'),
                  dataIndex: 'labels',
                  render: (labels: Parameters<typeof localizedText>[0][]) =>
                    labels.map(text).join(' / '),
                },
                { title: t('qt.count'), dataIndex: 'count' },
                {
                  title: t('qt.share'),
                  dataIndex: 'count',
                  key: 'share',
                  render: (n: number) => percent(c.n ? (100 * n) / c.n : null),
                },
              ]}
            />
          </div>
        ))}
      </Card>,
    )
  for (const s of analysis.sliders ?? [])
    cards.push(
      <Card
        key={s.key}
        size="small"
        styles={WRAPPING_TITLE}
        title={`${text(s.title)} · n = ${s.n}`}
      >
        <Typography.Paragraph data-testid={`slider-${s.key}`}>
          {t('qt.mean')}: {one(s.mean)} ·{' '}
          {s.ci95
            ? `${t('qt.interval')}: ${one(s.ci95[0])} – ${one(s.ci95[1])}`
            : t('qt.noInterval')}
        </Typography.Paragraph>
      </Card>,
    )
  for (const d of analysis.dates ?? [])
    cards.push(
      <Card
        key={d.key}
        size="small"
        styles={WRAPPING_TITLE}
        title={`${text(d.title)} · n = ${d.n}`}
      >
        <Table
          size="small"
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          rowKey="bucket"
          data-testid={`dates-${d.key}`}
          dataSource={d.counts}
          columns={[
            {
              title: d.mode === 'time' ? t('qt.hour') : t('qt.day'),
              dataIndex: 'bucket',
              render: (b: string) => (d.mode === 'time' ? t('qt.hourOf', { h: b }) : b),
            },
            { title: t('qt.count'), dataIndex: 'count' },
          ]}
        />
      </Card>,
    )
  for (const m of analysis.choiceMatrices ?? []) {
    const options = m.rows[0]?.counts ?? []
    cards.push(
      <Card key={m.key} size="small" styles={WRAPPING_TITLE} title={text(m.title)}>
        <Table
          size="small"
          pagination={false}
          rowKey="row"
          scroll={{ x: true }}
          data-testid={`choice-matrix-${m.key}`}
          dataSource={m.rows}
          columns={[
            { title: t('qt.row'), dataIndex: 'label', render: text },
            ...options.map((o, i) => ({
              title: text(o.label),
              key: o.option,
              render: (_: unknown, row: (typeof m.rows)[number]) => row.counts[i]?.count ?? 0,
            })),
            { title: 'n', dataIndex: 'n' },
          ]}
        />
      </Card>,
    )
  }
  return cards
}
