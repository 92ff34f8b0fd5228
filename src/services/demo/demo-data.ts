import type { Sql } from '../../ports/sql.ts';

/**
 * Demo accounts in English (US) and Chinese (CN), each with a callee persona the lab plays: what the person
 * does when called and what they say at each turn. Personas cover every outcome the dialer must handle.
 */
type Turn = { say: string } | { dtmf: string } | { silence: true };
interface Persona {
  readonly key: string;
  readonly behaviour: Record<string, unknown>;
  readonly turns?: readonly Turn[];
  readonly flags?: readonly string[];
  /** Consumer-designated inconvenient times, local to the account. */
  readonly blockedWindows?: readonly unknown[];
}

const EN_PERSONAS: readonly Persona[] = [
  { key: 'pays-in-full', behaviour: { answerAfterMs: 6000 }, turns: [{ say: 'Yes, this is me' }, { dtmf: '4321' }, { say: 'Yes, I can pay the full amount today' }, { say: 'Yes' }] },
  { key: 'partial-with-date', behaviour: { answerAfterMs: 8000 }, turns: [{ say: 'Yes, speaking' }, { dtmf: '4321' }, { say: 'I can pay two hundred dollars next Friday' }, { say: 'That is correct' }] },
  { key: 'hardship', behaviour: { answerAfterMs: 5000 }, turns: [{ say: 'Yes, that is me' }, { dtmf: '4321' }, { say: 'I lost my job last month and I cannot pay right now' }, { say: 'Call me back tomorrow after 5 pm' }] },
  { key: 'dispute', behaviour: { answerAfterMs: 7000 }, turns: [{ say: 'Yes' }, { say: 'four three two one' }, { say: 'I do not owe this, this is not my debt' }] },
  { key: 'cease', behaviour: { answerAfterMs: 4000 }, turns: [{ say: 'Speaking' }, { dtmf: '4321' }, { say: 'Stop calling me, I do not want any more calls' }] },
  { key: 'at-work-now', behaviour: { answerAfterMs: 5000 }, blockedWindows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], startMinute: 17 * 60, endMinute: 23 * 60 }] },
  { key: 'wrong-number', behaviour: { answerAfterMs: 9000 }, turns: [{ say: 'You have the wrong number, nobody by that name lives here' }] },
  { key: 'third-party', behaviour: { answerAfterMs: 5000 }, turns: [{ say: 'She is not home right now, I am her husband' }] },
  { key: 'machine', behaviour: { answerAfterMs: 10000, answeredBy: 'machine', beepAfterMs: 7000 } },
  { key: 'busy', behaviour: { outcome: 'busy', failAfterMs: 3000 } },
  { key: 'no-answer', behaviour: { outcome: 'noanswer' } },
  { key: 'unreachable', behaviour: { outcome: 'unreachable' } },
  { key: 'silent', behaviour: { answerAfterMs: 6000 }, turns: [{ silence: true }, { silence: true }, { silence: true }] },
  { key: 'ceased-already', behaviour: { answerAfterMs: 5000 }, flags: ['cease'] },
];

const ZH_PERSONAS: readonly Persona[] = [
  { key: 'pays-in-full', behaviour: { answerAfterMs: 5000 }, turns: [{ say: '是的，我就是' }, { dtmf: '8765' }, { say: '我今天就把钱全部还清' }, { say: '对，没错' }] },
  { key: 'partial-with-date', behaviour: { answerAfterMs: 7000 }, turns: [{ say: '是我' }, { dtmf: '8765' }, { say: '我下周五能还两千块' }, { say: '对' }] },
  { key: 'hardship', behaviour: { answerAfterMs: 6000 }, turns: [{ say: '是我' }, { dtmf: '8765' }, { say: '我最近失业了，实在没钱还' }, { say: '明天下午再打给我吧' }] },
  { key: 'cease', behaviour: { answerAfterMs: 4000 }, turns: [{ say: '是我' }, { dtmf: '8765' }, { say: '别再给我打电话了' }] },
  { key: 'wrong-number', behaviour: { answerAfterMs: 8000 }, turns: [{ say: '你打错了，这里没有这个人' }] },
  { key: 'machine', behaviour: { answerAfterMs: 9000, answeredBy: 'machine', beepAfterMs: 6000 } },
  { key: 'busy', behaviour: { outcome: 'busy', failAfterMs: 2000 } },
  { key: 'no-answer', behaviour: { outcome: 'noanswer' } },
];

const EN_NAMES = ['Maria Lopez', 'James Smith', 'Linda Johnson', 'Robert Brown', 'Patricia Davis', 'Michael Miller', 'Jennifer Wilson', 'David Moore'];
const ZH_NAMES = ['王 芳', '李 伟', '张 敏', '刘 洋', '陈 静', '杨 磊'];
const US_PLACES = [
  { state: 'ID', postal: '83702', area: '208' },
  { state: 'CA', postal: '94103', area: '415' },
  { state: 'NY', postal: '10001', area: '212' },
  { state: 'TX', postal: '75201', area: '214' },
  { state: 'FL', postal: '33101', area: '305' },
  { state: 'WA', postal: '98101', area: '206' },
];
const CN_PLACES = [{ province: 'Beijing' }, { province: 'Shanghai' }, { province: 'Guangdong' }];

export interface DemoAccount {
  readonly accountId: string;
  readonly lang: 'en' | 'zh';
  readonly persona: string;
  readonly numberE164: string;
}

export interface DemoSeed {
  readonly accounts: readonly DemoAccount[];
  /** Lab population (JSON) giving each demo number its persona's behaviour. */
  readonly population: { seed: number; targets: Array<Record<string, unknown>> };
}

function personaFor(list: readonly Persona[], i: number): Persona {
  return list[i % list.length]!;
}

/** Inserts `count` demo accounts (about two thirds English) and returns the matching lab population. */
export async function seedDemo(sql: Sql, count: number): Promise<DemoSeed> {
  const accounts: DemoAccount[] = [];
  const targets: Array<Record<string, unknown>> = [];
  const enCount = Math.ceil((count * 2) / 3);
  for (let i = 0; i < count; i += 1) {
    const lang = i < enCount ? 'en' : 'zh';
    const j = lang === 'en' ? i : i - enCount;
    const persona = personaFor(lang === 'en' ? EN_PERSONAS : ZH_PERSONAS, j);
    const accountId = `demo-${lang}-${String(j + 1).padStart(3, '0')}`;
    const [first, last] = (lang === 'en' ? EN_NAMES[j % EN_NAMES.length]! : ZH_NAMES[j % ZH_NAMES.length]!).split(' ') as [string, string];
    const place = lang === 'en' ? US_PLACES[j % US_PLACES.length]! : undefined;
    const cn = lang === 'zh' ? CN_PLACES[j % CN_PLACES.length]! : undefined;
    // Valid-looking numbers (libphonenumber checks them); 555-01xx is reserved for fiction in the US.
    const number = lang === 'en' ? `+1${place!.area}555${String(100 + (j % 100)).padStart(4, '0')}` : `+86138${String(10_000_000 + j).slice(-8)}`;
    const balanceMinor = lang === 'en' ? 25_000 + j * 3_700 : 300_000 + j * 45_000;
    await sql.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO accounts (account_id, external_id, first_name, last_name, date_of_birth, ssn_last4, language, country, state, province, postal_code, flags, blocked_windows)
         VALUES ($1, $1, $2, $3, '1980-04-12', $4, $5, $6, $7, $8, $9, $10, $11)`,
        [accountId, lang === 'en' ? first : `${first}${last}`, lang === 'en' ? last : first, lang === 'en' ? '4321' : '8765', lang, lang === 'en' ? 'US' : 'CN',
          place?.state ?? null, cn?.province ?? null, place?.postal ?? null, [...(persona.flags ?? [])], JSON.stringify(persona.blockedWindows ?? [])],
      );
      await tx.query(
        `INSERT INTO debts (debt_id, account_id, external_id, creditor, balance_minor, minimum_payment_minor, currency, days_past_due, due_date)
         VALUES ($1, $2, $1, $3, $4, $5, $6, $7, '2026-11-01')`,
        [`${accountId}-d1`, accountId, lang === 'en' ? 'Acme Bank' : '安信银行', balanceMinor, Math.round(balanceMinor / 10), lang === 'en' ? 'USD' : 'CNY', 30 + ((j * 17) % 150)],
      );
      await tx.query(
        `INSERT INTO phones (phone_id, account_id, number_e164, phone_type, consent, consent_source, consent_at) VALUES ($1, $2, $3, 'mobile', true, 'application', '2025-06-01')`,
        [`${accountId}-p1`, accountId, number],
      );
    });
    accounts.push({ accountId, lang, persona: persona.key, numberE164: number });
    targets.push({ number, ...persona.behaviour, ...(persona.turns ? { turns: persona.turns } : {}) });
  }
  return { accounts, population: { seed: 42, targets } };
}
