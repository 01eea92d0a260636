/**
 * Progressive enhancement of the newer question types. The page works without any of it: a
 * slider is a number input, a location and a signature are typed text. With JavaScript, a range
 * follows the number, a button fills in the device's position as "latitude,longitude", and a pad
 * takes a drawn signature (sent as a PNG data: address in the same field).
 */

function enhanceSlider(box: HTMLElement): void {
  const number = box.querySelector<HTMLInputElement>('input[type=number]')
  if (!number || box.querySelector('input[type=range]')) return
  const range = document.createElement('input')
  range.type = 'range'
  range.min = number.min
  range.max = number.max
  range.step = number.step
  range.value = number.value || String((Number(number.min) + Number(number.max)) / 2)
  const labelledBy = number.getAttribute('aria-labelledby')
  if (labelledBy) range.setAttribute('aria-labelledby', labelledBy)
  range.addEventListener('input', () => {
    number.value = range.value
    number.dispatchEvent(new Event('change', { bubbles: true }))
  })
  number.addEventListener('input', () => {
    if (number.value !== '') range.value = number.value
  })
  box.insertBefore(range, number)
}

function enhanceLocation(input: HTMLInputElement): void {
  if (!('geolocation' in navigator)) return
  const button = document.createElement('button')
  button.type = 'button'
  button.className = 'tool secondary'
  button.textContent = input.dataset.locate ?? ''
  button.addEventListener('click', () => {
    navigator.geolocation.getCurrentPosition(
      (p) => {
        input.value = `${p.coords.latitude.toFixed(5)},${p.coords.longitude.toFixed(5)}`
      },
      () => {
        button.textContent = input.dataset.locateFailed ?? ''
      },
      { timeout: 10_000 },
    )
  })
  input.after(button)
}

function enhanceSignature(input: HTMLInputElement): void {
  const canvas = document.createElement('canvas')
  canvas.className = 'signature-pad'
  canvas.setAttribute('role', 'img')
  canvas.setAttribute('aria-label', input.dataset.signature ?? '')
  const clear = document.createElement('button')
  clear.type = 'button'
  clear.className = 'tool secondary'
  clear.textContent = input.dataset.signatureClear ?? ''
  input.before(canvas)
  canvas.after(clear)
  const context = canvas.getContext('2d')
  if (!context) return
  const ratio = window.devicePixelRatio || 1
  canvas.width = canvas.clientWidth * ratio
  canvas.height = canvas.clientHeight * ratio
  context.scale(ratio, ratio)
  context.lineWidth = 2
  context.lineCap = 'round'
  let drawing = false
  let drawn = false
  const point = (e: PointerEvent) => {
    const box = canvas.getBoundingClientRect()
    return [e.clientX - box.left, e.clientY - box.top] as const
  }
  canvas.addEventListener('pointerdown', (e) => {
    drawing = true
    canvas.setPointerCapture(e.pointerId)
    context.beginPath()
    context.moveTo(...point(e))
  })
  canvas.addEventListener('pointermove', (e) => {
    if (!drawing) return
    context.lineTo(...point(e))
    context.stroke()
    drawn = true
  })
  canvas.addEventListener('pointerup', () => {
    drawing = false
    if (!drawn) return
    const png = canvas.toDataURL('image/png')
    // Too large for the form post (64 KB): the typed name stays the way to sign.
    if (png.length > 60_000) return
    input.value = png
    input.hidden = true
  })
  clear.addEventListener('click', () => {
    context.clearRect(0, 0, canvas.width, canvas.height)
    drawn = false
    input.value = ''
    input.hidden = false
  })
  if (input.value.startsWith('data:')) input.hidden = true
}

/**
 * A file over the question's limit is refused at once, before the form is sent (the server
 * checks size and kind again whatever the browser did).
 */
function enhanceUpload(input: HTMLInputElement): void {
  const max = Number(input.dataset.maxBytes)
  const note = document.createElement('p')
  note.className = 'error'
  note.setAttribute('role', 'alert')
  note.hidden = true
  input.after(note)
  input.addEventListener('change', () => {
    const file = input.files?.[0]
    const tooLarge = file !== undefined && max > 0 && file.size > max
    note.hidden = !tooLarge
    note.textContent = tooLarge ? (input.dataset.tooLarge ?? '') : ''
    if (tooLarge) input.value = ''
  })
}

export function enhanceQuestions(root: ParentNode): void {
  for (const box of root.querySelectorAll<HTMLElement>('[data-slider]')) enhanceSlider(box)
  for (const input of root.querySelectorAll<HTMLInputElement>('input[data-locate]'))
    enhanceLocation(input)
  for (const input of root.querySelectorAll<HTMLInputElement>('input[data-signature]'))
    enhanceSignature(input)
  for (const input of root.querySelectorAll<HTMLInputElement>('input[type=file][data-max-bytes]'))
    enhanceUpload(input)
}
