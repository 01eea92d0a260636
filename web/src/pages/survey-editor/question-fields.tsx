import { Button, Card, Form, Input, InputNumber, Select, Space, Switch } from 'antd'
import {
  MATRIX_SCALES,
  SERVQUAL_DIMENSION_KEYS,
  type QuestionType,
} from '../../../../src/surveys/survey.schema'
import { useI18n, type MessageKey } from '../../i18n/i18n'

/** "Show only if": an earlier question and the answers (or range) that show this one. */
export function ShowIfFields({ name, earlier }: { name: number; earlier: string[] }) {
  const { t } = useI18n()
  return (
    <Space wrap align="start">
      <Form.Item label={t('showIf')} name={[name, 'showIf', 'question']}>
        <Select
          allowClear
          style={{ width: 160 }}
          placeholder={t('showAlways')}
          options={earlier.map((key) => ({ value: key, label: key }))}
        />
      </Form.Item>
      <Form.Item label={t('showIfAnyOf')} name={[name, 'showIf', 'anyOf']}>
        <Select mode="tags" style={{ width: 200 }} tokenSeparators={[',']} />
      </Form.Item>
      <Form.Item label={t('showIfMin')} name={[name, 'showIf', 'min']}>
        <InputNumber style={{ width: 90 }} />
      </Form.Item>
      <Form.Item label={t('showIfMax')} name={[name, 'showIf', 'max']}>
        <InputNumber style={{ width: 90 }} />
      </Form.Item>
    </Space>
  )
}

/** An editable list of { key, label } items: a choice question's options, a matrix's rows. */
export function KeyedLabelList({
  path,
  title,
  keyPrefix,
  extra,
  imageLabel,
}: {
  path: Array<string | number>
  title: string
  keyPrefix: string
  extra: React.ReactNode
  /** Image choices: each item has an image address too. */
  imageLabel?: string
}) {
  const { t } = useI18n()
  return (
    <Form.List name={path}>
      {(items, { add, remove }) => (
        <Card
          size="small"
          type="inner"
          title={title}
          extra={
            <Space>
              {extra}
              <Button
                size="small"
                onClick={() =>
                  add({ key: `${keyPrefix}${items.length + 1}`, label: { 'zh-CN': '' } })
                }
              >
                +
              </Button>
            </Space>
          }
        >
          {items.map((item) => (
            <Space key={item.key} wrap align="start">
              <Form.Item
                name={[item.name, 'key']}
                rules={[{ required: true, pattern: /^[a-z0-9][a-z0-9_-]{0,39}$/ }]}
              >
                <Input placeholder={t('optionKey')} style={{ width: 100 }} />
              </Form.Item>
              <Form.Item
                name={[item.name, 'label', 'zh-CN']}
                rules={[{ required: true, whitespace: true }]}
              >
                <Input placeholder={t('questionTitleZh')} />
              </Form.Item>
              <Form.Item name={[item.name, 'label', 'en-US']}>
                <Input placeholder={t('questionTitleEn')} />
              </Form.Item>
              {imageLabel && (
                <Form.Item name={[item.name, 'image']} rules={[{ required: true }]}>
                  <Input placeholder={imageLabel} aria-label={imageLabel} />
                </Form.Item>
              )}
              <Button size="small" onClick={() => remove(item.name)}>
                {t('remove')}
              </Button>
            </Space>
          ))}
        </Card>
      )}
    </Form.List>
  )
}

/** The parts of a question only some types have: choices, matrix rows, Kano wording, SERVQUAL dimension. */
export function TypeSpecificFields({ name, type }: { name: number; type: QuestionType }) {
  const { t } = useI18n()
  if (type === 'single' || type === 'multiple') {
    const randomize = (
      <>
        <Form.Item name={[name, 'randomize']} valuePropName="checked" noStyle>
          <Switch size="small" />
        </Form.Item>
        <span>{t('randomizeOptions')}</span>
      </>
    )
    return (
      <KeyedLabelList
        path={[name, 'options']}
        title={t('options')}
        keyPrefix="o"
        extra={randomize}
      />
    )
  }
  if (type === 'matrix') {
    const scale = (
      <Form.Item name={[name, 'matrix', 'scale']} noStyle>
        <Select
          size="small"
          style={{ width: 200 }}
          options={MATRIX_SCALES.map((s) => ({ value: s, label: t(`type.${s}` as MessageKey) }))}
        />
      </Form.Item>
    )
    return (
      <KeyedLabelList
        path={[name, 'matrix', 'rows']}
        title={t('matrixRows')}
        keyPrefix="r"
        extra={scale}
      />
    )
  }
  if (type === 'kano') {
    return (
      <Space wrap style={{ width: '100%' }} styles={{ item: { flex: '1 1 320px' } }}>
        <Form.Item
          label={t('kanoFunctional')}
          name={[name, 'kano', 'functional', 'zh-CN']}
          rules={[{ required: true }]}
        >
          <Input />
        </Form.Item>
        <Form.Item
          label={t('kanoDysfunctional')}
          name={[name, 'kano', 'dysfunctional', 'zh-CN']}
          rules={[{ required: true }]}
        >
          <Input />
        </Form.Item>
        {/* The paired wording in English, as the title has it: English respondents see these. */}
        <Form.Item label={t('kanoFunctionalEn')} name={[name, 'kano', 'functional', 'en-US']}>
          <Input data-testid="kano-functional-en" />
        </Form.Item>
        <Form.Item label={t('kanoDysfunctionalEn')} name={[name, 'kano', 'dysfunctional', 'en-US']}>
          <Input data-testid="kano-dysfunctional-en" />
        </Form.Item>
      </Space>
    )
  }
  if (type === 'servqual') {
    return (
      <Space wrap>
        <Form.Item
          label={t('servqualDimension')}
          name={[name, 'servqual', 'dimension']}
          rules={[{ required: true }]}
        >
          <Select
            style={{ width: 180 }}
            options={SERVQUAL_DIMENSION_KEYS.map((d) => ({
              value: d,
              label: t(`dimension.${d}` as MessageKey),
            }))}
          />
        </Form.Item>
        <Form.Item
          label={t('servqualReversed')}
          name={[name, 'servqual', 'reversed']}
          valuePropName="checked"
        >
          <Switch />
        </Form.Item>
      </Space>
    )
  }
  return null
}
