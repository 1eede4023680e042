/**
 * Limits of the Excel import, in one place: the upload (multer), the parser, the template's
 * instructions and the pages all quote these, so they cannot drift apart.
 */

/** Largest upload accepted. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
export const MAX_FILE_LABEL = '5 MB';

/** Most product rows one file may hold (below the heading row). */
export const MAX_ROWS = 2000;

/**
 * Zip-bomb guard: the most an .xlsx may unpack to. A full 2,000-row sheet with long
 * descriptions unpacks to about 15 MB; anything far beyond is not a product list.
 */
export const MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024;

/** Most files inside the zip (a workbook has a few dozen). */
export const MAX_ZIP_ENTRIES = 2000;

/**
 * Most cells with a value in the sheet that is read. exceljs builds an object per cell, about
 * 1 KB each: 100,000 cells (50 columns × 2,000 rows) keeps one upload near 100 MB. Cells with
 * formatting only are dropped before exceljs sees them and cost nothing.
 */
export const MAX_CELLS = 100_000;

/**
 * Rightmost column that may hold anything: the template has 14; a few spare columns let the
 * parser name content typed beside the table instead of refusing the whole file.
 */
export const MAX_COLUMNS = 30;

/** Most distinct texts (shared strings) in the workbook, for the same reason. */
export const MAX_SHARED_STRINGS = 200_000;

/** Most characters of text in all shared strings together (2,000 full rows need a few hundred thousand). */
export const MAX_TEXT_CHARS = 10_000_000;

/**
 * Most cell formats (styles.xml cellXfs): Excel itself stops at 64,000, and a sheet that went
 * through years of copy and paste can come close. Only their number formats are kept, so
 * exceljs sees a handful whatever the count; beyond Excel's own limit the file is not Excel's.
 */
export const MAX_STYLES = 64_000;

/** Most cells covered by merged ranges, after clipping them to the cells that hold values. */
export const MAX_MERGED_CELLS = 20_000;

/** Row of the headings; product rows start below it. */
export const HEADER_ROW = 1;

/** How long a previewed import waits for its confirmation before it is cleaned away. */
export const IMPORT_FILE_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * The parse runs in a worker thread with its own heap, capped well under the machine's
 * memory: a full 2,000-row sheet with long descriptions reads within 64 MB (measured), a file
 * that needs more than the cap is refused and the app goes on serving.
 */
export const PARSE_HEAP_MB = 256;
export const PARSE_YOUNG_HEAP_MB = 32;

/** Longest a parse may take (a full sheet takes 1–2 s on a busy 2-core machine); then the worker is stopped. */
export const PARSE_TIMEOUT_MS = 20_000;

/** The worker stays this long after a parse for the next upload, then stops (it holds exceljs and a heap of its own). */
export const PARSE_WORKER_IDLE_MS = 60_000;

/** Uploads that wait while another is parsed (one parse at a time per instance); more are told to retry. */
export const PARSE_QUEUE_LENGTH = 2;
