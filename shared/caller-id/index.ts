/** The outgoing caller-ID decision of SPEC §3, one pure function shared by the PBX and the Admin tab. */
export * from './types';
export { decideCallerId } from './decide';
export { explainReason } from './explain';
export { permittedNumbers } from './candidates';
