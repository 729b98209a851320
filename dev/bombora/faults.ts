// Fault injection: scripted faults fire deterministically on the next matching requests; random
// faults draw from the seeded PRNG, so a run with the same seed and requests is reproducible.
import type { FaultKind } from './config';
import { json, type Reply } from './http';
import { isLegacyPath, rateLimited } from './legacy-api';
import type { SimState } from './state';

export function pickFault(state: SimState, method: string, path: string): FaultKind | null {
  const faults = state.config.faults;
  const i = faults.script.findIndex(
    (s) => (!s.method || s.method.toUpperCase() === method) && path.startsWith(s.path),
  );
  if (i >= 0) {
    const entry = faults.script[i] as (typeof faults.script)[number];
    entry.times -= 1;
    if (entry.times <= 0) faults.script.splice(i, 1);
    return entry.fault;
  }
  const { rate429, rate5xx, timeoutRate, truncateRate } = faults;
  if (rate429 + rate5xx + timeoutRate + truncateRate <= 0) return null;
  let r = state.random();
  if ((r -= rate429) < 0) return '429';
  if ((r -= rate5xx) < 0) return state.random() < 0.5 ? '500' : '503';
  if ((r -= timeoutRate) < 0) return 'timeout';
  if ((r -= truncateRate) < 0) return 'truncate';
  return null;
}

/** The error reply for a status fault, in the envelope of the API generation addressed. */
export function faultReply(fault: '429' | '500' | '503', path: string): Reply {
  const legacy = isLegacyPath(path);
  if (fault === '429') return legacy ? rateLimited() : json(429, { message: 'Too Many Requests' });
  const status = Number(fault);
  const text = status === 500 ? 'Internal Server Error' : 'Service Unavailable';
  return legacy
    ? json(status, { Success: false, Message: 'An error has occurred.' })
    : json(status, { message: text });
}
