/**
 * The embeddable widget: one script tag on a customer's site shows a Manyi
 * survey inline or behind a feedback button, in an iframe of the survey page.
 *
 *   <script src="https://manyi.example.com/widget.js" data-survey="SLUG"
 *           data-mode="inline|popup" data-lang="zh-CN" data-store="A12" async></script>
 *
 * Inline, the frame takes the height of the page inside it (the survey page
 * reports it, frame-height.ts) unless data-height fixes one.
 *
 * Every other data-* attribute is passed on as a link parameter, so the
 * survey's hidden fields (store, order id, …) arrive with the answer.
 */

const RESERVED = new Set(['survey', 'mode', 'lang', 'label', 'height'])

function surveyUrl(script: HTMLScriptElement): string {
  const origin = new URL(script.src).origin
  const params = new URLSearchParams({ channel: 'widget' })
  for (const [key, value] of Object.entries(script.dataset)) {
    if (key === 'lang' && value) params.set('lang', value)
    else if (!RESERVED.has(key) && value !== undefined) params.set(key, value)
  }
  return `${origin}/s/${encodeURIComponent(script.dataset.survey ?? '')}?${params}`
}

function frame(url: string, height: string): HTMLIFrameElement {
  const iframe = document.createElement('iframe')
  iframe.src = url
  iframe.title = 'Survey'
  iframe.setAttribute(
    'style',
    `width:100%;height:${height};border:0;border-radius:10px;background:#f5f7fa`,
  )
  return iframe
}

function popup(script: HTMLScriptElement, url: string): void {
  const button = document.createElement('button')
  button.type = 'button'
  button.textContent =
    script.dataset.label ?? (script.dataset.lang === 'en-US' ? 'Feedback' : '意见反馈')
  button.setAttribute(
    'style',
    'position:fixed;right:20px;bottom:20px;z-index:2147483646;padding:12px 18px;border:0;border-radius:24px;background:#1677ff;color:#fff;font:600 15px system-ui,sans-serif;box-shadow:0 4px 12px rgba(0,0,0,.2);cursor:pointer',
  )
  button.setAttribute('aria-haspopup', 'dialog')
  button.addEventListener('click', () => {
    const overlay = document.createElement('div')
    overlay.setAttribute('role', 'dialog')
    overlay.setAttribute('aria-modal', 'true')
    overlay.setAttribute(
      'style',
      'position:fixed;inset:0;z-index:2147483647;background:rgba(0,0,0,.45);display:flex;align-items:center;justify-content:center',
    )
    const box = document.createElement('div')
    box.setAttribute(
      'style',
      'position:relative;width:min(480px,94vw);height:min(720px,90vh);background:#fff;border-radius:12px;overflow:hidden',
    )
    const close = document.createElement('button')
    close.type = 'button'
    close.textContent = '×'
    close.setAttribute('aria-label', 'Close')
    close.setAttribute(
      'style',
      'position:absolute;top:6px;right:8px;z-index:1;border:0;background:none;font-size:26px;cursor:pointer',
    )
    const remove = () => overlay.remove()
    close.addEventListener('click', remove)
    overlay.addEventListener('click', (e) => e.target === overlay && remove())
    box.append(close, frame(url, '100%'))
    overlay.append(box)
    document.body.append(overlay)
    close.focus()
  })
  document.body.append(button)
}

/** Follow the height the page in the frame reports; only messages from that frame and Manyi's origin count. */
function fitToContent(iframe: HTMLIFrameElement, origin: string): void {
  window.addEventListener('message', (event: MessageEvent) => {
    if (event.source !== iframe.contentWindow || event.origin !== origin) return
    const data = event.data as { type?: unknown; height?: unknown } | null
    if (
      data?.type !== 'manyi:height' ||
      typeof data.height !== 'number' ||
      !Number.isFinite(data.height)
    )
      return
    iframe.style.height = `${Math.min(4000, Math.max(200, Math.ceil(data.height)))}px`
  })
}

const script = document.currentScript as HTMLScriptElement | null
if (script?.dataset.survey) {
  const url = surveyUrl(script)
  if (script.dataset.mode === 'popup') popup(script, url)
  else {
    const iframe = frame(url, script.dataset.height ?? '480px')
    if (!script.dataset.height) fitToContent(iframe, new URL(script.src).origin)
    script.after(iframe)
  }
}
