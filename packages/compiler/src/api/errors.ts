/** Errors the API client raises: always a short message fit for a person, never a stack to show. */

/** An API call that failed: the server answered with an error status, or could not be reached. */
export class ApiError extends Error {
  override name = 'ApiError';
  /**
   * @param status HTTP status, or 0 when no response arrived (network error, timeout).
   * @param serverMessage The server's own message (`errors[0].message`) or a description of the failure.
   * @param type The server's error `type`, or `network` / `timeout` / `invalid-response`.
   */
  constructor(
    readonly status: number,
    readonly serverMessage: string,
    readonly type: string,
    readonly field?: string,
  ) {
    super(status > 0 ? `${status} ${serverMessage}` : serverMessage);
  }
}

/** Replaces every occurrence of each secret in `text` with `****`, so tokens never reach a terminal or log. */
export function maskSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    // Very short "secrets" would mask ordinary words; real tokens are long.
    if (secret && secret.length >= 4) out = out.split(secret).join('****');
  }
  return out;
}
