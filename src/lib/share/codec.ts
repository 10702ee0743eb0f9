/**
 * Share URLs: the whole app state (scenario, time, view) as one URL fragment parameter,
 *
 *     #share=1.<lz-string compressToEncodedURIComponent(JSON)>
 *
 * The number before the dot is the format version (SHARE_VERSION); the JSON repeats it as `v`. The
 * fragment never reaches a server, so a shared scenario stays in the browser. Decoding never throws: a
 * truncated, foreign or hostile link gives `value: null` or a partial state, plus diagnostics.
 */
import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string';
import type { Diagnostic, Result } from '../trace/diagnostic';
import { JsonReader } from './read-json';
import { readScenario } from './read-scenario';
import { SHARE_LIMITS, SHARE_VERSION, type ShareSelection, type ShareState, type ShareView } from './state';

/** The fragment parameter that carries the state. */
export const SHARE_PARAM = 'share';

/** Encodes a state as the value of the `share` parameter (`1.<payload>`), URL-safe as is. */
export function encodeShareValue(state: ShareState): string {
  const json = JSON.stringify({ v: SHARE_VERSION, scenario: state.scenario, t: state.t, view: state.view });
  return `${SHARE_VERSION}.${compressToEncodedURIComponent(json)}`;
}

/** Encodes a state as a whole fragment, `#share=1.…`. */
export function encodeShareFragment(state: ShareState): string {
  return `#${SHARE_PARAM}=${encodeShareValue(state)}`;
}

/**
 * Finds the `share=` parameter in a location hash such as `#share=1.…` or `#/tutorial/3?share=1.…`.
 * Returns null when the hash carries none.
 */
export function findShareValue(hash: string): string | null {
  const m = /(?:^#?|[?&#])share=([^&#]*)/.exec(hash);
  return m ? m[1] : null;
}

function fail(code: string, message: string, hint?: string): Result<ShareState | null> {
  const d: Diagnostic = { code, severity: 'error', message };
  if (hint) d.hint = hint;
  return { value: null, diagnostics: [d] };
}

function decompress(payload: string): string | null {
  try {
    return decompressFromEncodedURIComponent(payload);
  } catch {
    return null;
  }
}

/** Decodes the value of the `share` parameter. */
export function decodeShareValue(value: string): Result<ShareState | null> {
  if (value.length > SHARE_LIMITS.maxPayloadChars) {
    return fail(
      'share.too-long',
      `the shared state is ${value.length} characters; at most ${SHARE_LIMITS.maxPayloadChars} are read`,
    );
  }
  const m = /^(\d{1,6})\.([A-Za-z0-9+\-$]*)$/.exec(value);
  if (!m)
    return fail(
      'share.malformed',
      'the link does not hold a vrrpscope state (expected share=<version>.<data>)',
      'The link may have been cut when it was copied.',
    );
  const version = Number(m[1]);
  if (version > SHARE_VERSION) {
    return fail(
      'share.newer-version',
      `the link was made by a newer vrrpscope (format ${version}; this one reads up to ${SHARE_VERSION})`,
    );
  }
  if (version < 1) return fail('share.malformed', `unknown share format ${version}`);
  const json = decompress(m[2]);
  if (!json)
    return fail(
      'share.corrupt',
      'the shared state could not be decompressed',
      'The link may have been cut when it was copied.',
    );
  if (json.length > SHARE_LIMITS.maxJsonChars)
    return fail('share.too-long', 'the shared state is too large to open');
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return fail(
      'share.corrupt',
      'the shared state is not valid JSON',
      'The link may have been cut when it was copied.',
    );
  }
  return readShareState(data);
}

/** Decodes a location hash; `value: null` with no diagnostics when it carries no shared state. */
export function decodeShareFragment(hash: string): Result<ShareState | null> {
  const value = findShareValue(hash);
  return value === null ? { value: null, diagnostics: [] } : decodeShareValue(value);
}

function readSelection(r: JsonReader, v: unknown): ShareSelection | undefined {
  const o = r.object(v, 'view.selection');
  if (!o) return undefined;
  r.unknownKeys(o, 'view.selection', ['node', 'instance', 'packet', 'field']);
  const s: ShareSelection = {};
  const node = r.string(o.node, 'view.selection.node');
  const instance = r.string(o.instance, 'view.selection.instance');
  const packet = r.number(o.packet, 'view.selection.packet', 0, 2 ** 31, true);
  const field = r.string(o.field, 'view.selection.field');
  if (node !== undefined) s.node = node;
  if (instance !== undefined) s.instance = instance;
  if (packet !== undefined) s.packet = packet;
  if (field !== undefined) s.field = field;
  return s;
}

function readView(r: JsonReader, v: unknown): ShareView {
  const o = r.object(v, 'view');
  if (!o) return {};
  r.unknownKeys(o, 'view', ['selection', 'chrome', 'window', 'theme', 'speed', 'chapter']);
  const view: ShareView = {};
  const selection = readSelection(r, o.selection);
  if (selection) view.selection = selection;
  const chrome = r.oneOf(o.chrome, 'view.chrome', ['full', 'embed', 'present'] as const);
  if (chrome) view.chrome = chrome;
  const theme = r.oneOf(o.theme, 'view.theme', ['light', 'dark'] as const);
  if (theme) view.theme = theme;
  const speed = r.number(o.speed, 'view.speed', 0.1, 100);
  if (speed !== undefined) view.speed = speed;
  const chapter = r.number(o.chapter, 'view.chapter', 1, 1000, true);
  if (chapter !== undefined) view.chapter = chapter;
  const w = r.object(o.window, 'view.window');
  if (w) {
    const from = r.number(w.from, 'view.window.from', 0, SHARE_LIMITS.maxTimeUs, true);
    const to = r.number(w.to, 'view.window.to', 0, SHARE_LIMITS.maxTimeUs, true);
    if (from !== undefined && to !== undefined && from < to) view.window = { from, to };
    else r.report('warning', 'share.bad-value', 'view.window', 'needs integer µs with from < to; ignored');
  }
  return view;
}

/** Reads an already parsed share payload (`{v, scenario, t, view}`). */
export function readShareState(data: unknown): Result<ShareState | null> {
  const r = new JsonReader();
  const o = r.object(data, 'payload', 'error');
  if (!o)
    return {
      value: null,
      diagnostics: [
        ...r.diagnostics,
        { code: 'share.malformed', severity: 'error', message: 'the shared state is not an object' },
      ],
    };
  r.unknownKeys(o, 'payload', ['v', 'scenario', 't', 'view']);
  if (o.v !== undefined && o.v !== SHARE_VERSION) {
    r.report(
      'warning',
      'share.version-mismatch',
      'payload.v',
      `format ${String(o.v).slice(0, 20)} inside a version ${SHARE_VERSION} link; read as ${SHARE_VERSION}`,
    );
  }
  const scenario = readScenario(r, o.scenario);
  if (!scenario) return { value: null, diagnostics: r.diagnostics };
  const t = r.number(o.t, 't', 0, SHARE_LIMITS.maxTimeUs, true) ?? 0;
  return { value: { scenario, t, view: readView(r, o.view) }, diagnostics: r.diagnostics };
}
