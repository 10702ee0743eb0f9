/** keepalived's lexical rules (docs/vrrp-behaviour.md §7.1). */
import { describe, expect, it } from 'vitest';
import { filesResolver, parseConfig } from '../../../src/lib/config';
import { lexConfig } from '../../../src/lib/config/lexer';
import { expandBraces, globToRegExp, includePath } from '../../../src/lib/config/include';
import { isTextPosition } from '../../../src/lib/trace/diagnostic';
import { hasKeepalived, instance, keepalivedTest, parse } from './helpers';

const words = (text: string) =>
  lexConfig(text).map((i) => (i.kind === 'words' ? i.tokens.map((t) => t.text).join(' ') : i.token.text));

describe('§7.1 lexical rules', () => {
  it('# and ! start a comment anywhere outside quotes', () => {
    expect(words('priority 100 # high\nstate MASTER! comment\nscript "a # b ! c"')).toEqual([
      'priority 100',
      'state MASTER',
      'script a # b ! c',
    ]);
  });
  it('\\# and \\! outside quotes stand for the characters', () => {
    expect(words('auth_pass ab\\#c\\!d')).toEqual(['auth_pass ab#c!d']);
  });
  it('braces need no whitespace and split a line', () => {
    expect(words('vrrp_instance VI_1{\ntrack_script { chk }\n}')).toEqual([
      'vrrp_instance VI_1',
      '{',
      'track_script',
      '{',
      'chk',
      '}',
      '}',
    ]);
  });
  it('a quoted string is one token with its quotes removed, with its column', () => {
    const items = lexConfig('  script "killall -0 haproxy"');
    expect(items).toMatchObject([
      {
        kind: 'words',
        tokens: [
          { text: 'script', quoted: false, at: { line: 1, col: 3, endCol: 9 } },
          { text: 'killall -0 haproxy', quoted: true, at: { line: 1, col: 10, endCol: 30 } },
        ],
      },
    ]);
  });
  it('an unterminated quote is reported and runs to the end of the line', () => {
    const r = parse('vrrp_script chk {\n  script "/bin/true\n}\n');
    expect(r.find('config.unterminated-quote')).toMatchObject({
      message: `Unmatched quote: 'script "/bin/true'`,
      at: { line: 2, col: 10 },
    });
  });
  it('a block keyword may have its { on the next line; CRLF is accepted', () => {
    const r = parse(
      'vrrp_instance VI\r\n{\r\n  interface eth0\r\n  virtual_router_id 9\r\n  virtual_ipaddress\r\n  {\r\n    10.0.0.1\r\n  }\r\n}\r\n',
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.value.instances[0]).toMatchObject({
      vrid: 9,
      interface: 'eth0',
      vips: [{ address: '10.0.0.1' }],
    });
  });
  it('one-line blocks work', () => {
    const r = parse(
      'vrrp_instance VI { interface eth0\n virtual_router_id 9\n virtual_ipaddress { 10.0.0.1 } }',
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.value.instances[0].vips).toHaveLength(1);
  });
  it('keywords and values are case-sensitive', () => {
    const r = parse(instance('  Priority 120\n  virtual_ipaddress {\n    10.0.0.1\n  }'));
    expect(r.find('config.unknown-keyword')?.message).toBe("Unknown keyword 'Priority'");
    expect(r.value.instances[0].priority).toBe(100);
  });
  it('a stray { is ignored', () => {
    const r = parse('{\n' + instance('  virtual_ipaddress {\n    10.0.0.1\n  }'));
    expect(r.find('config.unexpected-open-brace')).toMatchObject({
      message: "Unexpected '{' - ignoring",
      at: { line: 1, col: 1 },
    });
    expect(r.value.instances).toHaveLength(1);
  });
  it("a block keyword without its '{'", () => {
    const r = parse('global_defs\nrouter_id x\n');
    expect(r.find('config.missing-open-brace')?.message).toBe(
      "Missing '{' at beginning of configuration block",
    );
  });
  it('a line over 1023 characters is ignored', () => {
    const r = parse(`global_defs {\n  router_id ${'x'.repeat(1100)}\n}\n`);
    expect(r.find('config.line-too-long')).toMatchObject({
      message: 'line too long - ignoring',
      at: { line: 2 },
    });
    expect(r.value.globalDefs.routerId).toBeUndefined();
  });
  it('@id lines are kept only for a matching config id, @^id the reverse', () => {
    const text = 'global_defs {\n@high router_id H\n@^high router_id L\n}\n';
    expect(parseConfig(text).value.globalDefs.routerId).toBe('L');
    expect(parseConfig(text, { configId: 'high' }).value.globalDefs.routerId).toBe('H');
  });
  it('$NAME definitions are expanded as $NAME and ${NAME}; ~SEQ and ~LST loops repeat their line', () => {
    const text =
      '$IF=eth0\n$P= 120\nvrrp_instance V {\n interface $IF\n virtual_router_id 5\n priority ${P}\n virtual_ipaddress {\n  10.0.0.1\n }\n}\n';
    const c = parseConfig(text).value.instances[0];
    expect([c.interface, c.priority]).toEqual(['eth0', 120]);
    const seq = parseConfig(
      'vrrp_instance V {\n interface eth0\n virtual_router_id 5\n virtual_ipaddress {\n  ~SEQ(i,1,3) 10.0.0.$i\n }\n}\n',
    ).value.instances[0];
    expect(seq.vips.map((v) => v.address)).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3']);
    expect(words('~LST(i,a,b) x $i\n')).toEqual(['x a', 'x b']);
  });
});

describe('include', () => {
  const files: Record<string, string> = {
    '/etc/keepalived/keepalived.conf': 'include conf.d/*.conf\nglobal_defs {\n  router_id R1\n}\n',
    '/etc/keepalived/conf.d/a.conf': 'vrrp_script chk {\n  script "pidof x"\n  weight -5\n}\n',
    '/etc/keepalived/conf.d/b.conf': instance(
      '  track_script {\n    chk\n  }\n  virtual_ipaddress {\n    10.0.0.1\n  }',
    ),
  };
  const resolver = filesResolver(files);
  it('is resolved relative to the including file, in order, with positions in the included file', () => {
    const r = parseConfig(files['/etc/keepalived/keepalived.conf'], {
      file: '/etc/keepalived/keepalived.conf',
      resolveInclude: resolver,
    });
    expect(r.value.globalDefs.routerId).toBe('R1');
    expect(r.value.instances[0].trackScripts).toMatchObject([{ name: 'chk', weight: -5 }]);
    expect(r.value.instances[0].at?.file).toBe('/etc/keepalived/conf.d/b.conf');
    const security = r.diagnostics.find((d) => d.code === 'config.script-security');
    expect(security?.at).toMatchObject({ file: '/etc/keepalived/conf.d/a.conf', line: 1 });
  });
  it('without a resolver, or with nothing matching, it is reported and skipped', () => {
    expect(parse('include x.conf\n').find('config.include-unresolved')?.at).toMatchObject({
      line: 1,
      col: 1,
    });
    const r = parseConfig('include nothing.conf\n', { file: '/k.conf', resolveInclude: () => [] });
    expect(r.diagnostics.map((d) => d.message)).toEqual(["Config files missing 'nothing.conf'."]);
  });
  it('an include loop stops with a warning, not an error, and the rest is read (keepalived goes on)', () => {
    const r = parseConfig('include self.conf\nglobal_defs {\n  router_id R\n}\n', {
      file: 'self.conf',
      resolveInclude: () => [{ file: 'self.conf', text: 'include self.conf\n' }],
    });
    const depth = r.diagnostics.filter((d) => d.code === 'config.include-depth');
    expect(depth).toHaveLength(1);
    expect(depth[0].severity).toBe('warning');
    expect(depth[0].message).toBe(
      "Configuration file 'self.conf' open problem (Too many open files) - skipping",
    );
    expect(r.value.globalDefs.routerId).toBe('R');
  });
  it.skipIf(!hasKeepalived)('an include loop: keepalived -t prints the same line and goes on', () => {
    const text = 'include k.conf\nglobal_defs {\n  router_id R\n}\n';
    const { output, status } = keepalivedTest(text);
    expect(status).toBe(0);
    const r = parseConfig(text, {
      file: 'k.conf',
      resolveInclude: () => [{ file: 'k.conf', text }],
    });
    const [loop] = r.diagnostics.filter((d) => d.code === 'config.include-depth');
    expect(loop.severity).toBe('warning');
    const line = loop.at && isTextPosition(loop.at) ? loop.at.line : -1;
    expect(output).toContain(`(k.conf: Line ${line}) ${loop.message}`);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
  it("missing files: keepalived's messages for a plain name, a brace list and a wildcard", () => {
    const resolver = filesResolver({ '/k/a.conf': '# a\n' });
    const messages = (target: string) =>
      parseConfig(`include ${target}\n`, { file: '/k/k.conf', resolveInclude: resolver }).diagnostics.map(
        (d) => `${d.severity}: ${d.message}`,
      );
    expect(messages('x.conf')).toEqual(["warning: Config files missing 'x.conf'."]);
    expect(messages('{x,y}.conf')).toEqual(["warning: Config files missing '{x,y}.conf'."]);
    expect(messages('{a,y}.conf')).toEqual(['warning: Some config files missing: "{a,y}.conf".']);
    expect(messages('{x,a*}.conf')).toEqual(['warning: Some config files missing: "{x,a*}.conf".']);
    expect(messages('{a,b*}.conf')).toEqual([]);
    // keepalived says nothing for a wildcard matching nothing; the lint notes it as an info.
    expect(messages('b*.conf')).toEqual(["info: No file matches 'b*.conf' - nothing included"]);
  });
  it("a match that is not a regular file is skipped with keepalived's warning", () => {
    const r = parseConfig('include /dev/zero\ninclude d\n', {
      file: '/k/k.conf',
      resolveInclude: (target) =>
        target === '/dev/zero'
          ? [{ file: '/dev/zero', text: '', skip: 'not-regular' }]
          : [{ file: '/k/d', text: '', skip: 'directory' }],
    });
    expect(r.diagnostics.map((d) => [d.severity, d.message, isTextPosition(d.at) && d.at.line])).toEqual([
      ['warning', "Configuration file '/dev/zero' is not a regular non-executable file - skipping", 1],
      ['warning', "Configuration file 'd/' is a directory - skipping", 2],
    ]);
  });
});

describe('include patterns (glob and braces, §7.1)', () => {
  it('expands braces, nested, in order', () => {
    expect(expandBraces('/e/{a,b{1,2}}.conf')).toEqual(['/e/a.conf', '/e/b1.conf', '/e/b2.conf']);
    expect(expandBraces('x{,y}')).toEqual(['x', 'xy']);
    expect(expandBraces('no{brace')).toEqual(['no{brace']);
  });
  it('globs do not cross directories; classes and ? work', () => {
    const re = globToRegExp('/etc/k/*.conf');
    expect(re.test('/etc/k/a.conf')).toBe(true);
    expect(re.test('/etc/k/d/a.conf')).toBe(false);
    expect(globToRegExp('vi_[0-9]?.conf').test('vi_1a.conf')).toBe(true);
    expect(globToRegExp('vi_[!0-9].conf').test('vi_1.conf')).toBe(false);
  });
  it('paths are relative to the including file', () => {
    expect(includePath('../common.conf', '/etc/keepalived/conf.d/x.conf')).toBe(
      '/etc/keepalived/common.conf',
    );
    expect(includePath('/abs.conf', '/etc/k.conf')).toBe('/abs.conf');
    expect(includePath('b.conf', undefined)).toBe('b.conf');
  });
  it('filesResolver returns each alternative’s sorted matches once', () => {
    const r = filesResolver({ '/k/b.conf': 'B', '/k/a.conf': 'A', '/k/c.txt': 'C' });
    expect(r('{b,*}.conf', '/k/main.conf').map((f) => f.text)).toEqual(['B', 'A']);
    expect(r('*.conf', '/k/main.conf').map((f) => f.file)).toEqual(['/k/a.conf', '/k/b.conf']);
  });
});
