import { isFreeMailDomain, normalizeDomain } from '../ingest/normalize';

export type DomainMatch =
  { ok: true; domain: string } | { ok: false; reason: 'domain_invalid' | 'free_mail' };

/**
 * The key an intent row joins our companies and contacts on: the registrable domain, normalised
 * exactly as uploads normalise a company's domain (`WWW.Acme.com`, `uk.acme.com` and
 * `https://acme.com/x` are all `acme.com`; punycode is read as Unicode). Mailbox providers are
 * never a company: intent on `gmail.com` says nothing about the people who use it.
 */
export function matchIntentDomain(raw: string): DomainMatch {
  const normalized = normalizeDomain(raw);
  if (!normalized.ok || normalized.value === null) return { ok: false, reason: 'domain_invalid' };
  if (isFreeMailDomain(normalized.value)) return { ok: false, reason: 'free_mail' };
  return { ok: true, domain: normalized.value };
}
