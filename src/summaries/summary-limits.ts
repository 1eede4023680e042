/** Limits of the counties' summary uploads, stated once for the upload, the checks and the page. */
export const SUMMARY_LIMITS = {
  /** One file. */
  fileBytes: 20 * 1024 * 1024,
  /** All of one county's files for one fair. */
  totalBytes: 100 * 1024 * 1024,
  /** Files of one county for one fair. */
  files: 30,
  /** Files in one upload. */
  filesPerUpload: 10,
  /** Characters of a file name as stored and shown. */
  fileName: 200,
} as const;

export const MB = 1024 * 1024;
