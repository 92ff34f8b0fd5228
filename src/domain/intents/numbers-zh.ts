/**
 * Chinese numerals, own code: the spoken money forms are colloquial ("一千五" = 1500, "八百八" = 880,
 * "两万" = 20000, "1.5万") and no kept library reads them.
 */
const DIGITS: Readonly<Record<string, number>> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};
const UNITS: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000 };

export const ZH_NUMERAL_CHARS = '零〇一二两三四五六七八九十百千万';

/** Below 10000: "两千五百" 2500, "一千五" 1500 (a trailing digit takes the next lower unit), "十五" 15. */
function parseSection(s: string): number | undefined {
  let total = 0;
  let pending: number | undefined;
  let lastUnit = 1;
  let afterZero = false;
  for (const ch of s) {
    const d = DIGITS[ch];
    if (d !== undefined) {
      if (d === 0) afterZero = true;
      else if (pending !== undefined) return undefined; // "三五" is a range, not a number
      else pending = d;
      continue;
    }
    const unit = UNITS[ch];
    if (unit === undefined) return undefined;
    total += (pending ?? 1) * unit;
    pending = undefined;
    lastUnit = unit;
    afterZero = false;
  }
  if (pending !== undefined) {
    total += lastUnit >= 100 && !afterZero ? (pending * lastUnit) / 10 : pending;
  }
  return total;
}

/** Value of a Chinese or Arabic numeral string ("五百", "2500", "1.5万", "3千", "一万二"). */
export function parseZhNumber(raw: string): number | undefined {
  const s = raw.replace(/[,，]/g, '').replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  const mixed = /^(\d+(?:\.\d+)?)([十百千万]*)$/.exec(s);
  if (mixed?.[1] !== undefined) {
    let v = Number(mixed[1]);
    for (const ch of mixed[2] ?? '') v *= ch === '万' ? 10000 : (UNITS[ch] ?? 1);
    return Math.round(v * 100) / 100;
  }
  const wan = s.indexOf('万');
  if (wan >= 0) {
    const high = wan === 0 ? 1 : parseSection(s.slice(0, wan));
    const rest = s.slice(wan + 1);
    if (high === undefined) return undefined;
    if (rest === '') return high * 10000;
    // "一万二" = 12000: a lone trailing digit after 万 means thousands.
    const lone = DIGITS[rest];
    if (rest.length === 1 && lone !== undefined) return high * 10000 + lone * 1000;
    const low = parseSection(rest.replace(/^零/, ''));
    return low === undefined ? undefined : high * 10000 + low;
  }
  return parseSection(s);
}
