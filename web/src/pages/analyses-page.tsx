import { Alert, Button, Card, Form, Input, Select, Space, Typography, Upload } from 'antd'
import { useState } from 'react'
import { api } from '../api/client'
import { readFileAsBase64 } from '../api/file-upload'
import { AnalysisResult } from '../components/analysis-result'
import { useI18n, type MessageKey } from '../i18n/i18n'
import { ANALYSIS_FIELDS } from './analysis-fields'

const METHODS = Object.keys(ANALYSIS_FIELDS)

export function AnalysesPage() {
  const { t, errorText } = useI18n()
  const [method, setMethod] = useState('nps')
  const [file, setFile] = useState<File | null>(null)
  const [result, setResult] = useState<{ method: string; data: Record<string, unknown> } | null>(
    null,
  )
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const run = async (values: Record<string, string | undefined>) => {
    if (!file) return setError(t('chooseFile'))
    setBusy(true)
    setError(null)
    try {
      const options = Object.fromEntries(
        Object.entries(values).filter(([, v]) => v !== undefined && v !== ''),
      )
      for (const key of ['model', 'tree'])
        if (typeof options[key] === 'string') options[key] = JSON.parse(options[key])
      const data = await api<Record<string, unknown>>('POST', `/analyses/${method}`, {
        file: { name: file.name, contentBase64: await readFileAsBase64(file) },
        options,
      })
      setResult({ method, data })
    } catch (e) {
      setResult(null)
      setError(e instanceof SyntaxError ? `${t('field.model')}: ${e.message}` : errorText(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={t('analyses')}>
        <Typography.Paragraph type="secondary">{t('analysesIntro')}</Typography.Paragraph>
        <Form layout="vertical" onFinish={run} key={method}>
          <Space wrap align="start">
            <Form.Item label={t('method')}>
              <Select
                style={{ width: 280 }}
                virtual={false}
                listHeight={400}
                value={method}
                onChange={(m) => {
                  setMethod(m)
                  setResult(null)
                }}
                data-testid="analysis-method"
                options={METHODS.map((m) => ({ value: m, label: t(`method.${m}` as MessageKey) }))}
              />
            </Form.Item>
            <Form.Item label={t('file')}>
              <Upload
                accept=".csv,.xlsx"
                maxCount={1}
                beforeUpload={(f) => {
                  setFile(f)
                  return false
                }}
                onRemove={() => setFile(null)}
              >
                <Button data-testid="analysis-file">{t('chooseFile')}</Button>
              </Upload>
            </Form.Item>
          </Space>
          <Space wrap align="start">
            {ANALYSIS_FIELDS[method]!.map((field) => (
              <Form.Item
                key={field.key}
                name={field.key}
                label={t(field.label)}
                rules={field.required ? [{ required: true }] : []}
                style={{ minWidth: field.multiline ? 520 : 200 }}
              >
                {field.choices ? (
                  <Select
                    allowClear
                    style={{ width: 200 }}
                    options={field.choices.map((c) => ({ value: c, label: c }))}
                  />
                ) : field.multiline ? (
                  <Input.TextArea
                    rows={4}
                    placeholder={field.placeholder}
                    data-testid={`field-${field.key}`}
                  />
                ) : (
                  <Input placeholder={field.placeholder} data-testid={`field-${field.key}`} />
                )}
              </Form.Item>
            ))}
          </Space>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="run-analysis">
            {t('run')}
          </Button>
        </Form>
      </Card>
      {error && <Alert type="error" title={error} showIcon data-testid="analysis-error" />}
      {result && <AnalysisResult method={result.method} result={result.data} />}
    </Space>
  )
}
