/** The respondent page's words for the ranking, cascade, slider, date/time, location, signature and choice-matrix questions. */
export const QUESTION_TYPE_TEXT = {
  'zh-CN': {
    rankingHint: '请在每项前填写名次：1 为最重要，依次 2、3……，不要重复。',
    rankingInvalid: '请按 1、2、3……依次填写名次，不要重复或跳号。',
    cascadePlaceholder: '请选择',
    sliderHint: '请填写 {min} 到 {max} 之间的数字。',
    sliderInvalid: '请填写范围内的数字。',
    dateInvalid: '请填写有效的日期或时间。',
    locationHint:
      '请填写地址（如：北京市朝阳区建国路 1 号）。开启 JavaScript 后可点击“使用我的位置”自动填写坐标。',
    locateButton: '使用我的位置',
    locateFailed: '无法获取位置，请手动填写地址。',
    signatureHint: '请输入您的姓名作为签名。手写签名需要开启 JavaScript。',
    signaturePad: '在此处用手指或鼠标签名',
    signatureClear: '清除签名',
    signatureInvalid: '签名无效，请重新签名或输入姓名。',
    matrixChooseOne: '每行只能选择一项。',
  },
  'en-US': {
    rankingHint: 'Number the items: 1 for the most important, then 2, 3 … without repeats.',
    rankingInvalid: 'Number the items 1, 2, 3 … in order, without repeats or gaps.',
    cascadePlaceholder: 'Choose',
    sliderHint: 'Enter a number from {min} to {max}.',
    sliderInvalid: 'Enter a number within the range.',
    dateInvalid: 'Enter a valid date or time.',
    locationHint:
      'Type the address (e.g. 1 Jianguo Road, Chaoyang, Beijing). With JavaScript on, "Use my location" fills in coordinates.',
    locateButton: 'Use my location',
    locateFailed: 'Your location is not available; please type the address.',
    signatureHint: 'Type your full name as your signature. Drawing a signature needs JavaScript.',
    signaturePad: 'Sign here with your finger or mouse',
    signatureClear: 'Clear signature',
    signatureInvalid: 'The signature is not valid; sign again or type your name.',
    matrixChooseOne: 'Choose one option per row.',
  },
}
