/**
 * Inside the widget's iframe, tell the embedding page how tall this page is,
 * so the frame fits its content without a scroll bar of its own — also after
 * the next page, an error summary or the thank-you page. Outside a frame it
 * does nothing. Only a height is sent, so any embedding origin may hear it.
 */
if (window.parent !== window) {
  let last = 0
  const report = () => {
    // The body's own height: the document's scroll height never drops below the frame's, so it could not shrink.
    const height = Math.ceil(document.body.getBoundingClientRect().height)
    if (height === last) return
    last = height
    window.parent.postMessage({ type: 'manyi:height', height }, '*')
  }
  new ResizeObserver(report).observe(document.body)
  report()
}
