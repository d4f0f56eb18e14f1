/**
 * What changes for a team moving a Typewriter project to Platen, as lines a person reads once:
 * config, SDK and language mapping, the context stamp, configuration calls, function names,
 * versions, validation modes, scripts, and Typewriter's generated files still on disk.
 */
import { posix } from 'node:path';
import type { TypewriterProject } from './typewriter.js';
import type { MigratedConfig } from './config.js';

/** A generated function of the Platen client, from its manifest. */
export interface PlatenFunction {
  type: string;
  key: string | null;
  version: number;
  function: string;
}

/** What is known about the project besides its config. */
export interface MigrationFacts {
  /** The config file's name as given (e.g. `typewriter.yml`). */
  configFile: string;
  /** Every function the Platen client exports (from a compile of the plan), when it compiled. */
  functions?: PlatenFunction[];
  /** Files under the output folder that Typewriter generated (relative to the config's folder). */
  typewriterFiles: string[];
  /** Names those files export. */
  typewriterExports: string[];
}

// Typewriter's own helpers and what replaces them.
const HELPERS: Readonly<Record<string, string>> = {
  setTypewriterOptions: 'configure',
  default: 'named imports (Platen has no default export)',
  typewriter: 'named imports (Platen has no default export)',
};

/** The migration report: one change per line, most important first. */
export function describeMigration(
  project: TypewriterProject,
  config: MigratedConfig,
  facts: MigrationFacts,
): string[] {
  const version = project.form === 'typewriter-7' ? 'Typewriter 7' : 'Typewriter 8/9';
  const out = config.outputs[0]!;
  const lines: string[] = [
    `config: ${facts.configFile} (${version}) → platen.config.json: plan ${config.plan}, output ${out.path} (${out.language}, ${out.sdk}, ${out.mode})`,
    `sdk: ${project.client.sdk} → ${project.sdk}; language: ${project.client.language} → ${project.language}`,
    'context stamp: every event carried context.typewriter { language, version }; it now carries context.platen { language, version } (update destination filters and warehouse queries that read context.typewriter)',
    'event versions: each event also carries context.protocols.event_version, so Protocols validates it against the version it was written for',
    'setup: setTypewriterOptions({ analytics, onViolation }) → configure({ analytics, onViolation })',
    "validation: dev builds validate with precompiled validators (no Ajv at run time); onViolation is 'warn' (default), 'throw' (default under test runners), 'skip' (log and drop), 'off', or your handler; prod builds (mode \"prod\") ship no validation code",
    `imports: the client moves from ${posix.dirname(out.path)} to ${out.path} (Platen replaces its output folder as a whole, so it never shares one with plan.json); import named functions such as { orderCompleted } from ${out.path}: there is no default export`,
  ];
  if (facts.functions) {
    const older = facts.functions.filter((f) => /V\d+$/.test(f.function));
    if (older.length > 0) {
      lines.push(
        `functions: older versions of an event get their own function (${older.map((f) => f.function).join(', ')}); the newest keeps the plain name`,
      );
    }
    const exported = new Set(facts.functions.map((f) => f.function));
    const missing = facts.typewriterExports.filter(
      (name) => !exported.has(name) && name !== 'configure',
    );
    for (const name of missing) {
      lines.push(
        `function renamed or gone: ${name} → ${HELPERS[name] ?? 'no function of that name; see the list below'}`,
      );
    }
    const other = facts.functions.filter((f) => f.type !== 'TRACK' && f.type !== 'COMMON');
    if (other.length > 0) {
      lines.push(
        `new typed calls: ${other.map((f) => `${f.function} (${f.type.toLowerCase()}${f.key ? ` ${JSON.stringify(f.key)}` : ''})`).join(', ')}`,
      );
    }
  }
  if (project.commonjs) {
    lines.push(
      project.language === 'javascript'
        ? 'modules: CommonJS, as the client asked: "module": "cjs" (.cjs files with .d.cts types)'
        : 'modules: the CommonJS module target is left to your own tsc (Platen writes TypeScript sources)',
    );
  }
  // Both keys land in platen.config.json, so the command printed here runs as printed.
  lines.push(
    project.scripts.token !== undefined
      ? `scripts.token → "tokenCommand" (run in the config's folder, as Typewriter ran it) and plan id → "planId": builds read the local ${config.plan} and need no token; to refresh it run platen pull (or platen build --pull)`
      : `plan id → "planId": builds read the local ${config.plan}; to refresh it set PLATEN_TOKEN (or "tokenCommand") and run platen pull (or platen build --pull)`,
  );
  if (project.scripts.after !== undefined) {
    lines.push(
      `scripts.after: Platen does not run it; run ${JSON.stringify(project.scripts.after)} after platen build if you still need it`,
    );
  }
  for (const key of project.dropped) lines.push(`ignored: ${key} (no Platen equivalent)`);
  if (facts.typewriterFiles.length > 0) {
    lines.push(
      `delete before the first platen build (Typewriter generated them; Platen never overwrites a file it did not write): ${facts.typewriterFiles.join(', ')}`,
    );
  }
  if (facts.functions) {
    lines.push('functions:');
    for (const f of facts.functions) {
      if (f.type === 'COMMON') continue;
      const what =
        f.key === null ? f.type.toLowerCase() : `${f.type.toLowerCase()} ${JSON.stringify(f.key)}`;
      lines.push(`  ${f.function}: ${what} v${f.version}`);
    }
  }
  return lines;
}
