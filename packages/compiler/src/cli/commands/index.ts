/** Every CLI command, in the order `platen --help` lists them. One line per command file. */
import type { CliCommand } from './types.js';
import { buildCommand } from './build.js';
import { checkCommand } from './check.js';
import { diffCommand } from './diff.js';
import { initCommand } from './init.js';
import { migrateCommand } from './migrate.js';
import { plansCommand } from './plans.js';
import { pullCommand } from './pull.js';
import { pushCommand } from './push.js';
import { registryCommand } from './registry.js';
import { sheetCommand } from './sheet.js';

export const commands: CliCommand[] = [
  buildCommand,
  checkCommand,
  diffCommand,
  initCommand,
  migrateCommand,
  pullCommand,
  pushCommand,
  plansCommand,
  registryCommand,
  sheetCommand,
];
