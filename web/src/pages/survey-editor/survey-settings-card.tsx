import { Card, DatePicker, Form, InputNumber, Select, Space, Switch } from 'antd'
import { useI18n } from '../../i18n/i18n'
import { WeightFieldControl } from './weight-field-control'

/**
 * Hidden and signed link fields, open and close times, quota, pilot mode, answer-quality
 * thresholds and the respondent weight field.
 */
export function SurveySettingsCard() {
  const { t } = useI18n()
  return (
    <Card size="small" title={t('settings')} style={{ marginBottom: 12 }}>
      <Space wrap align="start">
        <Form.Item
          label={t('hiddenFields')}
          name={['settings', 'hiddenFields']}
          tooltip={t('hiddenFieldsHelp')}
        >
          <Select
            mode="tags"
            style={{ width: 280 }}
            tokenSeparators={[',', ' ']}
            placeholder="store, region"
          />
        </Form.Item>
        <Form.Item
          noStyle
          shouldUpdate={(a, b) => a.settings?.hiddenFields !== b.settings?.hiddenFields}
        >
          {({ getFieldValue }) => (
            <Form.Item
              label={t('signedFields')}
              name={['settings', 'signedFields']}
              tooltip={t('signedFieldsHelp')}
            >
              <Select
                mode="multiple"
                style={{ width: 220 }}
                options={(
                  (getFieldValue(['settings', 'hiddenFields']) as string[] | undefined) ?? []
                ).map((f) => ({ value: f, label: f }))}
              />
            </Form.Item>
          )}
        </Form.Item>
        <Form.Item label={t('opensAt')} name={['settings', 'opensAt']}>
          <DatePicker showTime />
        </Form.Item>
        <Form.Item label={t('closesAt')} name={['settings', 'closesAt']}>
          <DatePicker showTime />
        </Form.Item>
        <Form.Item label={t('responseQuota')} name={['settings', 'responseQuota']}>
          <InputNumber min={1} style={{ width: 140 }} />
        </Form.Item>
        <Form.Item
          label={t('pilotMode')}
          name={['settings', 'pilot']}
          valuePropName="checked"
          tooltip={t('pilotHelp')}
        >
          <Switch />
        </Form.Item>
        <Form.Item
          label={t('speederThreshold')}
          name={['settings', 'quality', 'minSecondsPerAnswer']}
          tooltip={t('speederThresholdHelp')}
        >
          <InputNumber
            min={0}
            max={60}
            step={0.5}
            placeholder="1.5"
            style={{ width: 140 }}
            data-testid="speeder-threshold"
          />
        </Form.Item>
        <Form.Item
          label={t('straightLineThreshold')}
          name={['settings', 'quality', 'straightLineMin']}
          tooltip={t('straightLineThresholdHelp')}
        >
          <InputNumber min={0} max={100} precision={0} placeholder="4" style={{ width: 140 }} />
        </Form.Item>
      </Space>
      <WeightFieldControl />
    </Card>
  )
}
