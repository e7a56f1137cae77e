import { z } from 'zod';

/**
 * DefectDojo API v2 shapes (drf-spectacular schema of DefectDojo 2.57, test-fixtures/platforms/defectdojo), loose:
 * unknown fields are ignored, and only what the adapter reads is required.
 */
export const productSchema = z.looseObject({
  id: z.number().int(),
  name: z.string(),
  internet_accessible: z.boolean().optional(),
  external_audience: z.boolean().optional(),
  business_criticality: z.string().nullish(),
  lifecycle: z.string().nullish(),
  enable_simple_risk_acceptance: z.boolean().optional(),
  enable_full_risk_acceptance: z.boolean().optional(),
});

export type ProductDto = z.infer<typeof productSchema>;

/** DRF limit/offset pagination: `next` is the absolute URL of the next page, null on the last. */
export const paginatedSchema = z.looseObject({
  count: z.number().int(),
  next: z.string().nullish(),
  results: z.array(z.unknown()),
});

export const findingSchema = z.looseObject({
  id: z.number().int(),
  title: z.string(),
  severity: z.enum(['Critical', 'High', 'Medium', 'Low', 'Info']),
  description: z.string().nullish(),
  mitigation: z.string().nullish(),
  references: z.string().nullish(),
  date: z.string().nullish(),
  active: z.boolean(),
  verified: z.boolean().optional(),
  false_p: z.boolean().optional(),
  risk_accepted: z.boolean().optional(),
  out_of_scope: z.boolean().optional(),
  is_mitigated: z.boolean().optional(),
  duplicate: z.boolean().optional(),
  component_name: z.string().nullish(),
  component_version: z.string().nullish(),
  vulnerability_ids: z.array(z.looseObject({ vulnerability_id: z.string() })).nullish(),
  file_path: z.string().nullish(),
  line: z.number().int().nullish(),
  cwe: z.number().int().nullish(),
  cvssv3: z.string().nullish(),
  cvssv3_score: z.number().min(0).max(10).nullish(),
  epss_score: z.number().min(0).max(1).nullish(),
  epss_percentile: z.number().min(0).max(1).nullish(),
  known_exploited: z.boolean().optional(),
  sla_expiration_date: z.string().nullish(),
  fix_version: z.string().nullish(),
  static_finding: z.boolean().optional(),
  dynamic_finding: z.boolean().optional(),
  vuln_id_from_tool: z.string().nullish(),
  unique_id_from_tool: z.string().nullish(),
});

export type FindingDto = z.infer<typeof findingSchema>;

/** `GET /api/v2/findings/{id}/?related_fields=true`: the product the finding belongs to. */
export const findingProductSchema = z.looseObject({
  related_fields: z.looseObject({
    test: z.looseObject({ engagement: z.looseObject({ product: z.looseObject({ id: z.number().int() }) }) }),
  }),
});

/** `GET /api/v2/user_profile/`: the user the API key belongs to (the owner of a risk acceptance). */
export const userProfileSchema = z.looseObject({ user: z.looseObject({ id: z.number().int() }) });
