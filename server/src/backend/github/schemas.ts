import { z } from 'zod';

/**
 * GitHub REST shapes (github/rest-api-description, test-fixtures/platforms/github): Dependabot, code scanning and
 * secret scanning alerts. Loose: unknown fields are ignored, and only what the adapter reads is required.
 */
const cvss = z.looseObject({ score: z.number().min(0).max(10).nullish(), vector_string: z.string().nullish() }).nullish();

export const dependabotAlertSchema = z.looseObject({
  number: z.number().int(),
  state: z.enum(['auto_dismissed', 'dismissed', 'fixed', 'open']),
  html_url: z.string(),
  created_at: z.string(),
  dependency: z.looseObject({
    package: z.looseObject({ ecosystem: z.string(), name: z.string() }),
    manifest_path: z.string().optional(),
    scope: z.enum(['development', 'runtime']).nullish(),
  }),
  security_advisory: z.looseObject({
    ghsa_id: z.string(),
    cve_id: z.string().nullish(),
    summary: z.string(),
    description: z.string().optional(),
    severity: z.enum(['low', 'medium', 'high', 'critical']),
    identifiers: z.array(z.looseObject({ type: z.string(), value: z.string() })).optional(),
    cvss: cvss,
    cvss_severities: z.looseObject({ cvss_v3: cvss, cvss_v4: cvss }).nullish(),
    // GitHub's EPSS is on a 0–100 scale.
    epss: z.looseObject({ percentage: z.number().min(0).max(100).optional(), percentile: z.number().min(0).max(100).optional() }).nullish(),
    cwes: z.array(z.looseObject({ cwe_id: z.string() })).optional(),
  }),
  security_vulnerability: z.looseObject({
    vulnerable_version_range: z.string(),
    first_patched_version: z.looseObject({ identifier: z.string() }).nullish(),
  }),
});

export type DependabotAlertDto = z.infer<typeof dependabotAlertSchema>;

export const codeScanningAlertSchema = z.looseObject({
  number: z.number().int(),
  state: z.string().nullish(),
  html_url: z.string(),
  created_at: z.string(),
  rule: z.looseObject({
    id: z.string().nullish(),
    name: z.string().optional(),
    severity: z.enum(['none', 'note', 'warning', 'error']).nullish(),
    security_severity_level: z.enum(['low', 'medium', 'high', 'critical']).nullish(),
    description: z.string().optional(),
    full_description: z.string().optional(),
    tags: z.array(z.string()).nullish(),
    help_uri: z.string().nullish(),
  }),
  tool: z.looseObject({ name: z.string().optional(), version: z.string().nullish() }),
  most_recent_instance: z.looseObject({
    commit_sha: z.string().optional(),
    message: z.looseObject({ text: z.string().optional() }).optional(),
    location: z
      .looseObject({ path: z.string().optional(), start_line: z.number().int().optional(), end_line: z.number().int().optional(), start_column: z.number().int().optional(), end_column: z.number().int().optional() })
      .optional(),
  }),
});

export type CodeScanningAlertDto = z.infer<typeof codeScanningAlertSchema>;

export const secretScanningAlertSchema = z.looseObject({
  number: z.number().int(),
  state: z.enum(['open', 'resolved']).nullish(),
  html_url: z.string(),
  created_at: z.string(),
  secret_type: z.string(),
  secret_type_display_name: z.string().optional(),
  validity: z.enum(['active', 'inactive', 'unknown']).optional(),
  first_location_detected: z
    .looseObject({ path: z.string().optional(), start_line: z.number().optional(), end_line: z.number().optional(), start_column: z.number().optional(), end_column: z.number().optional() })
    .nullish(),
});

export type SecretScanningAlertDto = z.infer<typeof secretScanningAlertSchema>;

/** GitHub's error body (`basic-error`). */
export const errorSchema = z.looseObject({ message: z.string().optional() });

/** `GET /repos/{owner}/{repo}/properties/values`: the repository's custom property values. */
export const customPropertySchema = z.looseObject({ property_name: z.string(), value: z.union([z.string(), z.array(z.string())]).nullish() });
