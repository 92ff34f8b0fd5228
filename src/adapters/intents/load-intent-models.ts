import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { INTENTS, type Intent, type Lang } from '../../domain/intents/types.ts';
import type { LabelledExample } from '../../domain/intents/naive-bayes.ts';
import { createUnderstand, trainIntentModels } from '../../domain/intents/understand.ts';
import type { Understand } from '../../domain/intents/types.ts';

/**
 * The training data ships in the package (./training/train-<lang>.jsonl, written for Recollect; see
 * docs/intents.md). Training a naive Bayes model on it takes milliseconds, so the model is built at load
 * time instead of committing a generated artifact that could drift from its data.
 */
export class IntentDataError extends Error {
  readonly code = 'INTENT_DATA_INVALID';
  readonly retryable = false;
}

export function trainingFile(lang: Lang): string {
  return fileURLToPath(new URL(`./training/train-${lang}.jsonl`, import.meta.url));
}

/** Parse labelled JSON lines; each line needs `text` and a known `intent`. Errors name the file and line. */
export function parseLabelledJsonl(content: string, source: string): (LabelledExample & { readonly raw: Record<string, unknown> })[] {
  const out: (LabelledExample & { raw: Record<string, unknown> })[] = [];
  content.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      throw new IntentDataError(`${source}:${i + 1}: not valid JSON`);
    }
    if (typeof raw !== 'object' || raw === null) throw new IntentDataError(`${source}:${i + 1}: expected an object`);
    const rec = raw as Record<string, unknown>;
    if (typeof rec.text !== 'string') throw new IntentDataError(`${source}:${i + 1}: "text" must be a string`);
    if (typeof rec.intent !== 'string' || !(INTENTS as readonly string[]).includes(rec.intent)) {
      throw new IntentDataError(`${source}:${i + 1}: unknown intent ${JSON.stringify(rec.intent)}`);
    }
    out.push({ text: rec.text, intent: rec.intent as Intent, raw: rec });
  });
  return out;
}

export function loadTrainingSet(lang: Lang): LabelledExample[] {
  const file = trainingFile(lang);
  return parseLabelledJsonl(readFileSync(file, 'utf8'), file).map(({ text, intent }) => ({ text, intent }));
}

/** Train both languages from the shipped data and return the pure `understand` function. */
export function loadUnderstand(langs: readonly Lang[] = ['en', 'zh']): Understand {
  const training: Partial<Record<Lang, LabelledExample[]>> = {};
  for (const lang of langs) training[lang] = loadTrainingSet(lang);
  return createUnderstand(trainIntentModels(training));
}
