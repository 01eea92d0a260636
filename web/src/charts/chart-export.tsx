import { DownloadOutlined } from '@ant-design/icons'
import { Button, Space } from 'antd'
import { createContext, type RefObject } from 'react'
import type ReactEChartsCore from 'echarts-for-react/esm/core'
import { fileBase, saveBlob } from '../components/download-file'

/**
 * Charts inside this context offer their picture as PNG and SVG, saved as
 * `<name>-<chart>-<date>`: the workbench's results give it the analysis's name and the date.
 */
export const ChartExportContext = createContext<{
  name: string
  date: string
  labels: { png: string; svg: string; title: string }
} | null>(null)

/** The chart's SVG (the charts render as SVG), and a PNG drawn from it at twice the size on white. */
async function chartPicture(chart: ReactEChartsCore, type: 'png' | 'svg'): Promise<Blob> {
  const instance = chart.getEchartsInstance()
  const svg = instance.renderToSVGString()
  const svgBlob = new Blob([svg], { type: 'image/svg+xml;charset=utf-8' })
  if (type === 'svg') return svgBlob
  const url = URL.createObjectURL(svgBlob)
  try {
    const image = new Image()
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve()
      image.onerror = () => reject(new Error('chart picture'))
      image.src = url
    })
    const canvas = document.createElement('canvas')
    canvas.width = instance.getWidth() * 2
    canvas.height = instance.getHeight() * 2
    const context = canvas.getContext('2d')!
    context.fillStyle = '#ffffff'
    context.fillRect(0, 0, canvas.width, canvas.height)
    context.drawImage(image, 0, 0, canvas.width, canvas.height)
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('chart picture'))), 'image/png'),
    )
  } finally {
    URL.revokeObjectURL(url)
  }
}

export function ChartExportButtons({
  chart,
  chartName,
  target,
}: {
  chart: RefObject<ReactEChartsCore | null>
  chartName: string
  target: { name: string; date: string; labels: { png: string; svg: string; title: string } }
}) {
  const save = async (type: 'png' | 'svg') => {
    if (!chart.current) return
    const blob = await chartPicture(chart.current, type)
    saveBlob(`${fileBase(target.name)}-${chartName}-${target.date}.${type}`, blob)
  }
  return (
    <Space size={4} style={{ display: 'flex', justifyContent: 'flex-end' }}>
      {(['png', 'svg'] as const).map((type) => (
        <Button
          key={type}
          size="small"
          type="text"
          icon={<DownloadOutlined />}
          title={`${target.labels.title}: ${target.labels[type]}`}
          data-testid={`chart-${type}`}
          onClick={() => void save(type)}
        >
          {target.labels[type]}
        </Button>
      ))}
    </Space>
  )
}
