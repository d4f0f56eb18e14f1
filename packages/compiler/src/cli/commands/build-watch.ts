/**
 * `platen build --watch`: builds once, then rebuilds in this process whenever the plan file (or the
 * config file, when one is used) changes. Each output's last build stays in memory (build cache,
 * manifest, generated files: see `buildOutputs`), so a rebuild parses the plan and prints and
 * compiles the rules that changed, nothing else. A bad edit prints its diagnostics and leaves the
 * output as it was; the next good one rebuilds. SIGINT or SIGTERM (or `io.signal`) stops it: exit 0.
 */
import { existsSync, watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { CONFIG_FILES, type Options } from '../../config/index.js';
import { TYPEWRITER_FILES } from '../../migrate/index.js';
import { renderHuman } from '../../diagnostics/render.js';
import { EXIT, UsageError, type CliIo } from '../io.js';
import { reportError } from '../io.js';
import { Incremental } from '../../incremental/index.js';
import { buildOutputs, resolveBuildOptions } from './build-outputs.js';

/** How long a burst of file events is waited out before rebuilding (editors write in steps). */
const DEBOUNCE_MS = 50;

/** A file to watch: the folder watched for it and the name looked for (all names for a plan folder). */
interface Watched {
  folder: string;
  name: string | undefined;
  recursive: boolean;
}

/** The config file in use, when the options come from one (absolute), as `loadConfig` finds it. */
function configFileOf(args: Record<string, unknown>, cwd: string): string | undefined {
  if (args.plan !== undefined) return undefined;
  if (typeof args.config === 'string') return resolve(cwd, args.config);
  return [...CONFIG_FILES, ...TYPEWRITER_FILES]
    .map((name) => resolve(cwd, name))
    .find((path) => existsSync(path));
}

async function watchedOf(options: Options, config: string | undefined): Promise<Watched[]> {
  const out: Watched[] = [];
  const folder = await stat(options.plan).then(
    (s) => s.isDirectory(),
    () => false,
  );
  out.push(
    folder
      ? { folder: options.plan, name: undefined, recursive: true }
      : { folder: dirname(options.plan), name: basename(options.plan), recursive: false },
  );
  if (config !== undefined)
    out.push({ folder: dirname(config), name: basename(config), recursive: false });
  return out;
}

/** Runs the watch loop until stopped; resolves with the exit code (0 when stopped by a signal). */
export async function watchBuild(args: Record<string, unknown>, io: CliIo): Promise<number> {
  const first = await resolveBuildOptions(args, io);
  if (Array.isArray(first)) {
    io.stderr(renderHuman(first));
    return EXIT.failure;
  }
  let options: Options = first;
  // Each output's last build stays in memory between rebuilds.
  const incremental = new Incremental({ env: io.env, cache: args.cache !== false, memory: true });
  let watchers: FSWatcher[] = [];
  let watching = '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let configChanged = false;
  let stopped = false;

  const rebuild = async (): Promise<void> => {
    try {
      if (configChanged) {
        configChanged = false;
        const next = await resolveBuildOptions(args, io);
        if (Array.isArray(next)) {
          // A broken config keeps the last good one (and its output) until it is fixed.
          io.stderr(renderHuman(next));
          return;
        }
        options = next;
        await rewatch();
      }
      await buildOutputs(options, args, io, incremental, true);
    } catch (err) {
      if (err instanceof UsageError) io.stderr(`platen: ${err.message}\n`);
      else reportError(err, io);
    }
  };

  const schedule = (isConfig: boolean): void => {
    if (stopped) return;
    if (isConfig) configChanged = true;
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      if (running !== undefined) {
        again = true;
        return;
      }
      const loop = async (): Promise<void> => {
        do {
          again = false;
          await rebuild();
        } while (again && !stopped);
        running = undefined;
      };
      running = loop();
    }, DEBOUNCE_MS);
  };

  const closeWatchers = (): void => {
    for (const w of watchers) w.close();
    watchers = [];
  };

  async function rewatch(): Promise<void> {
    const config = configFileOf(args, io.cwd);
    const wanted = await watchedOf(options, config);
    const id = JSON.stringify(wanted);
    if (id === watching) return;
    closeWatchers();
    watching = id;
    for (const [index, w] of wanted.entries()) {
      const isConfig = index > 0;
      // The folder, not the file: an editor that saves by writing a new file and renaming it over
      // the old one would leave a watcher on the file looking at a file that is gone.
      const watcher = watch(w.folder, { recursive: w.recursive }, (_event, name) => {
        if (w.name === undefined || name === null || basename(String(name)) === w.name)
          schedule(isConfig);
      });
      watcher.on('error', (err) => io.stderr(`platen: watching ${w.folder}: ${err.message}\n`));
      watchers.push(watcher);
    }
  }

  // Watching starts before the first build: an edit made while it runs is not missed.
  await rewatch();
  running = (async () => {
    await rebuild();
    running = undefined;
    if (again) schedule(false);
  })();
  io.stdout(`platen: watching ${describeWatched(options, io.cwd)} (Ctrl-C stops)\n`);

  await new Promise<void>((done) => {
    const finish = (): void => {
      process.off('SIGINT', finish);
      process.off('SIGTERM', finish);
      io.signal?.removeEventListener('abort', finish);
      stopped = true;
      done();
    };
    if (io.signal !== undefined) {
      if (io.signal.aborted) return finish();
      io.signal.addEventListener('abort', finish);
    } else {
      process.on('SIGINT', finish);
      process.on('SIGTERM', finish);
    }
  });
  clearTimeout(timer);
  closeWatchers();
  // A build under way finishes (its swap is atomic anyway); then the cache is saved for the next run.
  await running;
  try {
    incremental.save();
  } catch {
    // The cache is an optimisation: failing to save it costs the next run time, nothing else.
  }
  return EXIT.ok;
}

function describeWatched(options: Options, cwd: string): string {
  const rel = (p: string): string => {
    const r = p.startsWith(cwd + '/') ? p.slice(cwd.length + 1) : p;
    return r || '.';
  };
  return rel(options.plan);
}
