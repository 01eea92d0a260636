import { Button, Card, Checkbox, Form, InputNumber, Select, Typography } from 'antd'
import type { Question } from '../../../../src/surveys/survey.schema'
import { localizedText } from '../../components/localized-text'
import { useI18n } from '../../i18n/i18n'

/** Question types whose answers are CSI items (src/responses/question-analysis-csi.ts). */
const CSI_TYPES = new Set(['likert5', 'likert7', 'rating10', 'csm7'])

export interface CsiItemRef {
  /** A question's key, or key.row for a matrix row: the key of settings.csiWeights. */
  key: string
  label: string
}

/** The survey's rating items the dashboard's CSI is made of, named in the reader's language. */
export function csiItemsOf(questions: readonly Partial<Question>[], locale: string): CsiItemRef[] {
  return questions.flatMap((q): CsiItemRef[] => {
    if (!q?.key) return []
    const title = q.title ? localizedText(q.title, locale) : q.key
    if (q.type && CSI_TYPES.has(q.type)) return [{ key: q.key, label: title || q.key }]
    if (q.type === 'matrix' && q.matrix)
      return q.matrix.rows
        .filter((row) => row?.key)
        .map((row) => ({
          key: `${q.key}.${row.key}`,
          label: `${title} · ${row.label ? localizedText(row.label, locale) : row.key}`,
        }))
    return []
  })
}

/**
 * The given weights as settings.csiWeights stores them: only the survey's current items, only
 * numbers given (an item left empty weighs 1); undefined when none is given.
 */
export function csiWeightsToSave(
  items: readonly CsiItemRef[],
  weights: Record<string, number | null | undefined> | undefined,
): Record<string, number> | undefined {
  const given = items.flatMap(({ key }) => {
    const w = weights?.[key]
    return typeof w === 'number' && Number.isFinite(w) ? [[key, w] as const] : []
  })
  return given.length > 0 ? Object.fromEntries(given) : undefined
}

/** The CSI definition as settings.csi stores it: chosen items (left out when all are) and weighting. */
export function csiToSave(
  items: readonly CsiItemRef[],
  csi: { items?: string[] | null; weighting?: string | null } | undefined,
): { items?: string[]; weighting?: 'given' | 'importance' | 'drivers' } | undefined {
  const chosen = csi?.items?.filter((key) => items.some((item) => item.key === key))
  const some = chosen && chosen.length > 0 && chosen.length < items.length ? chosen : undefined
  const weighting = csi?.weighting as 'given' | 'importance' | 'drivers' | null | undefined
  if (!some && !weighting) return undefined
  return { ...(some ? { items: some } : {}), ...(weighting ? { weighting } : {}) }
}

/** Each item's share of the index in percent (empty weighs 1; left out: 0), as the dashboard normalises. */
export function csiShares(
  items: readonly CsiItemRef[],
  weights: Record<string, number | null | undefined> | undefined,
  included: (key: string) => boolean = () => true,
): number[] {
  const raw = items.map(({ key }) => {
    const w = weights?.[key]
    if (!included(key)) return 0
    return typeof w === 'number' && w > 0 ? w : w === undefined || w === null ? 1 : 0
  })
  const total = raw.reduce((a, b) => a + b, 0)
  return raw.map((w) => (total > 0 ? (100 * w) / total : 0))
}

/** The survey's CSI: its items and their given weights, each shown as its share of 100%. */
export function CsiCard() {
  const { t, locale } = useI18n()
  const form = Form.useFormInstance()
  const questions = (Form.useWatch('questions', form) ?? []) as Partial<Question>[]
  const weights = Form.useWatch(['settings', 'csiWeights'], form) as
    | Record<string, number | null>
    | undefined
  const chosen = Form.useWatch(['settings', 'csi', 'items'], form) as string[] | undefined
  const items = csiItemsOf(questions, locale)
  // No list: every item is in the index.
  const included = (key: string) => !chosen || chosen.length === 0 || chosen.includes(key)
  const shares = csiShares(items, weights, included)
  const toggle = (key: string, on: boolean) => {
    const now = items.map((i) => i.key).filter((k) => (k === key ? on : included(k)))
    // At least one item stays in the index.
    if (now.length === 0) return
    form.setFieldValue(['settings', 'csi', 'items'], now.length === items.length ? undefined : now)
  }
  return (
    <Card
      size="small"
      title={t('csiSection')}
      style={{ marginBottom: 12 }}
      data-testid="csi-card"
      extra={
        items.length > 0 && (
          <Button
            size="small"
            onClick={() => form.setFieldValue(['settings', 'csiWeights'], {})}
            data-testid="csi-equal"
          >
            {t('csiEqualWeights')}
          </Button>
        )
      }
    >
      {items.length === 0 ? (
        <Typography.Text type="secondary" data-testid="csi-no-items">
          {t('csiNoItems')}
        </Typography.Text>
      ) : (
        <>
          <Typography.Paragraph type="secondary">{t('csiSectionHelp')}</Typography.Paragraph>
          <Form.Item name={['settings', 'csi', 'items']} hidden>
            <Select mode="multiple" />
          </Form.Item>
          <Form.Item name={['settings', 'csi', 'weighting']} label={t('csiWeightingDefault')}>
            <Select
              allowClear
              placeholder={t('csiWeightingAuto')}
              style={{ maxWidth: 360, width: '100%' }}
              data-testid="csi-weighting"
              options={(['given', 'importance', 'drivers'] as const).map((w) => ({
                value: w,
                label: t(`csiWeighting.${w}`),
              }))}
            />
          </Form.Item>
          {items.map((item, i) => (
            <div
              key={item.key}
              data-testid={`csi-item-${item.key}`}
              style={{
                display: 'flex',
                flexWrap: 'wrap',
                alignItems: 'center',
                columnGap: 12,
                borderTop: i === 0 ? undefined : '1px solid rgba(5, 5, 5, 0.06)',
                paddingTop: 8,
              }}
            >
              <Checkbox
                checked={included(item.key)}
                onChange={(e) => toggle(item.key, e.target.checked)}
                style={{ flex: '1 1 200px', minWidth: 0, wordBreak: 'break-word' }}
                data-testid={`csi-in-${item.key}`}
              >
                {item.label}
              </Checkbox>
              <Form.Item
                name={['settings', 'csiWeights', item.key]}
                label={t('csiWeight')}
                style={{ marginBottom: 8 }}
                rules={[
                  {
                    validator: (_, value: number | null | undefined) =>
                      value === null || value === undefined || value > 0
                        ? Promise.resolve()
                        : Promise.reject(new Error(t('csiWeightPositive'))),
                  },
                ]}
              >
                <InputNumber
                  min={0}
                  max={1000}
                  step={1}
                  placeholder="1"
                  style={{ width: 140 }}
                  data-testid={`csi-weight-${item.key}`}
                />
              </Form.Item>
              <Typography.Text
                type="secondary"
                style={{ width: 96, textAlign: 'right' }}
                data-testid={`csi-share-${item.key}`}
              >
                {included(item.key)
                  ? `${t('csiShare')} ${shares[i]!.toFixed(1)}%`
                  : t('csiLeftOut')}
              </Typography.Text>
            </div>
          ))}
        </>
      )}
    </Card>
  )
}
