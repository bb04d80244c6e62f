/** The outgoing caller-ID decision of SPEC §3, one pure function shared by the PBX and the Admin tab. */
export * from './types';
export { decideCallerId } from './decide';
export { explainReason, explainRefusal, explainWhy, formatDay, regionPhrase } from './explain';
export { areaCode, permittedNumbers, ruleCovers, rulesInForce } from './candidates';
