// The tabular domain's public face for reading: a table from an uploaded CSV or Excel file and
// its columns. Writing a table for download is table-download.service.ts, taking an upload
// table-upload.service.ts (apart, so a reader never loads the Excel writer or the upload parser).
// Other domains and the routes import from these faces (.dependency-cruiser.cjs, rule
// domain-through-service), never the reader and writer modules.
export {
  openTableFile,
  tableFromBytes,
  tableSource,
  type Table,
  type TableLimits,
  type TableSource,
} from './read-table.js'
export {
  checkRange,
  completeNumericColumns,
  numericColumn,
  parseCellTime,
  textColumn,
} from './table-columns.js'
export {
  type ExportColumn,
  type ExportLayout,
  type ExportTool,
  recognizeLayout,
} from './foreign-export.js'
