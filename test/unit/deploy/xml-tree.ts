/**
 * A small XML well-formedness checker and tree builder for the deployment tests, so that the FreeSWITCH and
 * dialplan files are checked even where xmllint is not installed. It covers what those files use: a
 * declaration, comments, elements with quoted attributes, character data with the five predefined entities
 * and character references, CDATA. A DOCTYPE is rejected (FreeSWITCH configuration never needs one).
 * Errors name the line, like xmllint does.
 */

export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  readonly line: number;
}

export interface XmlComment {
  readonly text: string;
  readonly line: number;
}

export interface XmlDocument {
  readonly root: XmlElement;
  readonly comments: readonly XmlComment[];
}

export class XmlSyntaxError extends Error {
  readonly code = 'XML_NOT_WELL_FORMED';
  readonly retryable = false;
}

const NAME = /^[A-Za-z_:][\w.:-]*/;
const ENTITY = /^&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9A-Fa-f]+);/;

class Cursor {
  pos = 0;
  constructor(readonly text: string) {}
  get line(): number {
    return this.text.slice(0, this.pos).split('\n').length;
  }
  startsWith(s: string): boolean {
    return this.text.startsWith(s, this.pos);
  }
  fail(message: string): never {
    throw new XmlSyntaxError(`line ${this.line}: ${message}`);
  }
  skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
  }
  readName(what: string): string {
    const m = NAME.exec(this.text.slice(this.pos));
    if (!m) this.fail(`expected ${what} name`);
    this.pos += m[0].length;
    return m[0];
  }
}

function checkCharData(cur: Cursor, text: string, startPos: number): void {
  for (let i = text.indexOf('&'); i !== -1; i = text.indexOf('&', i + 1)) {
    if (!ENTITY.test(text.slice(i))) {
      cur.pos = startPos + i;
      cur.fail('"&" that does not start an entity (write &amp;)');
    }
  }
}

function readComment(cur: Cursor, comments: XmlComment[]): void {
  const line = cur.line;
  const end = cur.text.indexOf('-->', cur.pos + 4);
  if (end === -1) cur.fail('unclosed comment');
  const body = cur.text.slice(cur.pos + 4, end);
  // XML forbids "--" inside a comment; xmllint and FreeSWITCH's parser both reject it.
  if (body.includes('--') || body.endsWith('-')) cur.fail('"--" inside a comment');
  comments.push({ text: body, line });
  cur.pos = end + 3;
}

function readAttributes(cur: Cursor): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (;;) {
    const before = cur.pos;
    cur.skipSpace();
    if (cur.startsWith('/>') || cur.startsWith('>')) return attrs;
    if (cur.pos === before) cur.fail('attributes must be separated by white space');
    const name = cur.readName('attribute');
    if (name in attrs) cur.fail(`duplicate attribute "${name}"`);
    cur.skipSpace();
    if (!cur.startsWith('=')) cur.fail(`attribute "${name}" has no value`);
    cur.pos++;
    cur.skipSpace();
    const quote = cur.text[cur.pos];
    if (quote !== '"' && quote !== "'") cur.fail(`attribute "${name}" value is not quoted`);
    const end = cur.text.indexOf(quote, cur.pos + 1);
    if (end === -1) cur.fail(`unclosed value of attribute "${name}"`);
    const value = cur.text.slice(cur.pos + 1, end);
    if (value.includes('<')) cur.fail(`"<" in the value of attribute "${name}"`);
    checkCharData(cur, value, cur.pos + 1);
    attrs[name] = value;
    cur.pos = end + 1;
  }
}

function readMisc(cur: Cursor, comments: XmlComment[], allowText: boolean): boolean {
  if (cur.startsWith('<!--')) {
    readComment(cur, comments);
    return true;
  }
  if (cur.startsWith('<?')) {
    const end = cur.text.indexOf('?>', cur.pos);
    if (end === -1) cur.fail('unclosed processing instruction');
    cur.pos = end + 2;
    return true;
  }
  if (cur.startsWith('<!DOCTYPE')) cur.fail('DOCTYPE is not allowed here');
  if (cur.startsWith('<![CDATA[')) {
    if (!allowText) cur.fail('CDATA outside the root element');
    const end = cur.text.indexOf(']]>', cur.pos);
    if (end === -1) cur.fail('unclosed CDATA section');
    cur.pos = end + 3;
    return true;
  }
  return false;
}

function readText(cur: Cursor, insideRoot: boolean): void {
  const start = cur.pos;
  const next = cur.text.indexOf('<', cur.pos);
  const end = next === -1 ? cur.text.length : next;
  const text = cur.text.slice(start, end);
  if (!insideRoot && text.trim() !== '') cur.fail('text outside the root element');
  if (text.includes(']]>')) cur.fail('"]]>" in character data');
  checkCharData(cur, text, start);
  cur.pos = end;
}

/** Parses `text`; throws XmlSyntaxError naming the line of the first problem. */
export function parseXml(text: string): XmlDocument {
  const cur: Cursor = new Cursor(text.replace(/^\uFEFF/, ''));
  const comments: XmlComment[] = [];
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (cur.pos < cur.text.length) {
    if (readMisc(cur, comments, stack.length > 0)) continue;
    if (!cur.startsWith('<')) {
      readText(cur, stack.length > 0);
      continue;
    }
    if (cur.startsWith('</')) {
      cur.pos += 2;
      const name = cur.readName('closing tag');
      cur.skipSpace();
      if (!cur.startsWith('>')) cur.fail(`malformed closing tag </${name}`);
      cur.pos++;
      const open = stack.pop();
      if (!open) cur.fail(`closing tag </${name}> without an opening tag`);
      if (open.name !== name) cur.fail(`</${name}> closes <${open.name}> opened on line ${open.line}`);
      continue;
    }
    const line = cur.line;
    cur.pos++;
    const name = cur.readName('element');
    const element: XmlElement = { name, attrs: readAttributes(cur), children: [], line };
    if (stack.length === 0) {
      if (root) cur.fail(`second root element <${name}>`);
      root = element;
    } else {
      stack[stack.length - 1]!.children.push(element);
    }
    if (cur.startsWith('/>')) cur.pos += 2;
    else {
      cur.pos++;
      stack.push(element);
    }
  }
  const unclosed = stack.pop();
  if (unclosed) cur.fail(`<${unclosed.name}> opened on line ${unclosed.line} is never closed`);
  if (!root) cur.fail('no root element');
  return { root, comments };
}

/** Every element below (and including) `element`, depth first. */
export function allElements(element: XmlElement): XmlElement[] {
  return [element, ...element.children.flatMap(allElements)];
}
