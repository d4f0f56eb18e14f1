/**
 * OAuth scopes as Apps Script enforces them: a service call the manifest's `oauthScopes` do not cover
 * throws, with the message Apps Script gives. The fakes take the scopes from the built appsscript.json,
 * so a test fails if the manifest lacks a scope the add-on needs.
 */

/** The scope URLs the fakes check. */
export const SCOPE = {
  currentSpreadsheet: 'https://www.googleapis.com/auth/spreadsheets.currentonly',
  allSpreadsheets: 'https://www.googleapis.com/auth/spreadsheets',
  externalRequest: 'https://www.googleapis.com/auth/script.external_request',
  containerUi: 'https://www.googleapis.com/auth/script.container.ui',
} as const;

/** The granted scopes; `check` throws Apps Script's permission error when none of `needed` is granted. */
export class Scopes {
  constructor(readonly granted: readonly string[]) {}

  /** Throws unless one of `needed` is granted. */
  check(method: string, ...needed: string[]): void {
    if (needed.some((s) => this.granted.includes(s))) return;
    throw new Error(
      `Exception: You do not have permission to call ${method}. Required permissions: ${needed[0]}`,
    );
  }
}
