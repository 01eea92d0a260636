// The tabular domain's public face for writing a table for download (CSV or Excel), with cells
// neutralised against formula injection.
export {
  neutraliseCell,
  streamTable,
  TABLE_CONTENT_TYPES,
  type Cell,
  type TableDownload,
  type TableFormat,
} from './write-table.js'
export { type WorkbookSheet, workbookDownload } from './write-workbook.js'
