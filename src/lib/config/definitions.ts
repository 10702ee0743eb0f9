/**
 * keepalived's `$NAME=value` definitions (2.2.7, lib/parser.c `check_definition()`,
 * `find_definition()`): how a definition line is read, and which `$NAME` / `${NAME}` in a line
 * stands for a definition.
 *
 * A value ending in `\` starts a multi-line definition: the following lines, up to one without a
 * trailing `\` or an empty line, are added to it, one value line each (joined by "\n" here, as the C
 * marks line ends). Such a definition is replaced only where its name ends the line; the first line
 * of its value takes the place of the name and the others are read as the lines that follow.
 */

export interface Definition {
  value: string;
  multiline: boolean;
}

/** Names and values, in the order defined (a redefinition keeps its object, as the C keeps its entry). */
export type Definitions = Map<string, Definition>;

const isNameStart = (c: string | undefined) => c !== undefined && /[A-Za-z_]/.test(c);
const isNameChar = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_]/.test(c);

/**
 * A `$NAME=value` line (decommented) as check_definition() reads it: defines or redefines NAME and
 * returns its definition, or null when the line is no definition (no blank is allowed before `=`).
 */
export function checkDefinition(line: string, defs: Definitions): Definition | null {
  if (line[0] !== '$' || !isNameStart(line[1])) return null;
  let p = 2;
  while (p < line.length && line[p] !== '=') {
    if (!isNameChar(line[p])) return null;
    p++;
  }
  if (line[p] !== '=') return null;
  const name = line.slice(1, p);
  let value = line.slice(p + 1).replace(/^[ \t]+/, '');
  const multiline = value.endsWith('\\');
  // The trailing `\` (and the blanks before it) becomes the end of the first value line.
  if (multiline) value = value.length < 2 ? '' : `${value.slice(0, -1).replace(/[ \t]+$/, '')}\n`;
  const def = defs.get(name);
  if (def) Object.assign(def, { value, multiline });
  else defs.set(name, { value, multiline });
  return defs.get(name)!;
}

/** `set_definition()`: a loop variable's value (a multi-line definition of that name stays one). */
export function setDefinition(defs: Definitions, name: string, value: string): void {
  const def = defs.get(name);
  if (def) def.value = value;
  else defs.set(name, { value, multiline: false });
}

/** A `$NAME` or `${NAME}` found in a line: its definition and how many characters it replaces. */
export interface DefinitionUse {
  def: Definition;
  /** Characters replaced from the `$` on (`$NAME` or `${NAME}`, as the C counts them). */
  span: number;
}

/**
 * find_definition() for the text after a `$` at `at`: `${NAME}` anywhere, a bare `$NAME` only before
 * a blank, `,`, `)` or the end of the line; a multi-line definition only where the name ends the
 * line. Blanks before the `}` are allowed (the C reads them as room for parameters, which only its
 * built-in definitions take), and the C then replaces as many characters as `${NAME}` has, leaving the rest.
 */
export function findDefinition(line: string, at: number, defs: Definitions): DefinitionUse | null {
  const braces = line[at] === '{';
  const start = braces ? at + 1 : at;
  if (!isNameStart(line[start])) return null;
  let p = start + 1;
  while (isNameChar(line[p])) p++;
  const name = line.slice(start, p);
  if (braces) {
    // Digits there are parameters, which a definition of the file never takes.
    while (line[p] === ' ') p++;
    if (line[p] !== '}') return null;
  } else if (p < line.length && !' \t,)'.includes(line[p])) return null;
  const atEnd = (braces ? start + name.length + 1 : start + name.length) === line.length;
  const def = defs.get(name);
  if (!def || (def.multiline && !atEnd)) return null;
  return { def, span: name.length + 1 + (braces ? 2 : 0) };
}
