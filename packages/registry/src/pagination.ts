/**
 * Cursor pagination as the Public API does it: `pagination.count` (1–1000, default 200) and an opaque
 * `pagination.cursor`. Cursors encode an offset and, for rules, the revision the first page read, so a
 * listing stays consistent while other clients write.
 */
import type { ApiPagination } from '@platen/compiler/api';
import { HttpError } from './http.js';

/** What a cursor holds: where the page starts and (for rules) which revision is being read. */
export interface CursorState {
  offset: number;
  revision?: number;
}

/** A page request, parsed and bounded. */
export interface PageInput extends CursorState {
  count: number;
}

/** Default and largest page size. */
export const PAGE_DEFAULT = 200;
/** The largest `pagination.count` accepted. */
export const PAGE_MAX = 1000;

function encode(state: CursorState): string {
  return Buffer.from(JSON.stringify(state), 'utf8').toString('base64url');
}

function decode(cursor: string): CursorState {
  try {
    const state = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as CursorState;
    const okRevision =
      state.revision === undefined || (Number.isSafeInteger(state.revision) && state.revision >= 0);
    if (Number.isSafeInteger(state.offset) && state.offset >= 0 && okRevision) return state;
  } catch {
    // fall through to the 400 below
  }
  throw new HttpError(400, 'bad-request', 'pagination.cursor is not a cursor this server issued');
}

/** Reads `pagination.count` and `pagination.cursor` from a query string; 400 when out of range. */
export function readPage(query: URLSearchParams): PageInput {
  const rawCount = query.get('pagination.count');
  let count = PAGE_DEFAULT;
  if (rawCount !== null) {
    count = Number(rawCount);
    if (!/^\d+$/.test(rawCount) || count < 1 || count > PAGE_MAX) {
      throw new HttpError(
        400,
        'bad-request',
        `pagination.count must be an integer from 1 to ${PAGE_MAX}`,
      );
    }
  }
  const cursor = query.get('pagination.cursor');
  return { count, ...(cursor ? decode(cursor) : { offset: 0 }) };
}

/**
 * The byte budget of a page of rules: a page stops before the rule that would take its schemas past
 * 4 MiB (but always holds at least one rule), so a plan of large rules is read in several pages.
 */
export const PAGE_BYTES = 4 * 1024 * 1024;

/**
 * The `pagination` object of a response; `next` only when entries remain. `returned` is how many
 * entries the page actually holds, when a byte budget cut it short of `page.count`.
 */
export function pageInfo(
  page: PageInput,
  total: number,
  revision?: number,
  returned = page.count,
): ApiPagination {
  const at = (offset: number) => encode(revision === undefined ? { offset } : { offset, revision });
  const info: ApiPagination = { current: at(page.offset), totalEntries: total };
  if (page.offset + returned < total) info.next = at(page.offset + returned);
  if (page.offset > 0) info.previous = at(Math.max(0, page.offset - page.count));
  return info;
}
