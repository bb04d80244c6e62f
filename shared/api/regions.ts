import { z } from 'zod';
import { e164Schema, pathIdSchema, timestampSchema } from './common';

// ---- regions (federal subjects, SPEC §3) ----

export const regionQuerySchema = z.object({
  /** A case-insensitive part of the name. */
  search: z.string().trim().max(200, 'search must be at most 200 characters').optional(),
});
export type RegionQuery = z.input<typeof regionQuerySchema>;

/** Canonical region names in the numbering table's order: what a region rule may name. */
export const regionListSchema = z.array(z.string());

// ---- region restrictions of a SIP number (SPEC §2) ----

export const regionRuleEffectSchema = z.enum(['allow', 'deny'], {
  error: 'must be allow or deny',
});

/** Allow only, or forbid, these company numbers as caller ID for calls into the region. */
export const regionRuleSchema = z.object({
  id: z.number(),
  region: z.string(),
  /** E.164 company numbers. */
  numbers: z.array(z.string()),
  effect: regionRuleEffectSchema,
  createdAt: timestampSchema,
});
export type RegionRule = z.infer<typeof regionRuleSchema>;

export const newRegionRuleSchema = z.object({
  region: z
    .string({ error: 'region is required' })
    .trim()
    .min(1, 'region is required')
    .max(200, 'region must be at most 200 characters'),
  numbers: z
    .array(e164Schema, { error: 'must be a list of phone numbers' })
    .min(1, 'name at least one company number')
    .max(100, 'at most 100 numbers'),
  effect: regionRuleEffectSchema,
});
export type NewRegionRule = z.input<typeof newRegionRuleSchema>;

export const regionRuleParamsSchema = z.object({ id: pathIdSchema, ruleId: pathIdSchema });
