/**
 * The survey editor's preview runs the respondent page's own script in a frame that may not
 * submit (its sandbox has no allow-forms). Here the page's buttons say instead that nothing is
 * submitted, and its language link asks the editor to show the other language, so nothing in the
 * preview tries to leave the frame.
 */
export function guardPreview(form: HTMLFormElement): void {
  const note = form.querySelector<HTMLElement>('[data-preview-note]')
  // A click on a submit button (also the one Enter in a field presses) is where a submission starts.
  form.addEventListener('click', (event) => {
    const button = (event.target as Element).closest('button[type=submit], input[type=submit]')
    if (!button) return
    event.preventDefault()
    if (note) note.hidden = false
  })
  const lang = document.querySelector<HTMLAnchorElement>('a.lang')
  lang?.addEventListener('click', (event) => {
    event.preventDefault()
    // Only a language code is sent: any listener may hear it (the frame's own origin reads "null").
    window.parent.postMessage({ type: 'manyi:preview-lang', lang: lang.getAttribute('lang') }, '*')
  })
}
