/**
 * Size limits of reading a spreadsheet file: a hostile file (a zip bomb, a million rows) is refused
 * with a clear error before it can exhaust memory. Documented in docs/spreadsheet.md.
 */
export const SHEET_LIMITS = {
  /** Largest .xlsx or .csv file read, in bytes (Segment's own CSV import stops at 15 MB). */
  maxFileBytes: 50 * 1024 * 1024,
  /** Largest uncompressed size of all the parts of an .xlsx, declared and actual, in bytes. */
  maxUncompressedBytes: 256 * 1024 * 1024,
  /** Largest uncompressed part of an .xlsx, in bytes. */
  maxEntryBytes: 128 * 1024 * 1024,
  /** Most parts (zip entries) in an .xlsx. */
  maxEntries: 10_000,
  /** Largest ratio of an .xlsx part's uncompressed size to its compressed size (past 1 MiB). */
  maxRatio: 1_000,
  /** Most rows in one tab (or one CSV file), header included (Segment's CSV import takes 100,000). */
  maxRows: 100_000,
} as const;

/** A file Platen refuses to read, with the diagnostic code and message to report. */
export class SheetFileError extends Error {
  override name = 'SheetFileError';
  constructor(
    readonly code: 'sheet-unreadable' | 'sheet-too-large' | 'sheet-encrypted',
    message: string,
  ) {
    super(message);
  }
}

/** Bytes in MiB for messages. */
export function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 0)} MiB`;
}
