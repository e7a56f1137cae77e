import { z } from 'zod';

/**
 * Schemas of the backend API (shared/openapi.yaml). Objects are loose: unknown fields are ignored for forward
 * compatibility. Only `id`, `kind`, `title` and `severity` of a finding are required.
 */
export const serviceSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string().min(1),
  repository: z.string().optional(),
  root: z.string().default(''),
  businessCriticality: z.string().optional(),
  owners: z.array(z.string()).optional(),
  links: z.looseObject({ dashboard: z.string().optional() }).optional(),
});

export const servicesResponseSchema = z.looseObject({ services: z.array(serviceSchema) });

const severitySchema = z.enum(['critical', 'high', 'medium', 'low', 'info']);

export const findingSchema = z.looseObject({
  id: z.string().min(1),
  kind: z.enum(['sca', 'sast', 'dast', 'iac', 'secret', 'container']),
  ruleId: z.string().optional(),
  title: z.string(),
  description: z.string().optional(),
  severity: severitySchema,
  cvss: z.looseObject({ score: z.number().min(0).max(10), vector: z.string().optional() }).optional(),
  epss: z.looseObject({ score: z.number().min(0).max(1), percentile: z.number().min(0).max(1).optional() }).optional(),
  kev: z.boolean().optional(),
  cwe: z.array(z.string()).optional(),
  aliases: z.array(z.string()).optional(),
  tool: z.looseObject({ name: z.string(), version: z.string().optional() }).optional(),
  firstSeen: z.string().optional(),
  status: z.enum(['open', 'triaged', 'accepted', 'false_positive', 'fixed']).optional(),
  location: z
    .looseObject({
      path: z.string(),
      startLine: z.number().int().positive().optional(),
      endLine: z.number().int().positive().optional(),
      startColumn: z.number().int().positive().optional(),
      endColumn: z.number().int().positive().optional(),
      snippet: z.string().optional(),
      commit: z.string().optional(),
      fingerprint: z.string().optional(),
    })
    .optional(),
  endpoint: z.looseObject({ method: z.string().min(1), path: z.string().min(1) }).optional(),
  resource: z.looseObject({ type: z.string().optional(), name: z.string().optional(), address: z.string().optional() }).optional(),
  remediation: z.looseObject({ text: z.string().optional(), fixes: z.array(z.unknown()).optional() }).optional(),
  package: z
    .looseObject({
      purl: z.string(),
      fixedVersions: z.array(z.string()).default([]),
      vulnerableRange: z.string().optional(),
      vulnerableSymbols: z.array(z.string()).optional(),
    })
    .optional(),
  links: z.looseObject({ advisory: z.string().optional(), finding: z.string().optional() }).optional(),
});

export type FindingDto = z.infer<typeof findingSchema>;

/** The page envelope; findings are validated one by one so one bad record does not discard the rest. */
export const findingsPageSchema = z.looseObject({
  findings: z.array(z.unknown()),
  nextCursor: z.string().nullable().optional(),
});

export const exposureSchema = z.looseObject({
  observedAt: z.string().optional(),
  internetFacing: z.boolean().optional(),
  environments: z
    .array(z.looseObject({ name: z.string(), kind: z.string().default('other'), deployedCommit: z.string().optional(), deployedVersion: z.string().optional() }))
    .default([]),
  dataClasses: z.array(z.string()).default([]),
  endpoints: z
    .array(z.looseObject({ method: z.string(), path: z.string(), exposure: z.string().optional(), authenticated: z.boolean().optional() }))
    .default([]),
  loadedPackages: z.array(z.looseObject({ purl: z.string(), lastSeen: z.string().optional() })).optional(),
});

export type ExposureDto = z.infer<typeof exposureSchema>;

export const policySchema = z.looseObject({
  id: z.string(),
  title: z.string(),
  environment: z.string().optional(),
  maxSeverity: z.enum(['critical', 'high', 'medium', 'low', 'info']).optional(),
  appliesTo: z.string().optional(),
  slaDays: z.record(z.string(), z.number()).optional(),
});

export type Policy = z.infer<typeof policySchema>;

export const policiesResponseSchema = z.looseObject({ policies: z.array(policySchema) });

export const ticketResponseSchema = z.looseObject({ id: z.string().min(1), url: z.string().optional() });
