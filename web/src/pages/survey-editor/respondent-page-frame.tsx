import { type CSSProperties, useEffect, useRef } from 'react'

type Lang = 'zh-CN' | 'en-US'

/**
 * The respondent page's HTML (rendered by the server's own renderer) shown with the page's own
 * script — show/skip logic, the slider's range, the signature pad — in a sandboxed frame that
 * cannot submit or leave. Used by the editor's live preview and the template picker's preview.
 * The page's language link, pressed inside, calls onLang instead of navigating.
 */
export function RespondentPageFrame({
  html,
  title,
  testId,
  onLang,
  style,
}: {
  html: string
  title: string
  testId: string
  onLang?: (lang: Lang) => void
  style: CSSProperties
}) {
  const frame = useRef<HTMLIFrameElement>(null)
  useEffect(() => {
    if (!onLang) return
    const onMessage = (event: MessageEvent) => {
      const data = event.data as { type?: unknown; lang?: unknown } | null
      if (event.source !== frame.current?.contentWindow || data?.type !== 'manyi:preview-lang')
        return
      if (data.lang === 'zh-CN' || data.lang === 'en-US') onLang(data.lang)
    }
    window.addEventListener('message', onMessage)
    return () => window.removeEventListener('message', onMessage)
  }, [onLang])
  return (
    <iframe
      ref={frame}
      title={title}
      srcDoc={html}
      // The respondent page's own script runs (same origin for it, the styles and the logo; the
      // app's Content-Security-Policy, inherited, lets only this site's scripts run); without
      // allow-forms, allow-popups and allow-top-navigation nothing in it submits or leaves it.
      sandbox="allow-scripts allow-same-origin"
      data-testid={testId}
      style={{
        display: 'block',
        margin: '0 auto',
        maxWidth: '100%',
        border: '1px solid #d9d9d9',
        borderRadius: 8,
        background: '#fff',
        ...style,
      }}
    />
  )
}
