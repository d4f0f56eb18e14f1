/**
 * Reading series from a warehouse Platen can reach from here: PostgreSQL (`postgres://…`, through the
 * `pg` package) or a DuckDB file (through `@duckdb/node-api`). Both packages are optional: each is
 * loaded only when its kind of source is used, and a missing one is an error that says what to install.
 */
import { existsSync } from 'node:fs';
import {
  CALL_TABLES,
  seriesSql,
  VIOLATIONS_TABLE,
  type CallTable,
  type SeriesSqlOptions,
  type WarehouseLayout,
} from './sql.js';
import type { SeriesRow } from './series.js';

/** A failure reading the warehouse, with a message fit to print (never a password). */
export class WarehouseError extends Error {
  override name = 'WarehouseError';
}

/** An open warehouse: its dialect, a query returning plain row objects, and close. */
export interface WarehouseConnection {
  dialect: 'postgres' | 'duckdb';
  /** Where it is, for messages: the URL without its password, or the file. */
  label: string;
  query(sql: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

/** `postgres://user:secret@host/db` → `postgres://user:****@host/db`. */
export function maskUrl(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:/@]*:)[^@]*@/i, '$1****@');
}

async function load<T>(specifier: string, kind: string): Promise<T> {
  try {
    return (await import(specifier)) as T;
  } catch (err) {
    throw new WarehouseError(
      `reading ${kind} needs the package ${specifier}, which cannot be loaded ` +
        `(${err instanceof Error ? err.message : String(err)}). Install it: npm i -D ${specifier}`,
    );
  }
}

interface PgModule {
  default: {
    Client: new (options: { connectionString: string; connectionTimeoutMillis?: number }) => {
      connect(): Promise<void>;
      query(sql: string): Promise<{ rows: Record<string, unknown>[] }>;
      end(): Promise<void>;
      on(event: 'error', listener: (err: Error) => void): void;
    };
  };
}

interface DuckModule {
  DuckDBInstance: {
    create(
      path: string,
      options?: Record<string, string>,
    ): Promise<{
      connect(): Promise<{
        runAndReadAll(sql: string): Promise<{ getRowObjectsJS(): Record<string, unknown>[] }>;
        closeSync?(): void;
      }>;
      closeSync?(): void;
    }>;
  };
}

/** Opens `source`: a `postgres://` or `postgresql://` URL, else a DuckDB database file. */
export async function openWarehouse(source: string): Promise<WarehouseConnection> {
  if (/^postgres(ql)?:\/\//i.test(source)) {
    const label = maskUrl(source);
    const pg = await load<PgModule>('pg', 'PostgreSQL');
    const client = new pg.default.Client({
      connectionString: source,
      connectionTimeoutMillis: 10_000,
    });
    client.on('error', () => {}); // a dropped connection fails the running query, reported there
    try {
      await client.connect();
    } catch (err) {
      throw new WarehouseError(`cannot connect to ${label}: ${reason(err, source)}`);
    }
    return {
      dialect: 'postgres',
      label,
      query: async (sql) => {
        try {
          return (await client.query(sql)).rows;
        } catch (err) {
          throw new WarehouseError(`${label}: ${reason(err, source)}`);
        }
      },
      close: () => client.end().catch(() => undefined),
    };
  }
  if (!existsSync(source))
    throw new WarehouseError(
      `${source}: no such file (a source is a postgres:// URL or a DuckDB database file)`,
    );
  const duck = await load<DuckModule>('@duckdb/node-api', 'a DuckDB file');
  let instance: Awaited<ReturnType<DuckModule['DuckDBInstance']['create']>>;
  try {
    instance = await duck.DuckDBInstance.create(source, { access_mode: 'READ_ONLY' });
  } catch (err) {
    throw new WarehouseError(`cannot open ${source} as a DuckDB database: ${reason(err)}`);
  }
  const connection = await instance.connect();
  return {
    dialect: 'duckdb',
    label: source,
    query: async (sql) => {
      try {
        return (await connection.runAndReadAll(sql)).getRowObjectsJS();
      } catch (err) {
        throw new WarehouseError(`${source}: ${reason(err)}`);
      }
    },
    close: async () => {
      connection.closeSync?.();
      instance.closeSync?.();
    },
  };
}

function reason(err: unknown, secret?: string): string {
  const text = err instanceof Error ? err.message : String(err);
  return secret ? text.split(secret).join(maskUrl(secret)) : text;
}

/**
 * The warehouse's layout, read from `information_schema`: each schema with a call table is a source
 * (limited to `schemas` when given), and each schema with `violation_generated` holds violations.
 */
export async function discoverLayout(
  connection: WarehouseConnection,
  schemas?: readonly string[],
): Promise<WarehouseLayout> {
  const names = [...Object.keys(CALL_TABLES), VIOLATIONS_TABLE].map((n) => `'${n}'`).join(', ');
  const rows = await connection.query(
    `SELECT table_schema, table_name FROM information_schema.tables
     WHERE table_name IN (${names}) AND table_schema NOT IN ('information_schema', 'pg_catalog')
     ORDER BY table_schema, table_name`,
  );
  const wanted = schemas && schemas.length > 0 ? new Set(schemas) : undefined;
  const sources = new Map<string, CallTable[]>();
  const violations: string[] = [];
  for (const row of rows) {
    const schema = String(row.table_schema);
    const name = String(row.table_name);
    if (wanted && !wanted.has(schema)) continue;
    if (name === VIOLATIONS_TABLE) violations.push(schema);
    else sources.set(schema, [...(sources.get(schema) ?? []), name as CallTable]);
  }
  if (wanted)
    for (const schema of wanted)
      if (!sources.has(schema) && !violations.includes(schema))
        throw new WarehouseError(
          `${connection.label}: schema ${JSON.stringify(schema)} has none of the tables ${names}`,
        );
  return {
    sources: [...sources].map(([schema, tables]) => ({ schema, tables })),
    violations,
  };
}

/** Runs the series query of `layout` and returns its rows with numbers as numbers. */
export async function readSeriesRows(
  connection: WarehouseConnection,
  layout: WarehouseLayout,
  options: Omit<SeriesSqlOptions, 'dialect'>,
): Promise<SeriesRow[]> {
  const rows = await connection.query(
    seriesSql(layout, { ...options, dialect: connection.dialect }),
  );
  return rows.map((r) => ({
    metric: String(r.metric),
    source: String(r.source),
    type: String(r.type),
    event: String(r.event),
    bucket: Number(r.bucket),
    value: Number(r.value),
  }));
}
