/**
 * Share links for pasted evidence (issue 11 §5): the texts pasted into the Investigate workspace
 * (log lines, tcpdump output) and the offsets set by hand, as one fragment parameter,
 *
 *     #/investigate?evidence=1.<lz-string compressToEncodedURIComponent(JSON)>
 *
 * The fragment never reaches a server. Only small evidence travels: a dropped capture or a long
 * log stays on the machine it was dropped on. Decoding never throws.
 */
import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string';
import type { Diagnostic, Result } from '../trace/diagnostic';

export const EVIDENCE_PARAM = 'evidence';
export const EVIDENCE_SHARE_VERSION = 1;

export interface SharedEvidence {
  /** Pasted texts with the name each was given. */
  texts: { name: string; text: string }[];
  /** Offsets set by hand, µs, keyed by the text's position. */
  offsets: Record<number, number>;
}

/** What a link may carry: pasted text up to this many characters in all. */
export const EVIDENCE_SHARE_MAX_CHARS = 64_000;
const MAX_TEXTS = 32;
const MAX_PAYLOAD = 200_000;

/** The fragment for `e`, or null when its texts are too large for a link. */
export function encodeEvidenceFragment(e: SharedEvidence): string | null {
  if (e.texts.length > MAX_TEXTS) return null;
  if (e.texts.reduce((n, t) => n + t.text.length, 0) > EVIDENCE_SHARE_MAX_CHARS) return null;
  const json = JSON.stringify({ v: EVIDENCE_SHARE_VERSION, texts: e.texts, offsets: e.offsets });
  return `#/investigate?${EVIDENCE_PARAM}=${EVIDENCE_SHARE_VERSION}.${compressToEncodedURIComponent(json)}`;
}

function fail(code: string, message: string): Result<SharedEvidence | null> {
  const d: Diagnostic = { code, severity: 'error', message };
  return { value: null, diagnostics: [d] };
}

/** Reads the evidence a location hash carries; `value: null` with no diagnostics when it has none. */
export function decodeEvidenceFragment(hash: string): Result<SharedEvidence | null> {
  const m = new RegExp(`[?&#]${EVIDENCE_PARAM}=([^&#]*)`).exec(hash);
  if (!m) return { value: null, diagnostics: [] };
  const value = m[1];
  if (value.length > MAX_PAYLOAD)
    return fail(
      'share.too-long',
      `the shared evidence is ${value.length} characters; at most ${MAX_PAYLOAD} are read`,
    );
  const v = /^(\d{1,6})\.([A-Za-z0-9+\-$]*)$/.exec(value);
  if (!v)
    return fail(
      'share.malformed',
      'the link does not hold vrrpscope evidence (expected evidence=<version>.<data>)',
    );
  if (Number(v[1]) !== EVIDENCE_SHARE_VERSION)
    return fail('share.newer-version', `the link's evidence format ${v[1]} is not one this vrrpscope reads`);
  let json: string | null;
  try {
    json = decompressFromEncodedURIComponent(v[2]);
  } catch {
    json = null;
  }
  if (!json || json.length > 4 * EVIDENCE_SHARE_MAX_CHARS)
    return fail(
      'share.corrupt',
      'the shared evidence could not be decompressed (the link may have been cut)',
    );
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return fail('share.corrupt', 'the shared evidence is not valid JSON');
  }
  const d = data as { texts?: unknown; offsets?: unknown };
  const diagnostics: Diagnostic[] = [];
  const texts: SharedEvidence['texts'] = [];
  if (Array.isArray(d.texts))
    d.texts.slice(0, MAX_TEXTS).forEach((t: unknown, i) => {
      const x = t as { name?: unknown; text?: unknown };
      if (typeof x?.name === 'string' && typeof x.text === 'string')
        texts.push({ name: x.name.slice(0, 200), text: x.text.slice(0, EVIDENCE_SHARE_MAX_CHARS) });
      else
        diagnostics.push({
          code: 'share.bad-field',
          severity: 'warning',
          message: `texts[${i}] is not {name, text}: left out`,
        });
    });
  const offsets: Record<number, number> = {};
  if (d.offsets && typeof d.offsets === 'object')
    for (const [k, x] of Object.entries(d.offsets as Record<string, unknown>))
      if (/^\d{1,3}$/.test(k) && typeof x === 'number' && Number.isFinite(x) && Math.abs(x) < 1e13)
        offsets[Number(k)] = Math.round(x);
  return { value: { texts, offsets }, diagnostics };
}
