/**
 * Time zones of an address. A state that spans several zones contributes all of them unless the postal code
 * pins one down (reference: "An address state … contributes all of its zones … unless the postal code pins one
 * down"). Only ZIP3 prefixes that lie wholly in one zone are pinned; the rest keep every zone of the state.
 */

const NY = 'America/New_York';
const CHI = 'America/Chicago';
const DEN = 'America/Denver';
const LA = 'America/Los_Angeles';

export const US_STATE_ZONES: Readonly<Record<string, readonly string[]>> = {
  AL: [CHI], AK: ['America/Anchorage', 'America/Juneau', 'America/Sitka', 'America/Yakutat', 'America/Nome', 'America/Metlakatla', 'America/Adak'],
  // Arizona keeps standard time, except the Navajo Nation which follows Mountain DST.
  AZ: ['America/Phoenix', DEN], AR: [CHI], CA: [LA], CO: [DEN], CT: [NY], DE: [NY], DC: [NY],
  FL: [NY, CHI], GA: [NY], HI: ['Pacific/Honolulu'], ID: ['America/Boise', LA], IL: [CHI],
  IN: ['America/Indiana/Indianapolis', CHI], IA: [CHI], KS: [CHI, DEN], KY: ['America/Kentucky/Louisville', CHI],
  LA: [CHI], ME: [NY], MD: [NY], MA: [NY], MI: ['America/Detroit', 'America/Menominee'], MN: [CHI], MS: [CHI],
  MO: [CHI], MT: [DEN], NE: [CHI, DEN], NV: [LA, DEN], NH: [NY], NJ: [NY], NM: [DEN], NY: [NY], NC: [NY],
  ND: [CHI, DEN], OH: [NY], OK: [CHI], OR: [LA, 'America/Boise'], PA: [NY], RI: [NY], SC: [NY], SD: [CHI, DEN],
  TN: [CHI, NY], TX: [CHI, DEN], UT: [DEN], VT: [NY], VA: [NY], WA: [LA], WV: [NY], WI: [CHI], WY: [DEN],
  PR: ['America/Puerto_Rico'], VI: ['America/St_Thomas'], GU: ['Pacific/Guam'], AS: ['Pacific/Pago_Pago'], MP: ['Pacific/Saipan'],
};

/** The 50 states and DC: what "somewhere in the US" means when the address has no state. */
export const US_ALL_STATE_ZONES: readonly string[] = [
  ...new Set(Object.entries(US_STATE_ZONES).filter(([s]) => !['PR', 'VI', 'GU', 'AS', 'MP'].includes(s)).flatMap(([, z]) => z)),
];

/** ZIP3 → [state, zone] for prefixes of split states that lie wholly in one zone. */
const ZIP3_PINS: Readonly<Record<string, readonly [string, string]>> = {
  // Idaho: the panhandle (Coeur d'Alene, 838xx) is Pacific; the south (832–834, 836–837) is Mountain.
  // 835xx (Lewiston, Idaho County) straddles the Salmon River line, so it is not pinned.
  '838': ['ID', LA], '832': ['ID', 'America/Boise'], '833': ['ID', 'America/Boise'], '834': ['ID', 'America/Boise'],
  '836': ['ID', 'America/Boise'], '837': ['ID', 'America/Boise'],
  // Florida: Pensacola area (325xx) is Central; the peninsula (320–323, 326–349) is Eastern. 324xx straddles.
  '325': ['FL', CHI], '320': ['FL', NY], '321': ['FL', NY], '322': ['FL', NY], '323': ['FL', NY], '326': ['FL', NY], '327': ['FL', NY],
  '328': ['FL', NY], '329': ['FL', NY], '330': ['FL', NY], '331': ['FL', NY], '332': ['FL', NY], '333': ['FL', NY],
  '334': ['FL', NY], '335': ['FL', NY], '336': ['FL', NY], '337': ['FL', NY], '338': ['FL', NY], '339': ['FL', NY],
  '341': ['FL', NY], '342': ['FL', NY], '344': ['FL', NY], '346': ['FL', NY], '347': ['FL', NY], '349': ['FL', NY],
  // Oregon: everything but Malheur County (979xx) is Pacific.
  '970': ['OR', LA], '971': ['OR', LA], '972': ['OR', LA], '973': ['OR', LA], '974': ['OR', LA], '975': ['OR', LA],
  '976': ['OR', LA], '977': ['OR', LA], '978': ['OR', LA],
  // Texas: El Paso city (799xx) is Mountain.
  '799': ['TX', DEN],
};

export interface AddressZones {
  readonly zones: readonly string[];
  readonly basis: string;
}

/** Zones of a US address; postal codes only narrow a state, never contradict it. */
export function usAddressZones(state: string | undefined, postalCode: string | undefined): AddressZones {
  const st = state?.trim().toUpperCase();
  const zip3 = postalCode?.trim().slice(0, 3);
  const pin = zip3 !== undefined ? ZIP3_PINS[zip3] : undefined;
  if (st !== undefined && st !== '') {
    const zones = US_STATE_ZONES[st];
    if (zones === undefined) return { zones: US_ALL_STATE_ZONES, basis: `unknown state "${st}": every US zone` };
    if (pin !== undefined && pin[0] === st) return { zones: [pin[1]], basis: `postal code ${zip3}xx in ${st}` };
    return { zones, basis: `state ${st}` };
  }
  if (pin !== undefined) return { zones: [pin[1]], basis: `postal code ${zip3}xx` };
  return { zones: US_ALL_STATE_ZONES, basis: 'no state: every US zone' };
}

/**
 * China observes one legal time (Beijing time) in every province, Xinjiang included; the unofficial
 * Xinjiang time is not used for the legal calling window.
 */
export function cnAddressZones(province: string | undefined): AddressZones {
  return { zones: ['Asia/Shanghai'], basis: province ? `province ${province}` : 'China (one legal time zone)' };
}
