import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { IntentDataError, loadUnderstand, parseLabelledJsonl } from '../../adapters/intents/load-intent-models.ts';
import { evaluate, type LabelledCase } from '../../domain/intents/evaluate.ts';
import { formatEvalReport } from '../../domain/intents/format-report.ts';
import type { Lang, Slots, UnderstandContext } from '../../domain/intents/types.ts';
import { ASK_AGAIN_BELOW } from '../../domain/intents/understand.ts';

/** Zone used when --tz is not given: the language's usual market (documented in docs/intents.md). */
const DEFAULT_ZONE: Readonly<Record<Lang, string>> = { en: 'America/New_York', zh: 'Asia/Shanghai' };

interface CommonOpts {
  now?: string;
  tz?: string;
  currency?: string;
  json?: boolean;
}

function parseLang(value: unknown, where: string): Lang {
  if (value === 'en' || value === 'zh') return value;
  throw new IntentDataError(`${where}: language must be "en" or "zh", got ${JSON.stringify(value)}`);
}

function parseNow(value: string | undefined): Date {
  if (value === undefined) return new Date();
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new IntentDataError(`--now: not an ISO date-time: ${value}`);
  return d;
}

function parseZone(value: string | undefined, lang: Lang): string {
  const zone = value ?? DEFAULT_ZONE[lang];
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
  } catch {
    throw new IntentDataError(`--tz: unknown IANA time zone: ${zone}`);
  }
  return zone;
}

function ctxFor(lang: Lang, opts: CommonOpts): UnderstandContext {
  return { lang, now: parseNow(opts.now), timeZone: parseZone(opts.tz, lang), ...(opts.currency ? { currency: opts.currency } : {}) };
}

async function classify(opts: CommonOpts & { lang: string }): Promise<void> {
  const lang = parseLang(opts.lang, '--lang');
  const ctx = ctxFor(lang, opts);
  const understand = loadUnderstand([lang]);
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    const u = understand(line, ctx);
    process.stdout.write(`${JSON.stringify({ text: u.text, intent: u.intent, confidence: u.confidence, slots: u.slots })}\n`);
  }
}

/** Labelled slots may use the reference's snake_case name (callback_time). */
function labelledSlots(raw: unknown, where: string): Slots | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new IntentDataError(`${where}: "slots" must be an object`);
  const { callback_time: snake, ...rest } = raw as Record<string, unknown>;
  return { ...(rest as Slots), ...(snake !== undefined ? { callbackTime: snake as string } : {}) };
}

function runEval(file: string, opts: CommonOpts & { lang?: string }): void {
  const rows = parseLabelledJsonl(readFileSync(file, 'utf8'), file);
  const langs = new Set<Lang>(rows.map((r, i) => parseLang(opts.lang ?? r.raw.lang, `${file}:${i + 1}`)));
  const understand = loadUnderstand([...langs]);
  const cases: LabelledCase[] = [];
  const contexts: UnderstandContext[] = [];
  const answers = rows.map((r, i) => {
    const where = `${file}:${i + 1}`;
    const lang = parseLang(opts.lang ?? r.raw.lang, where);
    const slots = labelledSlots(r.raw.slots, where);
    cases.push({ text: r.text, intent: r.intent, ...(slots ? { slots } : {}) });
    const lineOpts = { ...opts, now: typeof r.raw.now === 'string' ? r.raw.now : opts.now, tz: typeof r.raw.tz === 'string' ? r.raw.tz : opts.tz };
    const ctx = ctxFor(lang, lineOpts);
    contexts.push(ctx);
    return understand(r.text, ctx);
  });
  // Cost of a warm understand() (the robot is long-running): further passes over the same lines, timed.
  // At least ~1000 calls so that a small file still gives a stable figure.
  const passes = Math.max(1, Math.ceil(1000 / Math.max(rows.length, 1)));
  // CPU time, not wall time: on a shared machine the wall clock mostly measures the scheduler.
  const started = process.cpuUsage();
  for (let p = 0; p < passes; p += 1) rows.forEach((r, i) => understand(r.text, contexts[i] ?? ctxFor('en', opts)));
  const used = process.cpuUsage(started);
  const msPerUtterance = rows.length === 0 ? 0 : (used.user + used.system) / 1000 / (rows.length * passes);
  const report = evaluate(cases, answers, ASK_AGAIN_BELOW);
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ ...report, askAgainBelow: ASK_AGAIN_BELOW, msPerUtterance })}\n`);
    return;
  }
  process.stdout.write(`${formatEvalReport(report, ASK_AGAIN_BELOW)}\nmean CPU cost per utterance (warm): ${msPerUtterance.toFixed(3)} ms\n`);
}

export function registerIntentsCommand(program: Command, setExit: (code: number) => void): void {
  const intents = program.command('intents').description('intent and slot understanding (EN + ZH)');
  intents
    .command('classify')
    .description('classify one utterance per line from stdin; one JSON line per utterance on stdout')
    .requiredOption('--lang <lang>', 'en or zh')
    .option('--now <iso>', 'reference instant for relative dates (default: now)')
    .option('--tz <zone>', 'IANA zone for dates (default: America/New_York for en, Asia/Shanghai for zh)')
    .option('--currency <code>', 'currency of bare amounts (default: USD for en, CNY for zh)')
    .option('--json', 'JSON lines output (the only format; accepted for symmetry with eval)')
    .action(async (opts: CommonOpts & { lang: string }) => {
      await classify(opts);
      setExit(0);
    });
  intents
    .command('eval')
    .description('accuracy, confusion matrix and costly-error rates for a labelled JSON-lines file')
    .argument('<file>', 'JSON lines: {"text","lang","intent","slots"?,"now"?,"tz"?}')
    .option('--lang <lang>', 'override the language of every line')
    .option('--now <iso>', 'reference instant for lines without "now" (default: now)')
    .option('--tz <zone>', 'IANA zone for lines without "tz"')
    .option('--currency <code>', 'currency of bare amounts')
    .option('--json', 'print the report as one JSON object')
    .action((file: string, opts: CommonOpts & { lang?: string }) => {
      runEval(file, opts);
      setExit(0);
    });
}
