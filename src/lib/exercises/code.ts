/**
 * Completion codes, checked offline by the teacher's page. The teacher's link carries the class
 * key; each student's link carries only that student's key, HMAC(class key, name), so a student can
 * sign no one else's code, and a code whose name, exercise, variant, score or time was changed
 * fails to verify. HMAC-SHA-256 through Web Crypto (`globalThis.crypto.subtle`: browsers, Node 20).
 */
import { normalizeName, variantOf } from './params';

export const CODE_PREFIX = 'VRRP1';

/** What a code says. */
export interface Completion {
  /** Student name as entered. */
  name: string;
  exercise: string;
  variant: number;
  score: number;
  /** When the exercise was completed, seconds since the Unix epoch. */
  time: number;
  hints: number;
}

const enc = new TextEncoder();

function b64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function unb64url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const s = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    return Uint8Array.from(s, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

async function hmac(key: Uint8Array, message: string): Promise<Uint8Array> {
  const k = await globalThis.crypto.subtle.importKey(
    'raw',
    key as BufferSource,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return new Uint8Array(await globalThis.crypto.subtle.sign('HMAC', k, enc.encode(message)));
}

/** A fresh class key (128 random bits), for the teacher's link. */
export function newClassKey(): string {
  return b64url(globalThis.crypto.getRandomValues(new Uint8Array(16)));
}

/** The key of one student of the class: HMAC(class key, normalized name), 128 bits. */
export async function studentKey(classKey: string, name: string): Promise<string | null> {
  const k = unb64url(classKey);
  if (!k || k.length < 16) return null;
  return b64url((await hmac(k, `student:${normalizeName(name)}`)).slice(0, 16));
}

/** Signs a completion with the student's key. */
export async function makeCode(c: Completion, key: string): Promise<string> {
  const k = unb64url(key);
  if (!k || k.length < 16) throw new Error('not a student key');
  const payload = b64url(
    enc.encode(JSON.stringify([c.name, c.exercise, c.variant, c.score, c.time, c.hints])),
  );
  const mac = b64url((await hmac(k, `${CODE_PREFIX}.${payload}`)).slice(0, 16));
  return `${CODE_PREFIX}.${payload}.${mac}`;
}

export type Verified =
  { ok: true; completion: Completion } | { ok: false; reason: string; completion?: Completion };

function readPayload(payload: string): Completion | null {
  const bytes = unb64url(payload);
  if (!bytes) return null;
  try {
    const v: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    if (!Array.isArray(v) || v.length !== 6) return null;
    const [name, exercise, variant, score, time, hints] = v as unknown[];
    if (typeof name !== 'string' || typeof exercise !== 'string') return null;
    if (![variant, score, time, hints].every((x) => typeof x === 'number' && Number.isFinite(x))) return null;
    return { name, exercise, variant, score, time, hints } as Completion;
  } catch {
    return null;
  }
}

/** Equal-time comparison, so a forger learns nothing from how long a refusal takes. */
function same(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return d === 0;
}

/** Verifies a pasted code with the class key. Never throws. */
export async function verifyCode(code: string, classKey: string): Promise<Verified> {
  const parts = code.trim().split('.');
  if (parts.length !== 3 || parts[0] !== CODE_PREFIX) return { ok: false, reason: 'not a completion code' };
  const completion = readPayload(parts[1]);
  if (!completion) return { ok: false, reason: 'the code is damaged' };
  const key = await studentKey(classKey, completion.name);
  if (!key) return { ok: false, reason: 'the class key in this link is not valid', completion };
  const k = unb64url(key)!;
  const mac = b64url((await hmac(k, `${CODE_PREFIX}.${parts[1]}`)).slice(0, 16));
  if (!same(mac, parts[2]))
    return { ok: false, reason: 'the signature does not match: changed, or from another class', completion };
  if (completion.variant !== variantOf(completion.name))
    return { ok: false, reason: 'the variant does not belong to this name', completion };
  return { ok: true, completion };
}

/** One row of the class sheet. */
export interface CodeRow {
  code: string;
  verified: Verified;
}

const csvCell = (v: string | number) => {
  const s = String(v);
  // Quote what would break the row, and defuse spreadsheet formulas in names.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** The class sheet as CSV (RFC 4180), one row per pasted code, refused ones included. */
export function codesToCsv(rows: readonly CodeRow[]): string {
  const head = ['name', 'exercise', 'variant', 'score', 'hints', 'completed (UTC)', 'verified', 'reason'];
  const lines = rows.map(({ verified: v }) => {
    const c = v.completion;
    return [
      c?.name ?? '',
      c?.exercise ?? '',
      c?.variant ?? '',
      c?.score ?? '',
      c?.hints ?? '',
      c ? new Date(c.time * 1000).toISOString() : '',
      v.ok ? 'yes' : 'no',
      v.ok ? '' : v.reason,
    ]
      .map(csvCell)
      .join(',');
  });
  return [head.join(','), ...lines].join('\r\n') + '\r\n';
}
