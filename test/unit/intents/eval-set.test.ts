import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadTrainingSet, loadUnderstand, parseLabelledJsonl } from '../../../src/adapters/intents/load-intent-models.ts';
import { evaluate, type LabelledCase } from '../../../src/domain/intents/evaluate.ts';
import type { Lang } from '../../../src/domain/intents/types.ts';
import { ASK_AGAIN_BELOW } from '../../../src/domain/intents/understand.ts';

/**
 * The shipped evaluation sets (written apart from the training data; see docs/intents.md). The floors
 * sit a little under the figures reported in docs/intents.md so that a regression fails the build.
 */
const understand = loadUnderstand();
const SETS: Record<Lang, { now: string; tz: string; minAccuracy: number }> = {
  en: { now: '2026-11-23T15:00:00Z', tz: 'America/New_York', minAccuracy: 0.9 },
  zh: { now: '2026-11-23T02:00:00Z', tz: 'Asia/Shanghai', minAccuracy: 0.93 },
};

function load(lang: Lang): LabelledCase[] {
  const file = new URL(`../../fixtures/intents/eval-${lang}.jsonl`, import.meta.url);
  return parseLabelledJsonl(readFileSync(file, 'utf8'), file.pathname).map((r) => ({
    text: r.text,
    intent: r.intent,
    ...(r.raw.slots ? { slots: r.raw.slots } : {}),
  }));
}

describe.each(['en', 'zh'] as const)('evaluation set %s', (lang) => {
  const cases = load(lang);
  const { now, tz, minAccuracy } = SETS[lang];
  const report = evaluate(
    cases,
    cases.map((c) => understand(c.text, { lang, now: new Date(now), timeZone: tz })),
    ASK_AGAIN_BELOW,
  );

  it('has several hundred cases covering every intent, none copied from the training data', () => {
    expect(cases.length).toBeGreaterThanOrEqual(250);
    expect(Object.keys(report.perIntent)).toHaveLength(18);
    const norm = (t: string) => t.toLowerCase().replace(/[\s?.!？。！]+$/u, '');
    const training = new Set(loadTrainingSet(lang).map((e) => norm(e.text)));
    expect(cases.filter((c) => training.has(norm(c.text))).map((c) => c.text)).toEqual([]);
  });

  it('meets the accuracy floor', () => {
    expect(report.accuracy).toBeGreaterThanOrEqual(minAccuracy);
  });

  it('keeps the costly errors rare', () => {
    expect(report.falsePromiseRate).toBeLessThanOrEqual(0.02);
    expect(report.missedCeaseRate).toBeLessThanOrEqual(0.05);
    expect(report.missedDisputeRate).toBeLessThanOrEqual(0.1);
  });

  it('is right more often when confident: answers above the ask-again threshold are at least 95% correct', () => {
    expect(report.acceptedAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(report.acceptedAccuracy).toBeGreaterThan(report.accuracy);
    expect(report.acceptedShare).toBeGreaterThanOrEqual(0.8);
  });

  it('resolves labelled slots exactly', () => {
    expect(report.slotCases).toBeGreaterThanOrEqual(60);
    expect(report.slotErrors).toEqual([]);
  });
});

/**
 * Held-out sets: written after the model and rules were settled and measured once (figures in
 * docs/intents.md); they are small, so the floors are loose and only catch a collapse.
 */
describe.each([
  ['holdout', 'en'],
  ['holdout', 'zh'],
  ['holdout2', 'en'],
  ['holdout2', 'zh'],
] as const)('held-out set %s-%s', (name, lang) => {
  it('stays above a loose floor', () => {
    const file = new URL(`../../fixtures/intents/${name}-${lang}.jsonl`, import.meta.url);
    const cases = parseLabelledJsonl(readFileSync(file, 'utf8'), file.pathname);
    const norm = (t: string) => t.toLowerCase().replace(/[\s?.!？。！]+$/u, '');
    const training = new Set(loadTrainingSet(lang).map((e) => norm(e.text)));
    expect(cases.filter((c) => training.has(norm(c.text))).map((c) => c.text)).toEqual([]);
    const { now, tz } = SETS[lang];
    const report = evaluate(cases, cases.map((c) => understand(c.text, { lang, now: new Date(now), timeZone: tz })), ASK_AGAIN_BELOW);
    expect(report.accuracy).toBeGreaterThanOrEqual(0.8);
    expect(report.falsePromiseRate).toBeLessThanOrEqual(0.05);
  });
});
