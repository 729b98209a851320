// Scripted fault injection: a script entry fires on the next `times` matching requests (method,
// region-less path prefix, optional region), then is consumed.
import type { ScriptedFault } from './config';
import { serverError, text, type Reply } from './http';
import type { SimState } from './state';

export function pickFault(
  state: SimState,
  method: string,
  path: string,
  region: string,
): ScriptedFault | null {
  const script = state.config.faults.script;
  const i = script.findIndex(
    (s) =>
      (!s.method || s.method.toUpperCase() === method) &&
      (!s.region || s.region === region) &&
      path.toLowerCase().startsWith(s.path.toLowerCase()),
  );
  if (i < 0) return null;
  const entry = script[i] as ScriptedFault;
  const fired = { ...entry };
  entry.times -= 1;
  if (entry.times <= 0) script.splice(i, 1);
  return fired;
}

/** The reply of a status fault: TTD's documented bodies (429 JSON, 5xx plain text). */
export function faultReply(fault: ScriptedFault): Reply {
  if (fault.fault === '429') {
    return serverError(429, 'Rate limit exceeded', {
      'retry-after': String(fault.retryAfterSeconds ?? 1),
    });
  }
  if (fault.fault === '503') return text(503, 'Handler disabled or request dropped');
  return text(500, 'Internal Server Error');
}
