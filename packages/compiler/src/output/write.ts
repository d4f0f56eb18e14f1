/**
 * Atomic replacement of an output directory. The new output is built in a sibling directory, marked
 * complete by a rename, and swapped in with two renames; a build killed at any point leaves either the
 * previous output or the new one (an interrupted swap is finished by {@link recoverOutput} on the
 * next run). Only files Platen generated are replaced or removed; a person's files are carried over
 * (hard links: same inode, same bytes) and a generated path that would overwrite one is refused.
 */
import {
  access,
  chmod,
  copyFile,
  constants,
  link,
  lstat,
  readdir,
  mkdir,
  open,
  readFile,
  readlink,
  rename,
  rm,
  stat,
  symlink,
  unlink,
  writeFile,
} from 'node:fs/promises';
import {
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { GeneratedFile } from '../compile-types.js';
import { unsafePathReason } from './paths.js';
import { MANIFEST_FILE } from './manifest.js';
import { isGenerated, scanOutput, type OutputScan } from './scan.js';

/** A refusal to write, with the file (relative to the output directory, or the directory) at fault. */
export class OutputRefusal extends Error {
  override name = 'OutputRefusal';
  constructor(
    message: string,
    readonly file: string,
  ) {
    super(message);
  }
}

/** What a write did. */
export interface WriteResult {
  /** False when the output was already up to date (nothing was touched). */
  changed: boolean;
  /** Generated files no longer produced, removed with the swap. */
  removed: string[];
  /** What recovery did before writing, if an earlier build was interrupted. */
  recovered?: string;
  /** After an update in place (see {@link InPlace}), the output's folders as it left them. */
  folders?: Map<string, string>;
}

/**
 * A watch process's knowledge of the output as its last write left it: the generated paths it
 * wrote, and the identity (device, inode, modification time) of every folder of the output then. A
 * folder whose entries changed since (a file added, removed or renamed) has another time.
 */
export interface InPlace {
  previous: ReadonlySet<string>;
  folders: ReadonlyMap<string, string>;
}

/** The identity of every folder under `dir` (itself included, as ''), for {@link InPlace}. */
export function folderStamps(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (relative: string): void => {
    const abs = relative === '' ? dir : join(dir, relative);
    const st = lstatSync(abs);
    if (!st.isDirectory()) return;
    out.set(relative, `${st.dev}:${st.ino}:${st.mtimeMs}`);
    for (const entry of readdirSync(abs, { withFileTypes: true }))
      if (entry.isDirectory()) visit(relative === '' ? entry.name : `${relative}/${entry.name}`);
  };
  visit('');
  return out;
}

function stampOf(path: string): string | undefined {
  try {
    const st = lstatSync(path);
    return st.isDirectory() ? `${st.dev}:${st.ino}:${st.mtimeMs}` : undefined;
  } catch {
    return undefined;
  }
}

/** The kind of what is at `path`: `undefined` when nothing is. */
function kindOf(path: string): 'file' | 'dir' | 'other' | undefined {
  try {
    const st = lstatSync(path);
    return st.isFile() ? 'file' : st.isDirectory() ? 'dir' : 'other';
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return 'other';
  }
}

/**
 * Replaces only the changed files of `dir`, each through a temporary file renamed over it (the
 * manifest last), and removes the generated files no longer produced. Only when the output is, entry
 * for entry, the one `inPlace` describes (no folder's entries changed since), and every path touched
 * is absent or a generated file in a real folder; else `undefined` before anything is written, and
 * the caller replaces the whole folder as usual. The result then equals that replacement's.
 */
function updateInPlace(
  dir: string,
  files: readonly GeneratedFile[],
  unchanged: ReadonlySet<string>,
  inPlace: InPlace,
): { changed: boolean; removed: string[]; folders: Map<string, string> } | undefined {
  for (const [folder, stamp] of inPlace.folders)
    if (stampOf(folder === '' ? dir : join(dir, folder)) !== stamp) return undefined;
  if (['.git', 'package.json', 'node_modules'].some((m) => kindOf(join(dir, m)) !== undefined))
    return undefined;
  const wanted = new Set(files.map((f) => f.path));
  const removed = [...inPlace.previous].filter((path) => !wanted.has(path));
  const writes: GeneratedFile[] = [];
  for (const file of files) {
    if (unchanged.has(file.path)) continue;
    // The caller checked that the manifest there is the previous build's, as its text.
    if (file.path === MANIFEST_FILE) {
      writes.push(file);
      continue;
    }
    if (unsafePathReason(file.path) !== undefined) return undefined;
    const segments = file.path.split('/');
    for (let i = 1; i < segments.length; i++) {
      const folder = segments.slice(0, i).join('/');
      // A folder the last write did not leave is not known to hold nothing of a person's.
      if (!inPlace.folders.has(folder)) return undefined;
    }
    const abs = join(dir, file.path);
    const kind = kindOf(abs);
    if (kind === undefined) {
      writes.push(file);
      continue;
    }
    if (kind !== 'file' || !isGenerated(abs, file.path)) return undefined;
    // Read only when the size is the same (synchronous on purpose, as in sameContents).
    if (
      lstatSync(abs).size !== Buffer.byteLength(file.contents) ||
      readFileSync(abs, 'utf8') !== file.contents
    )
      writes.push(file);
  }
  for (const path of removed) {
    const abs = join(dir, path);
    const kind = kindOf(abs);
    if (kind !== undefined && (kind !== 'file' || !isGenerated(abs, path))) return undefined;
  }
  // The manifest last: until it is replaced, the output says it is the previous build.
  writes.sort((a, b) => Number(a.path === MANIFEST_FILE) - Number(b.path === MANIFEST_FILE));
  for (const path of removed) {
    try {
      unlinkSync(join(dir, path));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  for (const file of writes) {
    const target = join(dir, file.path);
    const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.platen-tmp`);
    writeFileSync(temporary, file.contents, { flag: 'w' });
    renameSync(temporary, target);
  }
  const folders = new Map<string, string>();
  for (const folder of inPlace.folders.keys()) {
    const stamp = stampOf(folder === '' ? dir : join(dir, folder));
    if (stamp !== undefined) folders.set(folder, stamp);
  }
  return { changed: writes.length > 0 || removed.length > 0, removed, folders };
}

/** The sibling paths of the swap protocol for output directory `dir`. */
export function swapPaths(dir: string): {
  building: string;
  ready: string;
  old: string;
  lock: string;
} {
  const base = join(dirname(dir), `.${basename(dir)}.platen`);
  return {
    building: `${base}-building`,
    ready: `${base}-ready`,
    old: `${base}-old`,
    lock: `${base}-lock`,
  };
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Finishes or rolls back a build that was killed. Returns a sentence describing what it did, or
 * `undefined` when there was nothing to recover. Safe to call at any time.
 */
export async function recoverOutput(dir: string): Promise<string | undefined> {
  const p = swapPaths(dir);
  const [hasDir, hasReady, hasOld, hasBuilding] = await Promise.all([
    exists(dir),
    exists(p.ready),
    exists(p.old),
    exists(p.building),
  ]);
  let done: string | undefined;
  if (hasBuilding) {
    // Never completed: the previous output was not touched yet.
    await removeTree(p.building);
    done = 'discarded an unfinished build';
  }
  if (hasReady && !hasDir) {
    // Killed between the two renames of the swap: the new output is complete, so finish the swap.
    await rename(p.ready, dir);
    done = 'finished an interrupted swap';
  } else if (hasReady) {
    await removeTree(p.ready);
    done = 'discarded a finished build that was never swapped in';
  } else if (hasOld && !hasDir) {
    await rename(p.old, dir);
    done = 'restored the previous output';
  }
  if (await exists(p.old)) {
    await removeTree(p.old);
    done ??= 'removed the previous output left by a swap';
  }
  return done;
}

/**
 * Removes a tree of the swap protocol's own (a finished, discarded or replaced output). A folder in
 * it the user made read-only would stop `rm` and leave the tree behind for every later build to
 * trip on; since the whole tree is Platen's to discard, its folders are made writable and `rm` is
 * tried again.
 */
async function removeTree(path: string): Promise<void> {
  try {
    await rm(path, { recursive: true, force: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EACCES' && code !== 'EPERM') throw err;
    await makeWritable(path);
    await rm(path, { recursive: true, force: true });
  }
}

async function makeWritable(path: string): Promise<void> {
  const st = await lstat(path).catch(() => undefined);
  if (st === undefined || !st.isDirectory()) return;
  await chmod(path, (st.mode & 0o7777) | 0o700);
  for (const name of await readdir(path)) await makeWritable(join(path, name));
}

/**
 * The first folder of an existing output (`dir` itself or one inside it) this process may not
 * write to, or `undefined`. The output is replaced as a whole and the previous one removed, which
 * needs write (and search) permission on every one of its folders: checked before anything changes.
 */
export async function unwritableFolder(
  dir: string,
  folders: Iterable<string>,
): Promise<string | undefined> {
  for (const folder of ['', ...folders]) {
    const abs = folder === '' ? dir : join(dir, folder);
    try {
      await access(abs, constants.W_OK | constants.X_OK);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return abs;
      throw err;
    }
  }
  return undefined;
}

/** The refusal for an output folder Platen may not write to. */
function readOnlyRefusal(dir: string, folder: string): OutputRefusal {
  return new OutputRefusal(
    `Cannot replace the output ${dir}: ${folder} is not writable. Platen replaces the output ` +
      `folder as a whole and needs write permission on it and on every folder inside it ` +
      `(chmod -R u+w ${dir}), or choose another output folder. Nothing was changed.`,
    folder,
  );
}

/** Whether `p` (generated) or one of its parent folders collides with something that is not ours. */
function conflictOf(scan: OutputScan, path: string): string | undefined {
  const segments = path.split('/');
  for (let i = 1; i < segments.length; i++) {
    const parent = segments.slice(0, i).join('/');
    const entry = scan.entries.get(parent);
    if (entry && entry.kind !== 'dir') return parent;
  }
  const entry = scan.entries.get(path);
  if (entry && !(entry.kind === 'file' && entry.generated)) return path;
  return undefined;
}

/** Validates paths, refuses unsafe targets; shared by write and check. */
export function refusalOf(
  dir: string,
  scan: OutputScan,
  files: readonly GeneratedFile[],
): OutputRefusal | undefined {
  if (scan.state === 'symlink')
    return new OutputRefusal(
      `The output directory ${dir} is a symbolic link; Platen only writes to a real directory.`,
      dir,
    );
  if (scan.state === 'other')
    return new OutputRefusal(`The output path ${dir} exists and is not a directory.`, dir);
  // A project root is never an output directory: swapping it would move the whole project.
  for (const marker of ['.git', 'package.json', 'node_modules']) {
    if (scan.entries.has(marker))
      return new OutputRefusal(
        `${dir} looks like a project root (it holds ${marker}); choose a dedicated folder such as src/analytics.`,
        marker,
      );
  }
  for (const file of files) {
    const reason = unsafePathReason(file.path);
    if (reason !== undefined)
      return new OutputRefusal(
        `Refusing to write ${JSON.stringify(file.path)}: ${reason}.`,
        file.path,
      );
    const conflict = conflictOf(scan, file.path);
    if (conflict !== undefined) {
      const entry = scan.entries.get(conflict)!;
      const what =
        entry.kind === 'symlink'
          ? 'a symbolic link'
          : entry.kind === 'file'
            ? 'a file Platen did not generate'
            : `a ${entry.kind === 'dir' ? 'directory' : 'special file'}`;
      return new OutputRefusal(
        `Refusing to overwrite ${join(dir, conflict)}: it is ${what}. Move it away or choose another output directory.`,
        conflict,
      );
    }
  }
  return undefined;
}

async function sameContents(
  dir: string,
  scan: OutputScan,
  files: readonly GeneratedFile[],
  unchanged: ReadonlySet<string>,
): Promise<boolean> {
  const wanted = new Set(files.map((f) => f.path));
  for (const [path, entry] of scan.entries) if (entry.generated && !wanted.has(path)) return false;
  for (const file of files) {
    if (!scan.entries.get(file.path)?.generated) return false;
    if (unchanged.has(file.path)) continue;
    // Synchronous on purpose: thousands of small reads cost less CPU without the thread pool.
    if (readFileSync(join(dir, file.path), 'utf8') !== file.contents) return false;
  }
  return true;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

async function takeLock(lock: string): Promise<void> {
  try {
    await writeFile(lock, String(process.pid), { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const pid = Number(await readFile(lock, 'utf8').catch(() => ''));
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
      throw new OutputRefusal(
        `Another platen build (process ${pid}) is writing this output; remove ${lock} if it is not.`,
        lock,
      );
    }
    // Left by a killed build: take it over.
    await writeFile(lock, String(process.pid));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Replaces the output directory `dir` (absolute) with exactly `files` plus the person-written files
 * already there. Throws {@link OutputRefusal} (writing nothing) for an unsafe target.
 */
export async function writeOutput(
  dir: string,
  files: readonly GeneratedFile[],
  /**
   * Incremental builds: paths whose contents the caller read from `dir` and found equal (checked
   * against the hashes of the manifest whose text is `manifest`). They are not read again and are
   * hard-linked into the new output rather than written, provided the manifest in `dir` is still
   * that text once the lock is held (no other build swapped in another output meanwhile).
   */
  kept?: { unchanged: ReadonlySet<string>; manifest: string; inPlace?: InPlace },
): Promise<WriteResult> {
  const p = swapPaths(dir);
  await mkdir(dirname(dir), { recursive: true });
  await takeLock(p.lock);
  try {
    const recovered = await recoverOutput(dir);
    const extra = { ...(recovered === undefined ? {} : { recovered }) };
    const unchanged =
      kept !== undefined &&
      recovered === undefined &&
      readText(join(dir, MANIFEST_FILE)) === kept.manifest
        ? kept.unchanged
        : new Set<string>();
    if (
      unchanged === kept?.unchanged &&
      kept.inPlace !== undefined &&
      // A read-only folder is refused below, before anything is written.
      (await unwritableFolder(dir, kept.inPlace.folders.keys())) === undefined
    ) {
      const done = updateInPlace(dir, files, unchanged, kept.inPlace);
      if (done !== undefined) return done;
    }
    const scan = await scanOutput(dir, unchanged);
    const refusal = refusalOf(dir, scan, files);
    if (refusal) throw refusal;
    if (scan.state === 'dir' && (await sameContents(dir, scan, files, unchanged)))
      return { changed: false, removed: [], ...extra };
    if (scan.state === 'dir') {
      const folders = [...scan.entries].filter(([, e]) => e.kind === 'dir').map(([path]) => path);
      const readOnly = await unwritableFolder(dir, folders);
      if (readOnly !== undefined) throw readOnlyRefusal(dir, readOnly);
    }
    await mkdir(p.building);
    const removed = await carryOver(dir, p.building, scan, new Set(files.map((f) => f.path)));
    writeFiles(p.building, files, (path) =>
      unchanged.has(path) && scan.entries.get(path)?.generated === true
        ? join(dir, path)
        : undefined,
    );
    await syncDir(p.building);
    // From here on the new output is complete: this rename is what makes it count.
    await rename(p.building, p.ready);
    if (scan.state === 'dir') await rename(dir, p.old);
    await rename(p.ready, dir);
    await removeTree(p.old);
    return { changed: true, removed, ...extra };
  } finally {
    await unlink(p.lock).catch(() => undefined);
  }
}

/**
 * Writes `files` under the fresh directory `root`: each folder created once, each file with one
 * synchronous call (for thousands of small files that is far less CPU than promises and the thread
 * pool, and the build has nothing else to do meanwhile). A file `sameAs` maps to an identical
 * existing file is hard-linked instead (one metadata operation); where links fail, it is written.
 */
function writeFiles(
  root: string,
  files: readonly GeneratedFile[],
  sameAs: (path: string) => string | undefined,
): void {
  const made = new Set<string>();
  for (const file of files) {
    const target = join(root, file.path);
    const folder = dirname(target);
    if (!made.has(folder)) {
      mkdirSync(folder, { recursive: true });
      made.add(folder);
    }
    const from = sameAs(file.path);
    if (from !== undefined) {
      try {
        linkSync(from, target);
        continue;
      } catch {
        // Not allowed here (some mounts), or the file went away: write the bytes instead.
      }
    }
    writeFileSync(target, file.contents, { flag: 'wx' });
  }
}

/** Links a person's files (and links) into the new tree; returns the generated files left behind. */
async function carryOver(
  dir: string,
  building: string,
  scan: OutputScan,
  wanted: Set<string>,
): Promise<string[]> {
  const removed: string[] = [];
  for (const [path, entry] of scan.entries) {
    const from = join(dir, path);
    const to = join(building, path);
    if (entry.kind === 'dir') await mkdir(to, { recursive: true });
    else if (entry.generated) {
      if (!wanted.has(path)) removed.push(path);
    } else if (entry.kind === 'symlink') await symlink(await readlink(from), to);
    // A hard link keeps the very file; where links are not allowed (some mounts), a copy keeps the bytes.
    else await link(from, to).catch(() => copyFile(from, to, constants.COPYFILE_EXCL));
  }
  return removed;
}

async function syncDir(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } catch {
    // Some file systems cannot fsync a directory; the renames still order the swap.
  } finally {
    await handle.close();
  }
}
