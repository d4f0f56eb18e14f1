/**
 * Settings: the API URL and plan id belong to the spreadsheet (document properties, shared with its
 * editors); the token belongs to the person (user properties, seen by nobody else) and is keyed by the
 * API URL it was given for. Keying it so matters: any editor can change the document's API URL, and a
 * token saved for one server must never be sent to another one an editor typed in.
 * The token is never written to a cell, an HTML page or a log; it leaves only as a bearer header.
 */
import type { GasPropertiesService } from './gas.js';

/** Segment's Public API (US); the EU host is `https://eu1.api.segmentapis.com`. */
export const SEGMENT_API_URL = 'https://api.segmentapis.com';

/** Property keys, in one place. */
export const KEYS = {
  apiUrl: 'platen.apiUrl',
  planId: 'platen.planId',
  /** Followed by `:` and the normalized API URL. */
  tokenPrefix: 'platen.token:',
} as const;

/** The settings as the add-on uses them. */
export interface Settings {
  apiUrl: string;
  planId: string;
  /** Present when this user saved a token for `apiUrl`. */
  token?: string;
}

/** What the Settings dialog shows: never the token itself. */
export interface SettingsView {
  apiUrl: string;
  planId: string;
  hasToken: boolean;
}

/** What the Settings dialog submits; an empty `token` keeps the saved one. */
export interface SettingsForm {
  apiUrl?: unknown;
  planId?: unknown;
  token?: unknown;
}

/** `https://host/path` without trailing slashes; `undefined` for anything that is not an http(s) URL. */
export function normalizeApiUrl(raw: string): string | undefined {
  const url = raw.trim().replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s/?#@]+(\/[^\s?#]*)?$/i.test(url)) return undefined;
  return url;
}

/** Reads the settings; `apiUrl` defaults to Segment's Public API. */
export function readSettings(props: GasPropertiesService): Settings {
  const doc = props.getDocumentProperties();
  const apiUrl = doc.getProperty(KEYS.apiUrl) ?? SEGMENT_API_URL;
  const planId = doc.getProperty(KEYS.planId) ?? '';
  const token = props.getUserProperties().getProperty(KEYS.tokenPrefix + apiUrl) ?? undefined;
  return token === undefined || token === '' ? { apiUrl, planId } : { apiUrl, planId, token };
}

/** The settings for display: whether a token is saved, not what it is. */
export function settingsView(props: GasPropertiesService): SettingsView {
  const { apiUrl, planId, token } = readSettings(props);
  return { apiUrl, planId, hasToken: token !== undefined };
}

/** Checks and saves a submitted form; returns the problems (nothing is saved when there are any). */
export function saveSettings(props: GasPropertiesService, form: SettingsForm): string[] {
  const problems: string[] = [];
  const apiUrl = typeof form.apiUrl === 'string' ? normalizeApiUrl(form.apiUrl) : undefined;
  if (apiUrl === undefined)
    problems.push('API URL: give an http(s) URL, e.g. https://api.segmentapis.com');
  const planId = typeof form.planId === 'string' ? form.planId.trim() : '';
  if (planId === '') problems.push('Plan id: give the tracking plan id, e.g. tp_2XyZ');
  else if (planId.length > 200 || /[\u0000-\u001f]/.test(planId))
    problems.push('Plan id: at most 200 characters, no control characters');
  const token = typeof form.token === 'string' ? form.token.trim() : '';
  if (/\s/.test(token)) problems.push('Token: a token holds no spaces or line breaks');
  if (problems.length > 0 || apiUrl === undefined) return problems;
  const doc = props.getDocumentProperties();
  doc.setProperty(KEYS.apiUrl, apiUrl);
  doc.setProperty(KEYS.planId, planId);
  if (token !== '') props.getUserProperties().setProperty(KEYS.tokenPrefix + apiUrl, token);
  return [];
}

/** Forgets this user's token for the current API URL. */
export function forgetToken(props: GasPropertiesService): void {
  const { apiUrl } = readSettings(props);
  props.getUserProperties().deleteProperty(KEYS.tokenPrefix + apiUrl);
}

/** What is missing before the add-on can talk to the API; empty when nothing is. */
export function missingSettings(settings: Settings): string[] {
  const out: string[] = [];
  if (settings.planId === '') out.push('the plan id');
  if (settings.token === undefined) out.push(`a token for ${settings.apiUrl}`);
  return out;
}
