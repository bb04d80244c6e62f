/** The SIP adapter: JsSIP behind the typed interface of ./types. */
export { createJsSipAdapter, type JsSipAdapterDeps } from './jssip-adapter';
export { createSipLogger, type SipLogger } from './logger';
export type * from './types';
