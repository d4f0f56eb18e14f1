/**
 * Validation of generated paths: whatever a plan names, a generated file stays inside its output
 * directory. Checked before anything is written (and by `compile`, so a bad path is a bug found early).
 */

// Windows device names are reserved in every folder and with any extension (`con.ts` is the console).
const DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(\..*)?$/i;

/**
 * Why `path` is not a safe generated path, or `undefined` when it is: relative POSIX segments only,
 * no `.`/`..`, no empty segment, no backslash, colon or control character (NUL included), no device
 * name, no trailing dot or space (Windows drops them), at most 255 bytes per segment.
 */
export function unsafePathReason(path: string): string | undefined {
  if (path === '') return 'the path is empty';
  if (path.startsWith('/')) return 'the path is absolute';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(path)) return 'the path contains a control character';
  if (/[\\:*?"<>|]/.test(path))
    return 'the path contains a character reserved on some file systems';
  for (const segment of path.split('/')) {
    if (segment === '') return 'the path has an empty segment';
    if (segment === '.' || segment === '..') return 'the path has a "." or ".." segment';
    if (DEVICE.test(segment)) return `"${segment}" is a reserved device name`;
    if (/[. ]$/.test(segment)) return 'a segment ends with a dot or a space';
    if (Buffer.byteLength(segment) > 255) return 'a segment is longer than 255 bytes';
  }
  return undefined;
}
