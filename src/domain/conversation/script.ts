import type { Lang } from '../intents/types.ts';
import type {
  Disclosure,
  Disposition,
  Guard,
  ScriptAction,
  ScriptDef,
  ScriptStateDef,
} from './script-schema.ts';

/** A loaded, validated, compliance-checked script: what the engine runs. Plain data. */
export interface Script {
  readonly name: string;
  readonly version: number;
  readonly languages: readonly Lang[];
  readonly locale: Readonly<Record<Lang, string>>;
  readonly profiles: readonly string[];
  readonly settings: ScriptDef['settings'];
  readonly entry: ScriptDef['entry'];
  readonly prompts: Readonly<Record<string, Partial<Record<Lang, PromptBody>>>>;
  readonly global: Readonly<Record<string, readonly Transition[]>>;
  readonly states: Readonly<Record<string, ScriptState>>;
}

export interface PromptBody {
  readonly text: string;
  readonly file?: string;
}

export interface Transition {
  readonly goto?: string;
  readonly reply?: string;
  readonly if: readonly Guard[];
  readonly actions: readonly ScriptAction[];
}

export interface ScriptState extends Omit<
  ScriptStateDef,
  'on' | 'discloses' | 'actions' | 'end' | 'transfer'
> {
  readonly name: string;
  readonly discloses: readonly Disclosure[];
  readonly actions: readonly ScriptAction[];
  readonly on: Readonly<Record<string, readonly Transition[]>>;
  readonly end?: Disposition;
  readonly transfer?: Disposition;
  /** 1-based line of the state in the YAML, for compliance messages. */
  readonly line?: number;
}

/** Variables a prompt template may use, e.g. `{firstName}`. */
export const TEMPLATE_VARIABLES = [
  'firstName',
  'fullName',
  'companyName',
  'callbackNumber',
  'contactName',
  'amountDue',
  'dueDate',
  'creditorName',
  'promiseAmount',
  'promiseDate',
] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];

/** Variables whose value tells a listener there is a debt: never before right-party verification. */
export const DEBT_VARIABLES: readonly TemplateVariable[] = [
  'amountDue',
  'dueDate',
  'creditorName',
  'promiseAmount',
  'promiseDate',
];

export function templateVariables(text: string): string[] {
  return [...text.matchAll(/\{([A-Za-z]+)\}/g)].map((m) => m[1] ?? '');
}
