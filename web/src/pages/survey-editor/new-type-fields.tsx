import { Checkbox, Form, Input, InputNumber, Select, Space, Switch, Typography } from 'antd'
import { useState } from 'react'
import {
  type CascadeNode,
  cascadeLeaves,
  DATETIME_MODES,
  type QuestionType,
  UPLOAD_KINDS,
  UPLOAD_MAX_MB,
} from '../../../../src/surveys/survey.schema'
import { type MessageKey, useI18n } from '../../i18n/i18n'
import { linesToTree, treeToLines } from './new-type-defaults'
import { KeyedLabelList } from './question-fields'

export const NEW_EDITOR_TYPES: ReadonlySet<QuestionType> = new Set<QuestionType>([
  'ranking',
  'cascade',
  'image_choice',
  'slider',
  'datetime',
  'location',
  'signature',
  'choice_matrix',
  'file_upload',
])

/** Whether the respondent page takes the type without JavaScript (location and signature fall back to text). */
const NEEDS_JS: ReadonlySet<QuestionType> = new Set<QuestionType>(['location', 'signature'])

/** A cascade's tree edited as lines of text (one last-level choice per line). */
function TreeLines({
  value,
  onChange,
}: {
  value?: CascadeNode[]
  onChange?: (tree: CascadeNode[]) => void
}) {
  const { t } = useI18n()
  const [text, setText] = useState(() => treeToLines(value))
  return (
    <>
      <Input.TextArea
        rows={6}
        value={text}
        aria-label={t('qt.cascadeTree')}
        data-testid="cascade-lines"
        onChange={(e) => setText(e.target.value)}
        onBlur={() => onChange?.(linesToTree(text, value))}
      />
      <Typography.Text type="secondary">
        {t('qt.cascadeLeaves', { n: cascadeLeaves(value ?? []).length })}
      </Typography.Text>
    </>
  )
}

function MultipleSwitch({ name }: { name: number }) {
  const { t } = useI18n()
  return (
    <>
      <Form.Item name={[name, 'multiple']} valuePropName="checked" noStyle>
        <Switch size="small" />
      </Form.Item>
      <span>{t('qt.allowMultiple')}</span>
    </>
  )
}

/** The parts the newer types need: options, rows, a slider's range, a date's mode, a cascade's tree. */
export function NewTypeFields({ name, type }: { name: number; type: QuestionType }) {
  const { t } = useI18n()
  const note = (
    <Typography.Paragraph type="secondary" data-testid={`no-js-note-${name}`}>
      {NEEDS_JS.has(type) ? t('qt.needsJsNote') : t('qt.noJsNote')}
    </Typography.Paragraph>
  )
  switch (type) {
    case 'ranking':
      return (
        <>
          {note}
          <KeyedLabelList
            path={[name, 'options']}
            title={t('options')}
            keyPrefix="o"
            extra={null}
          />
        </>
      )
    case 'image_choice':
      return (
        <>
          {note}
          <KeyedLabelList
            path={[name, 'options']}
            title={t('options')}
            keyPrefix="o"
            extra={<MultipleSwitch name={name} />}
            imageLabel={t('qt.imagePath')}
          />
        </>
      )
    case 'choice_matrix':
      return (
        <>
          {note}
          <KeyedLabelList
            path={[name, 'rows']}
            title={t('matrixRows')}
            keyPrefix="r"
            extra={<MultipleSwitch name={name} />}
          />
          <KeyedLabelList
            path={[name, 'options']}
            title={t('qt.columns')}
            keyPrefix="c"
            extra={null}
          />
        </>
      )
    case 'slider':
      return (
        <>
          {note}
          <Space wrap>
            <Form.Item
              label={t('qt.sliderMin')}
              name={[name, 'slider', 'min']}
              rules={[{ required: true }]}
            >
              <InputNumber precision={0} />
            </Form.Item>
            <Form.Item
              label={t('qt.sliderMax')}
              name={[name, 'slider', 'max']}
              rules={[{ required: true }]}
            >
              <InputNumber precision={0} />
            </Form.Item>
            <Form.Item label={t('qt.sliderStep')} name={[name, 'slider', 'step']}>
              <InputNumber precision={0} min={1} />
            </Form.Item>
          </Space>
        </>
      )
    case 'datetime':
      return (
        <>
          {note}
          <Form.Item label={t('qt.dateMode')} name={[name, 'datetime', 'mode']}>
            <Select
              style={{ width: 180 }}
              options={DATETIME_MODES.map((m) => ({
                value: m,
                label: t(`qt.mode.${m}` as MessageKey),
              }))}
            />
          </Form.Item>
        </>
      )
    case 'file_upload':
      return (
        <>
          <Typography.Paragraph type="secondary" data-testid={`no-js-note-${name}`}>
            {t('qt.uploadNote')}
          </Typography.Paragraph>
          <Space wrap align="start">
            <Form.Item
              label={t('qt.uploadMaxMb')}
              name={[name, 'upload', 'maxMb']}
              rules={[{ required: true }]}
            >
              <InputNumber
                precision={0}
                min={1}
                max={UPLOAD_MAX_MB}
                data-testid={`upload-max-${name}`}
              />
            </Form.Item>
            <Form.Item
              label={t('qt.uploadKinds')}
              name={[name, 'upload', 'kinds']}
              rules={[{ required: true, type: 'array', min: 1 }]}
            >
              <Checkbox.Group
                data-testid={`upload-kinds-${name}`}
                options={UPLOAD_KINDS.map((k) => ({
                  value: k,
                  label: t(`qt.kind.${k}` as MessageKey),
                }))}
              />
            </Form.Item>
          </Space>
        </>
      )
    case 'cascade':
      return (
        <>
          {note}
          <Form.Item label={t('qt.cascadeTree')} name={[name, 'tree']}>
            <TreeLines />
          </Form.Item>
        </>
      )
    default:
      return note
  }
}
