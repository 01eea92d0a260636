import { useMutation } from '@tanstack/react-query'
import { Alert, Input, Modal, Radio, Space, Typography } from 'antd'
import { useState } from 'react'
import {
  type Assessment,
  createAssessment,
  type Instrument,
  updateAssessment,
} from './maturity-api'
import type { MaturityWords } from './maturity-words'

/** Taking a unit's self-assessment, or editing one: every item rated on its five anchors. */
export function AssessmentDialog(props: {
  words: MaturityWords
  instrument: Instrument
  unitId: string
  unitName: string
  today: string
  editing: Assessment | null
  onClose: () => void
  onSaved: (assessment: Assessment) => void
}) {
  const { t, locale, errorText } = props.words
  const [assessedOn, setAssessedOn] = useState(props.editing?.assessedOn ?? props.today)
  const [note, setNote] = useState(props.editing?.note ?? '')
  const [ratings, setRatings] = useState<Record<string, number>>(props.editing?.ratings ?? {})
  const items = props.instrument.dimensions.flatMap((d) => d.items)
  const missing = items.filter((i) => ratings[i.key] === undefined).length
  const saving = useMutation({
    mutationFn: () => {
      const input = { assessedOn, ratings, ...(note.trim() ? { note: note.trim() } : {}) }
      return props.editing
        ? updateAssessment(props.editing.id, input)
        : createAssessment({ ...input, unitId: props.unitId })
    },
    onSuccess: props.onSaved,
  })
  return (
    <Modal
      open
      width={760}
      title={`${t('mat.form.title')} · ${props.unitName}`}
      onCancel={props.onClose}
      onOk={() => saving.mutate()}
      okText={t('mat.form.save')}
      okButtonProps={
        {
          disabled: missing > 0 || !/^\d{4}-\d{2}-\d{2}$/.test(assessedOn),
          loading: saving.isPending,
          'data-testid': 'mat-save',
        } as never
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('mat.form.date')}</Typography.Text>
        <Input
          type="date"
          value={assessedOn}
          onChange={(e) => setAssessedOn(e.target.value)}
          style={{ maxWidth: 200 }}
          aria-label={t('mat.form.date')}
          data-testid="mat-date"
        />
        {props.instrument.dimensions.map((d) => (
          <div key={d.key} data-testid={`mat-dim-${d.key}`}>
            <Typography.Title level={5} style={{ marginTop: 12 }}>
              {d.name[locale]}
            </Typography.Title>
            {d.items.map((item) => (
              <div key={item.key} style={{ marginBottom: 12 }}>
                <Typography.Text strong>{item.title[locale]}</Typography.Text>
                <Radio.Group
                  value={ratings[item.key]}
                  onChange={(e) => setRatings({ ...ratings, [item.key]: e.target.value as number })}
                  aria-label={item.title[locale]}
                  data-testid={`mat-item-${item.key}`}
                  style={{ display: 'flex', flexDirection: 'column', gap: 4, marginTop: 4 }}
                >
                  {item.anchors.map((anchor, i) => (
                    <Radio key={anchor['zh-CN']} value={i + 1}>
                      {`${i + 1} · ${anchor[locale]}`}
                    </Radio>
                  ))}
                </Radio.Group>
              </div>
            ))}
          </div>
        ))}
        <Typography.Text type="secondary">{t('mat.form.note')}</Typography.Text>
        <Input.TextArea
          rows={2}
          maxLength={2000}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          aria-label={t('mat.form.note')}
        />
        {missing > 0 && (
          <Typography.Text type="warning" data-testid="mat-missing">
            {t('mat.form.missing', { n: missing })}
          </Typography.Text>
        )}
        {saving.error && <Alert type="error" showIcon title={errorText(saving.error)} />}
      </Space>
    </Modal>
  )
}
