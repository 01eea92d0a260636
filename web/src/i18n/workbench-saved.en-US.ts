import { dateRangeEnUS } from './date-range.en-US'
import type { workbenchSavedZhCN } from './workbench-saved.zh-CN'

/** The workbench's export, period and saved analyses (web/src/pages/workbench/). */
export const workbenchSavedEnUS: Record<keyof typeof workbenchSavedZhCN, string> = {
  ...dateRangeEnUS,
  'wbs.exportXlsx': 'Export to Excel',
  'wbs.exportPng': 'PNG image',
  'wbs.exportSvg': 'SVG vector',
  'wbs.downloadChart': 'Download chart',
  'wbs.save': 'Save analysis',
  'wbs.saveTitle': 'Save this analysis to run it again on current data',
  'wbs.saveHint':
    'The source, method, chosen questions and period are saved; a file analysis asks for a new file of the same layout when it runs again.',
  'wbs.name': 'Name',
  'wbs.saved': 'Saved “{name}”',
  'wbs.list': 'Saved analyses',
  'wbs.empty': 'No saved analyses yet. Run an analysis, then choose “Save analysis”.',
  'wbs.rerun': 'Run on current data',
  'wbs.rerunFile': 'Choose a new file and run',
  'wbs.rename': 'Rename',
  'wbs.delete': 'Delete',
  'wbs.deleteConfirm': 'Delete “{name}”?',
  'wbs.period': 'Period',
  'wbs.allTime': 'All answers',
  'wbs.lastRun': 'Last run',
  'wbs.never': 'Never run',
  'wbs.source': 'Source',
  'wbs.sourceFile': 'File {name}',
  'wbs.sourceSurvey': 'Survey {name}',
  'wbs.ranRows': 'Ran on {rows} rows ({from} to {to})',
  'wbs.ranRowsAll': 'Ran on {rows} rows',
  'wbs.summary': 'Summary',
  'wbs.measure': 'Measure',
  'wbs.value': 'Value',
  'wbs.actions': 'Actions',
  'wbs.fixedPeriod': '{from} to {to}',
}
