import { describe, expect, it } from 'vitest';
import { estimateSummary, initialEstimates, observeHandled, observeLive, observeNotLive } from '../../../src/domain/pacing/estimates.ts';
import { addSample, emptyHistogram, histogramMean, quantile, survivalOf } from '../../../src/domain/pacing/sliding-histogram.ts';

describe('sliding histogram', () => {
  it('keeps only the last samples, so the distribution follows a change', () => {
    let h = emptyHistogram(1, 100, 10);
    for (let i = 0; i < 10; i++) h = addSample(h, 5);
    expect(histogramMean(h)).toBe(5);
    for (let i = 0; i < 10; i++) h = addSample(h, 50);
    expect(histogramMean(h)).toBe(50);
    expect(survivalOf(h)(20)).toBe(1);
    expect(quantile(h, 0.5)).toBe(51);
  });

  it('survival is 1 at 0, falls through the bins and is 0 past the last value', () => {
    let h = emptyHistogram(1, 30, 100);
    for (const v of [4, 4, 12, 25]) h = addSample(h, v);
    const s = survivalOf(h);
    expect(s(0)).toBe(1);
    expect(s(10)).toBeCloseTo(0.5, 9);
    expect(s(26)).toBe(0);
  });

  it('counts calls still in progress as censored (Kaplan–Meier): early finishers alone do not make handle times look short', () => {
    // 20 minutes into a campaign: the 40 calls that ended were the short ones; 40 agents are still talking, 5 min in.
    let h = emptyHistogram(5, 300, 300);
    for (let i = 0; i < 40; i++) h = addSample(h, 60 + i);
    const naive = survivalOf(h);
    const withBusy = survivalOf(h, new Array<number>(40).fill(300));
    expect(naive(200)).toBe(0);
    // Half the calls seen are still going at 200 s: the survival there is one half, not zero.
    expect(withBusy(200)).toBeCloseTo(0.5, 9);
    expect(withBusy(0)).toBe(1);
    // Past the censored values the data says nothing more; the estimate never rises.
    expect(withBusy(400)).toBeLessThanOrEqual(withBusy(200));
  });
});

describe('pacing estimates', () => {
  it('learns p from outcomes alone and forgets old ones (≈ 400 attempts of memory)', () => {
    let e = initialEstimates();
    for (let i = 0; i < 1000; i++) e = i % 5 === 0 ? observeLive(e, 10_000) : observeNotLive(e, 25_000);
    expect(e.liveAnswerProbability).toBeCloseTo(0.2, 1);
    for (let i = 0; i < 1200; i++) e = i % 10 === 0 ? observeLive(e, 10_000) : observeNotLive(e, 25_000);
    expect(e.liveAnswerProbability).toBeGreaterThan(0.08);
    expect(e.liveAnswerProbability).toBeLessThan(0.12);
  });

  it('summarises mean handle time and answer delay in seconds', () => {
    let e = initialEstimates();
    e = observeHandled(observeHandled(e, 100_000), 200_000);
    e = observeLive(observeLive(e, 6000), 10_000);
    const s = estimateSummary(e);
    expect(s.meanHandleSeconds).toBe(150);
    expect(s.meanLiveAnswerDelaySeconds).toBe(8);
    expect(s.samples).toEqual({ attempts: 2, liveAnswers: 2, handled: 2 });
  });
});
