/**
 * `@platen/registry/warehouse`: series from a Segment/RudderStack warehouse, for `platen anomalies sql`
 * and `platen anomalies run`. Needs no SQLite; `pg` and `@duckdb/node-api` are loaded only when used.
 */
export {
  CALL_TABLES,
  DIALECTS,
  intervalSeconds,
  seriesSql,
  VIOLATIONS_TABLE,
  WarehouseSqlError,
  type CallTable,
  type Dialect,
  type SeriesSqlOptions,
  type WarehouseLayout,
} from './sql.js';
export {
  denseSeries,
  scoreWarehouseSeries,
  type ScoredWarehouseSeries,
  type Series,
  type SeriesAlert,
  type SeriesRow,
} from './series.js';
export {
  discoverLayout,
  maskUrl,
  openWarehouse,
  readSeriesRows,
  WarehouseError,
  type WarehouseConnection,
} from './connect.js';
