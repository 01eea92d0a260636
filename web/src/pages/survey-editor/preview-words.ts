/** The editor preview's and the dashboard's answer-file words (page words, not in the login bundle). */
export const previewWordsZhCN = {
  'pv.previewTitle': '预览（未保存的草稿）',
  'pv.previewShow': '预览',
  'pv.previewHide': '返回编辑',
  'pv.previewFrame': '答题页预览',
  'pv.templateFrame': '模板「{name}」的答题页预览',
  'pv.previewInvalid': '问卷尚未填写完整，预览显示上次可用的版本。',
  'pv.previewEmpty': '填写问卷标题和题目后，这里显示答题页。',
  'pv.desktop': '电脑',
  'pv.phone': '手机',
  'pv.files': '答卷上传的文件',
  'pv.fileName': '文件名',
  'pv.fileQuestion': '题目',
  'pv.fileSize': '大小',
  'pv.fileSubmitted': '提交时间',
  'pv.fileDownload': '下载',
}

export const previewWordsEnUS: Record<keyof typeof previewWordsZhCN, string> = {
  'pv.previewTitle': 'Preview (unsaved draft)',
  'pv.previewShow': 'Preview',
  'pv.previewHide': 'Back to editing',
  'pv.previewFrame': 'Respondent page preview',
  'pv.templateFrame': 'Respondent page of the template “{name}”',
  'pv.previewInvalid':
    'The survey is not complete yet; the preview shows the last version that was.',
  'pv.previewEmpty':
    'The respondent page shows here once the survey has a title and its questions.',
  'pv.desktop': 'Desktop',
  'pv.phone': 'Phone',
  'pv.files': 'Files uploaded with answers',
  'pv.fileName': 'File name',
  'pv.fileQuestion': 'Question',
  'pv.fileSize': 'Size',
  'pv.fileSubmitted': 'Submitted',
  'pv.fileDownload': 'Download',
}
