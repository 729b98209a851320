// Scripted fault injection: each entry fires on the next `times` matching API requests, then is
// consumed, so client retry tests are deterministic.
import type { FaultKind, ScriptedFault } from './config';
import { json, text, TOO_MANY_REQUESTS, type Reply } from './http';
import type { SimState } from './state';

export function pickFault(state: SimState, method: string, path: string): ScriptedFault | null {
  const script = state.config.faults.script;
  const i = script.findIndex(
    (s) => (!s.method || s.method.toUpperCase() === method) && path.startsWith(s.path),
  );
  if (i < 0) return null;
  const entry = script[i] as ScriptedFault;
  const fired = { ...entry };
  entry.times -= 1;
  if (entry.times <= 0) script.splice(i, 1);
  return fired;
}

/** The reply for a status fault: 500 as the operator's error funnel, 503 as a load balancer. */
export function faultReply(fault: Exclude<FaultKind, 'timeout' | 'latency'>): Reply {
  if (fault === '429') return TOO_MANY_REQUESTS;
  if (fault === '500') return json(500, { status: 'unknown', message: 'Internal Server Error' });
  return text(503, 'Service Unavailable');
}
