/** Bombora refused the request and retrying will not change that (bad credentials, bad request). */
export class BomboraApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'BomboraApiError';
  }
}

/** The organisation's daily call quota is spent: the run stops until tomorrow. */
export class QuotaExceededError extends Error {
  constructor(readonly quota: number) {
    super(`The daily Bombora API quota of ${quota} calls is used up`);
    this.name = 'QuotaExceededError';
  }
}
