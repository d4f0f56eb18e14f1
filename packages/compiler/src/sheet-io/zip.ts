/**
 * A zip bomb check run before any .xlsx library sees the file: the central directory's declared sizes
 * are checked against {@link SHEET_LIMITS}, then every part is inflated with its output capped at its
 * declared size, so a part that inflates past what it declares fails at the cap, not at the memory limit.
 */
import { inflateRawSync } from 'node:zlib';
import { mib, SHEET_LIMITS, SheetFileError } from './limits.js';

/** One part (entry) of a zip file, as its central directory declares it. */
export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** The entries of a zip file's central directory; throws {@link SheetFileError} on a malformed one. */
export function zipEntries(buf: Buffer): ZipEntry[] {
  const bad = (why: string) =>
    new SheetFileError('sheet-unreadable', `not a readable .xlsx file: ${why}`);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--)
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  if (eocd < 0) throw bad('its zip directory is missing (a truncated or damaged file)');
  const count = buf.readUInt16LE(eocd + 10);
  const dirSize = buf.readUInt32LE(eocd + 12);
  const dirOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || dirOffset === 0xffffffff)
    throw new SheetFileError(
      'sheet-too-large',
      'the .xlsx file is a ZIP64 archive, past every size limit Platen reads',
    );
  if (count > SHEET_LIMITS.maxEntries)
    throw new SheetFileError(
      'sheet-too-large',
      `the .xlsx file has ${count} parts, past the limit of ${SHEET_LIMITS.maxEntries}`,
    );
  if (dirOffset + dirSize > buf.length)
    throw bad('its zip directory points past the end of the file');
  const entries: ZipEntry[] = [];
  let at = dirOffset;
  let declared = 0;
  for (let n = 0; n < count; n++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== CENTRAL)
      throw bad('its zip directory is damaged');
    const entry: ZipEntry = {
      method: buf.readUInt16LE(at + 10),
      compressedSize: buf.readUInt32LE(at + 20),
      size: buf.readUInt32LE(at + 24),
      localOffset: buf.readUInt32LE(at + 42),
      name: buf.toString('utf8', at + 46, at + 46 + buf.readUInt16LE(at + 28)),
    };
    if (entry.size === 0xffffffff || entry.compressedSize === 0xffffffff)
      throw new SheetFileError(
        'sheet-too-large',
        `the part ${entry.name} is a ZIP64 entry, past every size limit Platen reads`,
      );
    if (entry.size > SHEET_LIMITS.maxEntryBytes)
      throw new SheetFileError(
        'sheet-too-large',
        `the part ${entry.name} declares ${mib(entry.size)} uncompressed, past the limit of ${mib(SHEET_LIMITS.maxEntryBytes)} (a zip bomb?)`,
      );
    declared += entry.size;
    if (declared > SHEET_LIMITS.maxUncompressedBytes)
      throw new SheetFileError(
        'sheet-too-large',
        `the .xlsx parts declare more than ${mib(SHEET_LIMITS.maxUncompressedBytes)} uncompressed (a zip bomb?)`,
      );
    if (entry.size > 1024 * 1024 && entry.size > entry.compressedSize * SHEET_LIMITS.maxRatio)
      throw new SheetFileError(
        'sheet-too-large',
        `the part ${entry.name} inflates ${Math.round(entry.size / Math.max(1, entry.compressedSize))} times, past the limit of ${SHEET_LIMITS.maxRatio} (a zip bomb?)`,
      );
    entries.push(entry);
    at += 46 + buf.readUInt16LE(at + 28) + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
  }
  return entries;
}

/**
 * The uncompressed bytes of one part, inflated with the output capped at its declared size: a part
 * that inflates past it (or short of it) is refused.
 */
export function inflateEntry(buf: Buffer, entry: ZipEntry): Buffer {
  const at = entry.localOffset;
  if (at + 30 > buf.length || buf.readUInt32LE(at) !== LOCAL)
    throw new SheetFileError(
      'sheet-unreadable',
      `not a readable .xlsx file: the part ${entry.name} is damaged`,
    );
  const start = at + 30 + buf.readUInt16LE(at + 26) + buf.readUInt16LE(at + 28);
  const data = buf.subarray(start, start + entry.compressedSize);
  let out: Buffer;
  if (entry.method === 0) out = data;
  else if (entry.method === 8) {
    try {
      out = inflateRawSync(data, { maxOutputLength: Math.max(1, entry.size) });
    } catch (err) {
      if (
        err instanceof RangeError ||
        (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE'
      )
        throw new SheetFileError(
          'sheet-too-large',
          `the part ${entry.name} inflates past the ${entry.size} bytes it declares (a zip bomb?)`,
        );
      throw new SheetFileError(
        'sheet-unreadable',
        `not a readable .xlsx file: the part ${entry.name} does not inflate (${(err as Error).message})`,
      );
    }
  } else
    throw new SheetFileError(
      'sheet-unreadable',
      `not a readable .xlsx file: the part ${entry.name} uses zip compression method ${entry.method}`,
    );
  if (out.length !== entry.size)
    throw new SheetFileError(
      'sheet-unreadable',
      `not a readable .xlsx file: the part ${entry.name} holds ${out.length} bytes, not the ${entry.size} it declares`,
    );
  return out;
}

/** Counts `<row` elements (any namespace prefix) in a worksheet part without decoding it to text. */
export function countRows(xml: Buffer): number {
  let n = 0;
  for (let i = xml.indexOf('row', 0, 'latin1'); i !== -1; i = xml.indexOf('row', i + 3, 'latin1')) {
    const before = xml[i - 1];
    const after = xml[i + 3];
    // `<row ` or `<x:row>`; not `<rows` or `</row>`.
    if (!(after === 0x20 || after === 0x3e || after === 0x2f)) continue;
    if (before === 0x3c) n++;
    else if (before === 0x3a) {
      // A prefixed name: count `<x:row`, not `</x:row>`.
      const open = xml.lastIndexOf(0x3c, i);
      if (open >= 0 && i - open < 32 && xml[open + 1] !== 0x2f) n++;
    }
  }
  return n;
}

/**
 * Checks an .xlsx buffer before it is parsed: sizes declared and actual, and rows per worksheet.
 * Returns the worksheet parts with their row counts. Throws {@link SheetFileError}.
 */
export function checkXlsx(buf: Buffer): { sheets: { name: string; rows: number }[] } {
  const entries = zipEntries(buf);
  if (!entries.some((e) => e.name === 'xl/workbook.xml'))
    throw new SheetFileError(
      'sheet-unreadable',
      'a zip file, but not an .xlsx workbook (it has no xl/workbook.xml)',
    );
  const sheets: { name: string; rows: number }[] = [];
  let actual = 0;
  for (const entry of entries) {
    const bytes = inflateEntry(buf, entry);
    actual += bytes.length;
    if (actual > SHEET_LIMITS.maxUncompressedBytes)
      throw new SheetFileError(
        'sheet-too-large',
        `the .xlsx parts inflate past ${mib(SHEET_LIMITS.maxUncompressedBytes)} (a zip bomb?)`,
      );
    if (/^xl\/worksheets\/[^/]+\.xml$/.test(entry.name)) {
      const rows = countRows(bytes);
      if (rows > SHEET_LIMITS.maxRows)
        throw new SheetFileError(
          'sheet-too-large',
          `a tab (${entry.name}) has ${rows} rows, past the limit of ${SHEET_LIMITS.maxRows}`,
        );
      sheets.push({ name: entry.name, rows });
    }
  }
  return { sheets };
}
