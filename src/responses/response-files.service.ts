// The responses domain's public face for response files (its contracts are
// response-files.schema.ts): exporting an organisation's responses as CSV or Excel and importing
// responses from a table file.
export { ExportQuerySchema, exportResponses } from './response-export.js'
export { ImportOptionsSchema, importResponses } from './response-import.js'
// A respondent weight's rule (a plain decimal number > 0), for analyses that weight an export by
// the survey's weight field as the dashboard headline and league do.
export { respondentWeight } from './respondent-weight.js'
