/**
 * The editor's keyword help against the parser: every keyword it documents or offers for completion
 * is accepted by keepalived's reader in that block, with or without a `{ … }` as the help says; and
 * the block found at a place in the text is the one written there.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/lib/config';
import {
  blockKeywords,
  blockKindAt,
  keywordHelp,
  type BlockKind,
} from '../../../src/lib/config/keyword-help';

/** A config with `line` written in a block of `kind`, and the 1-based line it is on. */
function place(kind: Exclude<BlockKind, 'other'>, line: string): { text: string; line: number } {
  switch (kind) {
    case 'top':
      return { text: `${line}\n`, line: 1 };
    case 'authentication':
      return { text: `vrrp_instance VI {\n  authentication {\n    ${line}\n  }\n}\n`, line: 3 };
    default:
      return { text: `${kind} NAME {\n  ${line}\n}\n`, line: 2 };
  }
}

const STRUCTURE = ['config.unknown-keyword', 'config.missing-open-brace', 'config.unexpected-open-brace'];

describe('keyword help', () => {
  for (const kind of [
    'top',
    'global_defs',
    'vrrp_script',
    'vrrp_instance',
    'vrrp_sync_group',
    'authentication',
  ] as const)
    it(`every keyword offered in ${kind} is accepted there as written`, () => {
      const all = blockKeywords(kind);
      expect(all.length).toBeGreaterThan(1);
      for (const k of all) {
        if (k.name === 'include') continue;
        const { text, line } = place(kind, k.block ? `${k.name} {\n}` : `${k.name} 1`);
        const wrong = parseConfig(text)
          .diagnostics.filter((d) => STRUCTURE.includes(d.code))
          .filter((d) => typeof d.at === 'object' && 'line' in d.at && d.at.line === line);
        expect(wrong, `${kind} ${k.name}`).toEqual([]);
        expect(k.section).toMatch(/^§\d+(\.\d+)*$/);
      }
    });

  it('a keyword of another block is not offered', () => {
    expect(keywordHelp('global_defs', 'priority')).toBeNull();
    expect(keywordHelp('vrrp_instance', 'router_id')).toBeNull();
    expect(keywordHelp('vrrp_instance', 'priority')).toMatchObject({
      default: '100 (255 with state MASTER)',
      section: '§7.4',
    });
    expect(keywordHelp('vrrp_instance', 'promote_secondaries')).toMatchObject({ modelled: false });
  });

  it('finds the block at a place in the text, through comments, quotes and nested blocks', () => {
    const text = [
      'global_defs { # {',
      '  router_id "a { b"',
      '}',
      'vrrp_instance VI_1 {',
      '  authentication {',
      '    auth_type PASS',
      '  }',
      '  virtual_ipaddress {',
      '    10.0.0.1',
      '  }',
      '  prio',
      '}',
      '',
    ].join('\n');
    const at = (s: string) => text.indexOf(s);
    expect(blockKindAt(text, at('router_id'))).toBe('global_defs');
    expect(blockKindAt(text, at('auth_type'))).toBe('authentication');
    expect(blockKindAt(text, at('10.0.0.1'))).toBe('other');
    expect(blockKindAt(text, at('prio'))).toBe('vrrp_instance');
    expect(blockKindAt(text, text.length)).toBe('top');
    expect(blockKindAt(text, 0)).toBe('top');
  });
});
