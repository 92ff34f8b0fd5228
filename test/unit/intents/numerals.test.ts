import { describe, expect, it } from 'vitest';
import { parseNumberWords } from '../../../src/domain/intents/numbers-en.ts';
import { parseZhNumber } from '../../../src/domain/intents/numbers-zh.ts';

describe('English spoken numbers', () => {
  it.each([
    ['two hundred fifty', 250],
    ['two hundred and fifty', 250],
    ['two fifty', 250],
    ['twelve hundred', 1200],
    ['fifteen hundred', 1500],
    ['a hundred', 100],
    ['forty', 40],
    ['thirty five', 35],
    ['three thousand two hundred', 3200],
  ])('%s = %d', (words, value) => {
    expect(parseNumberWords(words)).toBe(value);
  });

  it('does not read a lone article as a number', () => {
    expect(parseNumberWords('a')).toBeUndefined();
  });
});

describe('Chinese numerals', () => {
  it.each([
    ['五百', 500],
    ['两千五百', 2500],
    ['一千五', 1500],
    ['八百八', 880],
    ['两万', 20000],
    ['一万二', 12000],
    ['十五', 15],
    ['二十', 20],
    ['三千零五十', 3050],
    ['2500', 2500],
    ['1.5万', 15000],
    ['3千', 3000],
  ])('%s = %d', (text, value) => {
    expect(parseZhNumber(text)).toBe(value);
  });

  it('rejects digit runs that are not one number', () => {
    expect(parseZhNumber('三五')).toBeUndefined();
  });
});
