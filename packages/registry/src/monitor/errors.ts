/** A refused Tracking API request: answered `{ "success": false, "message": … }` with `status`. */
export class IngestError extends Error {
  override name = 'IngestError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
