import { applyRules, applyVetoes, type PromiseVeto, type RuleVerdict, type SignalRule } from './rule-types.ts';
import type { Intent } from './types.ts';

/** High-precision rules for Chinese; same roles as rules-en.ts. */
const RESTRICTION = /(单位|公司|上班时间|工作时间|周末|早上|晚上|中午|点以前|点之前|点以后|打我手机|打手机|换个号|上班的时候|现在)/;

const RULES: readonly SignalRule[] = [
  // A bare one-word answer is unambiguous; the n-gram model has too little text to be confident about it.
  { intent: 'affirm', when: /^\s*(是|是的|对|对的|嗯|好|好的|没错|没问题|可以|行)\s*[。！!]*\s*$/ },
  { intent: 'deny', when: /^\s*(不是|不对|没有|不|不行|不可以)\s*[。！!]*\s*$/ },
  { intent: 'bankruptcy', when: /破产|自动中止/, unless: /(公司|老板|单位|厂|企业|工厂|店).{0,4}(倒闭|破产)/, unlessMeans: 'hardship' },
  {
    intent: 'attorney_represented',
    when: /(找|联系|问|跟|和|打给)我的?(代理)?律师|我(已经)?(请|委托|聘请|聘)了?(代理)?律师|我的律师|代理律师|律师(在|会|让|说|处理)|交给(了)?律师|有律师/,
    unless: /破产律师|我要(找|请)律师|去(找|请)律师(告|起诉)/,
  },
  {
    intent: 'cease_communication',
    when: /(别|不要|不许|不准)再?(给我)?打(电话|来|这个)?了|(别|不要|不许)再?(给我)?打(电话|这个|来)|(别|不要)再?联系我|删(掉|除)?(我的)?(号码|电话)|把我.{0,10}删|撤销(授权|同意)|不同意.{0,6}联系|停止(给我)?(打电话|联系|拨打)|再打.{0,4}(我就|就)?(投诉|报警|告)|别打了|(不要|别)再?骚扰|不想再?接/,
    unless: RESTRICTION,
    unlessMeans: 'callback_request',
  },
  {
    intent: 'dispute',
    when: /不是我的(欠款|债|贷款|钱|账|借款)|不是我借的|(没|没有)(借|贷)过|从来没(借|办|开)|身份(证)?(被|让人)?(盗|冒)|冒用|不认(这笔|这个|账)|我不认(?!识)|不承认|合同(发|给|拿|寄)|(有什么|拿出|出示|提供|你们有|有没有)(证据|凭证)|诉讼时效|金额不对|余额不对|数字不对|算错|担保人|没欠这么多|没有这么多|不是我(办|开)的|只认本金|只欠本金|乱收费|(利息|罚息|手续费).{0,6}(不合法|违法|不认|离谱)|前(夫|妻)(的|借)/,
  },
  { intent: 'callback_request', when: /(别|不要|不许).{0,3}打.{0,6}(单位|公司)|(单位|公司|上班时间|周末).{0,6}(别|不要)打|点(以前|之前)(别|不要)打|打我(另一个|别的)?手机/ },
  { intent: 'third_party', when: /(他|她)(还)?(在睡觉|不在|在上班|去上班|出去了|出门了|在洗澡|在开会|在忙|出差|去世)|我(去)?叫(他|她)|把(电话|手机)给(他|她)|转告(他|她)/ },
  { intent: 'refuse_to_pay', when: /做梦|想得美|才怪|告我(吧|啊)?$|没打算还|不可能还|凭什么(要)?还|就是不还|就不还|不会还的|死也不还|一分(钱)?都不(给|还)/ },
  { intent: 'ask_balance', when: /怎么(还|付|转)|还款方式|(支付宝|微信|银行卡|信用卡|刷卡|转账)(还|付)?(吗|可以|行)|到期|还款日|账号|账户是/, unless: /多少/, blockOnly: true },
  {
    intent: 'request_agent',
    when: /转人工|人工(客服|服务|坐席)|(找|要|接)人工|^人工$|我要人工|(找|叫|让)(个)?真人|跟真人|(找|叫|转|接|让)(你们)?(的)?(主管|经理|客服|工作人员|领导)/,
  },
];

export const PROMISE_SIGNAL_ZH = /(还|付|转|打|给你|记上|登记).{0,4}([0-9]|[一二两三四五六七八九十][十百千万]|[两三四五六七八九]百|[一二两三四五六七八九]千|万)|(每个?月|每周|每两周)还|先还|还清|全部还/;

const VETOES: readonly PromiseVeto[] = [
  { means: 'refuse_to_pay', when: /一百万|一个亿|哈哈|做梦|才怪/ },
  { means: 'hardship', when: /还不起|还不上|做不到|还不了|没钱|拿不出|没有钱|找到工作|凑不齐|不够/, commitmentAfterOverrides: true },
  { means: 'already_paid', when: /已经|早就|刚刚?(还|转|付|打)|(还|转|付|打)了|还过|还完|结清了|还清了/, unless: /会|能|可以|保证|争取|打算|先还|再还|(?<!早)就还|了再/ },
  { means: 'out_of_scope', when: /怎么还|在哪(里|儿)?还|(能|可以)用?(支付宝|微信)|^我(也)?(想|应该|知道要)还(钱|的)?$/ },
];

export function rulesZh(text: string): RuleVerdict {
  const { signals, blocked } = applyRules(text, RULES);
  if (PROMISE_SIGNAL_ZH.test(text) && !vetoPromiseZh(text)) signals.add('promise_to_pay');
  return { signals, blocked };
}

export function vetoPromiseZh(text: string): Intent | undefined {
  return applyVetoes(text, VETOES, PROMISE_SIGNAL_ZH);
}
