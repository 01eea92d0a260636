// The tabular domain's public face for taking an uploaded table file: the request body parser,
// the size limits from the configuration and removing a spooled upload.
export {
  inMemoryTableLimitsOf,
  installFileUploadParser,
  isUploadedFile,
  removeUpload,
  tableLimitsOf,
} from './upload-file.js'
