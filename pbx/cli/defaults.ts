/** The PBX domain, also the SIP digest realm, when neither --domain nor PBX_DOMAIN says. */
export const DEFAULT_DOMAIN = 'pbx.local';

/** The domain a command uses: its --domain option, else PBX_DOMAIN, else DEFAULT_DOMAIN. */
export function resolveDomain(option?: string, env: NodeJS.ProcessEnv = process.env): string {
  return option?.trim() || env.PBX_DOMAIN?.trim() || DEFAULT_DOMAIN;
}
