/**
 * Password-protected workbooks: Excel saves them as an encrypted OLE compound file (CFB) holding
 * `EncryptionInfo` and `EncryptedPackage` streams, not as a zip. This reads the CFB directory (names
 * only) to tell such a file from an old .xls workbook, both of which Platen cannot read.
 */

/** The first 8 bytes of every OLE compound file. */
export const CFB_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

const END_OF_CHAIN = 0xfffffffe;

/** The names in a compound file's directory; `undefined` when the file is not a well-formed one. */
export function cfbNames(buf: Buffer): string[] | undefined {
  if (buf.length < 512 || !buf.subarray(0, 8).equals(CFB_MAGIC)) return undefined;
  const shift = buf.readUInt16LE(0x1e);
  if (shift !== 9 && shift !== 12) return undefined;
  const size = 1 << shift;
  const sectorAt = (n: number) => (n + 1) * size;
  // The FAT's first 109 sectors are listed in the header; enough for the directory of any small file.
  const fatSectors: number[] = [];
  for (let i = 0; i < 109; i++) {
    const s = buf.readUInt32LE(0x4c + i * 4);
    if (s >= 0xfffffffa) break;
    fatSectors.push(s);
  }
  const next = (sector: number): number | undefined => {
    const perSector = size / 4;
    const fat = fatSectors[Math.floor(sector / perSector)];
    if (fat === undefined) return undefined;
    const at = sectorAt(fat) + (sector % perSector) * 4;
    return at + 4 <= buf.length ? buf.readUInt32LE(at) : undefined;
  };
  const names: string[] = [];
  let sector: number | undefined = buf.readUInt32LE(0x30);
  for (let guard = 0; sector !== undefined && sector !== END_OF_CHAIN && guard < 10_000; guard++) {
    const start = sectorAt(sector);
    if (start + size > buf.length) return names.length > 0 ? names : undefined;
    for (let at = start; at < start + size; at += 128) {
      const length = buf.readUInt16LE(at + 0x40);
      if (length >= 2 && length <= 64) names.push(buf.toString('utf16le', at, at + length - 2));
    }
    sector = next(sector);
  }
  return names;
}

/** What a compound file is: a password-protected workbook, or something else (an old .xls). */
export function cfbKind(buf: Buffer): 'encrypted' | 'other' | undefined {
  const names = cfbNames(buf);
  if (names === undefined) return undefined;
  return names.includes('EncryptedPackage') || names.includes('EncryptionInfo')
    ? 'encrypted'
    : 'other';
}
