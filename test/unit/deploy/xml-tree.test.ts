import { describe, expect, it } from 'vitest';
import { allElements, parseXml, XmlSyntaxError } from './xml-tree.ts';

// The deployment tests lean on this checker when xmllint is absent, so it must reject what xmllint rejects.
describe('XML well-formedness checker', () => {
  it('reads a FreeSWITCH-style file into a tree and keeps its comments', () => {
    const doc = parseXml(
      '<?xml version="1.0"?>\n<!-- top -->\n<include>\n  <context name="a &amp; b">\n    <extension name=\'x\'/>text &#38; &#x26;<![CDATA[ <raw> ]]>\n  </context>\n</include>\n',
    );
    expect(doc.root.name).toBe('include');
    expect(doc.root.children[0]?.attrs).toEqual({ name: 'a &amp; b' });
    expect(allElements(doc.root).map((e) => e.name)).toEqual(['include', 'context', 'extension']);
    expect(doc.comments.map((c) => c.text.trim())).toEqual(['top']);
  });

  it.each([
    ['a mismatched closing tag', '<a><b></a></b>', /line 1: <\/a> closes <b>/],
    ['an unclosed element', '<a>\n<b>\n</a>', /closes <b>/],
    ['an element never closed', '<a>\n<b/>', /<a> opened on line 1 is never closed/],
    ['two root elements', '<a/><b/>', /second root element/],
    ['text outside the root', '<a/>junk', /text outside the root/],
    ['a bare ampersand', '<a>Tom & Jerry</a>', /"&"/],
    ['a bare ampersand in an attribute', '<a x="1 & 2"/>', /"&"/],
    ['"--" inside a comment', '<a><!-- x -- y --></a>', /"--" inside a comment/],
    ['an unclosed comment', '<a><!-- x </a>', /unclosed comment/],
    ['a duplicate attribute', '<a x="1" x="2"/>', /duplicate attribute "x"/],
    ['an unquoted attribute', '<a x=1/>', /not quoted/],
    ['"<" in an attribute', '<a x="<"/>', /"<" in the value/],
    ['no root at all', '<!-- only a comment -->', /no root element/],
    ['a DOCTYPE', '<!DOCTYPE a><a/>', /DOCTYPE/],
  ])('rejects %s', (_what, text, message) => {
    expect(() => parseXml(text)).toThrow(XmlSyntaxError);
    expect(() => parseXml(text)).toThrow(message);
  });

  it('names the line of the problem', () => {
    expect(() => parseXml('<a>\n\n\n<b></c>\n</a>')).toThrow(/^line 4:/);
  });
});
