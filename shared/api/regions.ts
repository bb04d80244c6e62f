import { z } from 'zod';
import { e164Schema, pathIdSchema, timestampSchema } from './common';

// ---- regions (federal subjects, SPEC §3) ----

export const regionQuerySchema = z.object({
  /** A case-insensitive part of the name. */
  search: z.string().trim().max(200, 'search must be at most 200 characters').optional(),
});
export type RegionQuery = z.input<typeof regionQuerySchema>;

/** A region in both languages: `name` is the canonical Russian one, what the API stores. */
export const regionLabelSchema = z.object({ name: z.string(), en: z.string() });
export type RegionLabel = z.infer<typeof regionLabelSchema>;

/** The regions in the numbering table's order: what a region rule or company number may name. */
export const regionListSchema = z.array(regionLabelSchema);

// ---- region restrictions of a SIP number, and the company's defaults (SPEC §2, §3) ----

export const regionRuleEffectSchema = z.enum(['allow', 'deny'], {
  error: 'must be allow or deny',
});

/**
 * Allow only, or forbid, company numbers as caller ID for calls into the region: those listed,
 * those with one of the area codes, those in one of the regions (numbers connected later too).
 */
export const regionRuleSchema = z.object({
  id: z.number(),
  region: z.string(),
  /** E.164 company numbers. */
  numbers: z.array(z.string()),
  /** Area codes of company numbers ("812"). */
  codes: z.array(z.string()),
  /** Regions of company numbers (canonical names). */
  numberRegions: z.array(z.string()),
  effect: regionRuleEffectSchema,
  createdAt: timestampSchema,
});
export type RegionRule = z.infer<typeof regionRuleSchema>;

const regionNameSchema = (field: string) =>
  z
    .string({ error: `${field} is required` })
    .trim()
    .min(1, `${field} is required`)
    .max(200, `${field} must be at most 200 characters`);

export const newRegionRuleSchema = z
  .object({
    region: regionNameSchema('region'),
    numbers: z
      .array(e164Schema, { error: 'must be a list of phone numbers' })
      .max(100, 'at most 100 numbers')
      .default([]),
    codes: z
      .array(
        z
          .string()
          .trim()
          .regex(/^[3-9]\d\d$/, 'an area code is three digits, like 812'),
        {
          error: 'must be a list of area codes',
        },
      )
      .max(100, 'at most 100 codes')
      .default([]),
    numberRegions: z
      .array(regionNameSchema('a region'), { error: 'must be a list of regions' })
      .max(100, 'at most 100 regions')
      .default([]),
    effect: regionRuleEffectSchema,
  })
  .refine((rule) => rule.numbers.length + rule.codes.length + rule.numberRegions.length > 0, {
    message: 'name at least one company number, area code or region',
    path: ['numbers'],
  });
export type NewRegionRule = z.input<typeof newRegionRuleSchema>;

export const regionRuleParamsSchema = z.object({ id: pathIdSchema, ruleId: pathIdSchema });
export const companyRegionRuleParamsSchema = z.object({ ruleId: pathIdSchema });
