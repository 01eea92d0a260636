import { Col, Input, InputNumber, Row, Select, Typography } from 'antd'
import type { AppraisalFormulaSpec } from './appraisal-api'
import type { AppraisalWords } from './appraisal-words'

/** Where a new organisation starts: the demo's balance of satisfaction and timeliness. */
export const STARTING_SPEC: AppraisalFormulaSpec = {
  weights: { csat: 50, nps: 30, ces: 0, sla: 20, recovery: 0 },
  minN: 10,
  belowMinimum: 'shrunk',
  praiseBonus: { perPraise: 2, cap: 6 },
  complaintPenalty: { ours: 5, thirdParty: 2, customer: 0, unknown: 1, cap: 15 },
  scoreCap: 100,
}

const OUTCOMES = ['csat', 'nps', 'ces', 'sla', 'recovery'] as const
const RESPONSIBILITIES = ['ours', 'thirdParty', 'customer', 'unknown'] as const

function NumberField(props: {
  label: string
  value: number | undefined
  min?: number
  max?: number
  onChange: (v: number) => void
  testId: string
}) {
  return (
    <Col xs={12} sm={8} md={6} lg={4}>
      <Typography.Text type="secondary">{props.label}</Typography.Text>
      <InputNumber
        style={{ width: '100%' }}
        min={props.min ?? 0}
        max={props.max ?? 1000}
        value={props.value ?? 0}
        onChange={(v) => props.onChange(typeof v === 'number' ? v : 0)}
        data-testid={props.testId}
        aria-label={props.label}
      />
    </Col>
  )
}

/** The formula's every setting: outcome weights, minimum n and its policy, praise bonus, complaint penalties, cap. */
export function FormulaEditor({
  spec,
  note,
  onChange,
  onNote,
  words,
  readOnly,
}: {
  spec: AppraisalFormulaSpec
  note: string
  onChange: (spec: AppraisalFormulaSpec) => void
  onNote: (note: string) => void
  words: AppraisalWords
  readOnly: boolean
}) {
  const { t } = words
  const gutter: [number, number] = [12, 12]
  return (
    <div data-testid="ap-formula-editor">
      <Typography.Title level={5}>{t('ap.formula.weights')}</Typography.Title>
      <Row gutter={gutter}>
        {OUTCOMES.map((o) => (
          <NumberField
            key={o}
            label={t(`ap.outcome.${o}`)}
            value={spec.weights[o]}
            onChange={(v) => onChange({ ...spec, weights: { ...spec.weights, [o]: v } })}
            testId={`ap-weight-${o}`}
          />
        ))}
      </Row>
      <Row gutter={gutter} style={{ marginTop: 12 }}>
        <NumberField
          label={t('ap.formula.minN')}
          value={spec.minN}
          min={1}
          max={10_000}
          onChange={(v) => onChange({ ...spec, minN: Math.max(1, Math.round(v)) })}
          testId="ap-min-n"
        />
        <Col xs={24} sm={16} md={12} lg={8}>
          <Typography.Text type="secondary">{t('ap.formula.below')}</Typography.Text>
          <Select
            style={{ width: '100%' }}
            value={spec.belowMinimum}
            onChange={(v) => onChange({ ...spec, belowMinimum: v })}
            options={[
              { value: 'shrunk', label: t('ap.formula.below.shrunk') },
              { value: 'exclude', label: t('ap.formula.below.exclude') },
            ]}
            data-testid="ap-below-minimum"
            aria-label={t('ap.formula.below')}
          />
        </Col>
        <NumberField
          label={t('ap.formula.scoreCap')}
          value={spec.scoreCap}
          min={1}
          onChange={(v) => onChange({ ...spec, scoreCap: Math.max(1, v) })}
          testId="ap-score-cap"
        />
      </Row>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('ap.formula.praise')}
      </Typography.Title>
      <Row gutter={gutter}>
        <NumberField
          label={t('ap.formula.perPraise')}
          value={spec.praiseBonus.perPraise}
          onChange={(v) =>
            onChange({ ...spec, praiseBonus: { ...spec.praiseBonus, perPraise: v } })
          }
          testId="ap-praise-per"
        />
        <NumberField
          label={t('ap.formula.cap')}
          value={spec.praiseBonus.cap}
          onChange={(v) => onChange({ ...spec, praiseBonus: { ...spec.praiseBonus, cap: v } })}
          testId="ap-praise-cap"
        />
      </Row>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('ap.formula.penalty')}
      </Typography.Title>
      <Row gutter={gutter}>
        {RESPONSIBILITIES.map((r) => (
          <NumberField
            key={r}
            label={t(`ap.resp.${r}`)}
            value={spec.complaintPenalty[r]}
            onChange={(v) =>
              onChange({ ...spec, complaintPenalty: { ...spec.complaintPenalty, [r]: v } })
            }
            testId={`ap-penalty-${r}`}
          />
        ))}
        <NumberField
          label={t('ap.formula.cap')}
          value={spec.complaintPenalty.cap}
          onChange={(v) =>
            onChange({ ...spec, complaintPenalty: { ...spec.complaintPenalty, cap: v } })
          }
          testId="ap-penalty-cap"
        />
      </Row>
      {!readOnly && (
        <Row gutter={gutter} style={{ marginTop: 16 }}>
          <Col xs={24} md={16}>
            <Typography.Text type="secondary">{t('ap.formula.note')}</Typography.Text>
            <Input
              value={note}
              maxLength={500}
              onChange={(e) => onNote(e.target.value)}
              data-testid="ap-formula-note"
              aria-label={t('ap.formula.note')}
            />
          </Col>
        </Row>
      )}
    </div>
  )
}
