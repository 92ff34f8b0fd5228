/**
 * English spoken numerals, written here rather than with words-to-numbers because the colloquial money
 * forms matter most on a collections call and that library splits them ("two fifty" → "2 50").
 */
const SMALL: Readonly<Record<string, number>> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17,
  eighteen: 18, nineteen: 19,
};
const TENS: Readonly<Record<string, number>> = {
  twenty: 20, thirty: 30, forty: 40, fourty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};
const ORDINALS: Readonly<Record<string, number>> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10,
  eleventh: 11, twelfth: 12, thirteenth: 13, fourteenth: 14, fifteenth: 15, sixteenth: 16, seventeenth: 17,
  eighteenth: 18, nineteenth: 19, twentieth: 20, thirtieth: 30,
};

export const NUMBER_WORD = '(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fourty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|a|and)';
/** A run of number words, e.g. "two hundred and fifty", "a hundred", "two fifty". */
export const NUMBER_WORDS_RE = new RegExp(`\\b(?:${NUMBER_WORD}[\\s-]+)*(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fourty|fifty|sixty|seventy|eighty|ninety|hundred|thousand)\\b`, 'g');

function below100(words: readonly string[]): number | undefined {
  if (words.length === 1) return SMALL[words[0] ?? ''] ?? TENS[words[0] ?? ''];
  if (words.length === 2) {
    const t = TENS[words[0] ?? ''];
    const o = SMALL[words[1] ?? ''];
    if (t !== undefined && o !== undefined && o > 0 && o < 10) return t + o;
  }
  return undefined;
}

/** Value of a run of number words, or undefined when it is not a number ("a", "and" alone). */
export function parseNumberWords(phrase: string): number | undefined {
  const words = phrase.toLowerCase().split(/[\s-]+/).filter((w) => w !== 'and' && w !== '');
  while (words[0] === 'a' && words.length > 1 && words[1] !== 'hundred' && words[1] !== 'thousand') words.shift();
  if (words.length === 0 || words.every((w) => w === 'a')) return undefined;
  const hasScale = words.includes('hundred') || words.includes('thousand');
  if (!hasScale && words.length >= 2) {
    // "two fifty" = 250, "twelve fifty" = 1250: a leading 1–19 followed by 10–99 is hundreds + rest.
    const lead = SMALL[words[0] ?? ''];
    const rest = below100(words.slice(1));
    if (lead !== undefined && lead > 0 && rest !== undefined && rest >= 10) return lead * 100 + rest;
    return below100(words);
  }
  let total = 0;
  let current = 0;
  for (const w of words) {
    if (w === 'a') current = Math.max(current, 1);
    else if (w === 'hundred') current = (current || 1) * 100;
    else if (w === 'thousand') {
      total += (current || 1) * 1000;
      current = 0;
    } else {
      const v = SMALL[w] ?? TENS[w];
      if (v === undefined) return undefined;
      current += v;
    }
  }
  return total + current;
}

/** "3rd", "15th", "third", "twenty-first" → 3, 15, 3, 21. */
export function parseOrdinal(word: string): number | undefined {
  const w = word.toLowerCase();
  const digits = /^(\d{1,2})(?:st|nd|rd|th)?$/.exec(w);
  if (digits?.[1] !== undefined) return Number(digits[1]);
  const direct = ORDINALS[w];
  if (direct !== undefined) return direct;
  const compound = /^(twenty|thirty)[\s-](first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)$/.exec(w);
  if (compound?.[1] !== undefined && compound[2] !== undefined) {
    return (TENS[compound[1]] ?? 0) + (ORDINALS[compound[2]] ?? 0);
  }
  return undefined;
}

export const ORDINAL_RE = '(?:\\d{1,2}(?:st|nd|rd|th)|(?:twenty|thirty)[\\s-](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth)';

/** Small counts in "in two weeks", "three days ago". */
export function parseCount(word: string): number | undefined {
  if (/^\d+$/.test(word)) return Number(word);
  if (word === 'a' || word === 'an') return 1;
  if (word === 'couple') return 2;
  return SMALL[word.toLowerCase()];
}
