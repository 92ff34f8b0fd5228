import { describe, expect, it } from 'vitest';
import { meanUtilization, REFERENCE, runBar } from './bar.ts';

describe('predictive pacer against the bar of pacing.md, N = 20, p = 0.2, H = 180 s, 8 h', () => {
  it('beats the offline-tuned static ratio at ≤ 3 % abandonment, with the 30-day rate under target throughout', () => {
    const runs = runBar(20);
    expect(meanUtilization(runs)).toBeGreaterThanOrEqual(REFERENCE[20].ratio);
    // Far above progressive dialling on every seed.
    for (const m of runs) expect(m.utilization).toBeGreaterThan(REFERENCE[20].progressive + 0.02);
  }, 600_000);
});
