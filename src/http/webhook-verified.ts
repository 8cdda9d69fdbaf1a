import type { Response } from 'express';

/**
 * Whether the request passed its provider's signature check (or checks are switched off).
 * Only then does a failure earn the apology and the operator: a stranger's request that
 * fails learns nothing about the call flow or the operator's number.
 */
export function markVerified(res: Response): void {
  res.locals.webhookVerified = true;
}

export function isVerified(res: Response): boolean {
  return res.locals.webhookVerified === true;
}
