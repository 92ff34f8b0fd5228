/**
 * What the pacer has learnt from observed outcomes — never told: the probability that an origination
 * reaches a live person, how long live answers take to come, how long non-live attempts last, and the
 * agents' handle time. Windows are sliding so the estimates follow drift through the day.
 */
import { addSample, emptyHistogram, histogramMean, type SlidingHistogram } from './sliding-histogram.ts';

export interface PacingEstimates {
  /** Exponentially weighted live-answer probability; the weight is 1/n until n reaches `attemptHorizon`. */
  readonly liveAnswerProbability: number;
  readonly attempts: number;
  readonly liveAnswers: number;
  readonly handled: number;
  /** Seconds from origination to a live answer. */
  readonly liveDelaySeconds: SlidingHistogram;
  /** Seconds from origination to the end of a non-live attempt. */
  readonly notLiveSeconds: SlidingHistogram;
  /** Agent seconds per connected call (talk + wrap-up). */
  readonly handleSeconds: SlidingHistogram;
}

/** About 400 attempts of memory for p: at 1–2 dials/s that is a few minutes, quick enough to follow evening drift. */
const ATTEMPT_HORIZON = 400;

export const initialEstimates = (): PacingEstimates => ({
  liveAnswerProbability: 0,
  attempts: 0,
  liveAnswers: 0,
  handled: 0,
  liveDelaySeconds: emptyHistogram(1, 180, 300),
  notLiveSeconds: emptyHistogram(1, 180, 500),
  handleSeconds: emptyHistogram(5, 1440, 300),
});

function updateP(e: PacingEstimates, live: boolean): Pick<PacingEstimates, 'liveAnswerProbability' | 'attempts'> {
  const attempts = e.attempts + 1;
  const weight = 1 / Math.min(attempts, ATTEMPT_HORIZON);
  return { attempts, liveAnswerProbability: e.liveAnswerProbability + weight * ((live ? 1 : 0) - e.liveAnswerProbability) };
}

export function observeLive(e: PacingEstimates, answerDelayMs: number): PacingEstimates {
  return {
    ...e,
    ...updateP(e, true),
    liveAnswers: e.liveAnswers + 1,
    liveDelaySeconds: addSample(e.liveDelaySeconds, answerDelayMs / 1000),
  };
}

export function observeNotLive(e: PacingEstimates, durationMs: number): PacingEstimates {
  return { ...e, ...updateP(e, false), notLiveSeconds: addSample(e.notLiveSeconds, durationMs / 1000) };
}

export function observeHandled(e: PacingEstimates, handleMs: number): PacingEstimates {
  return { ...e, handled: e.handled + 1, handleSeconds: addSample(e.handleSeconds, handleMs / 1000) };
}

export function estimateSummary(e: PacingEstimates): {
  liveAnswerProbability: number;
  meanHandleSeconds: number;
  meanLiveAnswerDelaySeconds: number;
  samples: { attempts: number; liveAnswers: number; handled: number };
} {
  return {
    liveAnswerProbability: e.liveAnswerProbability,
    meanHandleSeconds: histogramMean(e.handleSeconds),
    meanLiveAnswerDelaySeconds: histogramMean(e.liveDelaySeconds),
    samples: { attempts: e.attempts, liveAnswers: e.liveAnswers, handled: e.handled },
  };
}
