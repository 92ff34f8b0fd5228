import type { Lang } from './types.ts';
import { NUMBER_WORDS_RE, parseNumberWords } from './numbers-en.ts';

/**
 * Features for the intent classifier: word unigrams and bigrams plus character n-grams, after slot-like
 * spans are replaced by placeholders (an amount, a weekday, a day of month) so that "pay 250 Friday"
 * and "pay 80 Tuesday" look alike to the model. Chinese words come from Intl.Segmenter.
 */
const zhSegmenter = new Intl.Segmenter('zh', { granularity: 'word' });

const EN_CONTRACTIONS: readonly (readonly [RegExp, string])[] = [
  [/[’`]/g, "'"],
  [/\bcannot\b/g, "can't"],
  [/\bcant\b/g, "can't"],
  [/\bwont\b/g, "won't"],
  [/\bdont\b/g, "don't"],
  [/\bim\b/g, "i'm"],
  [/\bill\b/g, "i'll"],
];

export function normalizeEn(text: string): string {
  let t = text.toLowerCase();
  for (const [re, to] of EN_CONTRACTIONS) t = t.replace(re, to);
  t = t.replace(/\$\s?\d[\d,.]*k?/g, ' qmoney ');
  t = t.replace(/\b\d{1,2}(st|nd|rd|th)\b/g, ' qordinal ');
  t = t.replace(/\b\d[\d,.]*\b/g, ' qnum ');
  t = t.replace(NUMBER_WORDS_RE, (m) => ((parseNumberWords(m) ?? 0) >= 2 ? ' qnum ' : m));
  t = t.replace(/\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/g, ' qweekday ');
  return t;
}

export function normalizeZh(text: string): string {
  return text
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/(周|星期|礼拜)[一二三四五六日天]/g, '周W')
    .replace(/\d+(\.\d+)?[十百千万]*|[零一二两三四五六七八九十百千万]{2,}|[一二两三四五六七八九][十百千万]/g, 'N')
    .toLowerCase();
}

function ngrams(tokens: readonly string[], prefix: string, out: Set<string>): void {
  for (let i = 0; i < tokens.length; i += 1) {
    out.add(`${prefix}1:${tokens[i]}`);
    if (i + 1 < tokens.length) out.add(`${prefix}2:${tokens[i]} ${tokens[i + 1]}`);
  }
}

function charGrams(s: string, n: number, out: Set<string>): void {
  for (let i = 0; i + n <= s.length; i += 1) out.add(`c${n}:${s.slice(i, i + n)}`);
}

export function featuresOf(text: string, lang: Lang): Set<string> {
  const out = new Set<string>();
  if (lang === 'zh') {
    const t = normalizeZh(text).replace(/[\s，。！？、,.!?~～…]+/g, ' ').trim();
    const words = [...zhSegmenter.segment(t)].filter((s) => s.isWordLike).map((s) => s.segment);
    ngrams(['<s>', ...words, '</s>'], 'w', out);
    const compact = t.replace(/\s+/g, '');
    charGrams(compact, 1, out);
    charGrams(`^${compact}$`, 2, out);
    return out;
  }
  const t = normalizeEn(text);
  const words = t.split(/[^a-z0-9']+/).filter((w) => w !== '' && w !== "'");
  ngrams(['<s>', ...words, '</s>'], 'w', out);
  for (const w of words) if (w.length > 3) charGrams(`^${w}$`, 4, out);
  return out;
}
