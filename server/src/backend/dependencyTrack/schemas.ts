import { z } from 'zod';

/**
 * Dependency-Track API v1 (4.x) shapes, from its model classes (`Finding`, `Project`, `Vulnerability`,
 * `PolicyViolation`); loose: unknown fields are ignored, and only what the adapter reads is required.
 */
export const projectSchema = z.looseObject({
  uuid: z.string(),
  name: z.string(),
  version: z.string().nullish(),
  active: z.boolean().optional(),
  isLatest: z.boolean().optional(),
  lastBomImport: z.number().nullish(),
  tags: z.array(z.looseObject({ name: z.string() })).nullish(),
});

export type ProjectDto = z.infer<typeof projectSchema>;

/** Dates are epoch milliseconds (Jackson's default for `java.util.Date`); ISO strings are accepted too. */
const instant = z.union([z.number(), z.string()]);

/** `GET /api/v1/finding/project/{uuid}`: one entry per component × vulnerability, as `Finding.java` builds it. */
export const findingSchema = z.looseObject({
  component: z.looseObject({
    uuid: z.string(),
    name: z.string(),
    group: z.string().nullish(),
    version: z.string().nullish(),
    purl: z.string().nullish(),
    project: z.string(),
  }),
  vulnerability: z.looseObject({
    uuid: z.string(),
    vulnId: z.string(),
    source: z.string(),
    title: z.string().nullish(),
    description: z.string().nullish(),
    recommendation: z.string().nullish(),
    severity: z.enum(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFO', 'UNASSIGNED']),
    cvssV2BaseScore: z.number().nullish(),
    cvssV3BaseScore: z.number().nullish(),
    cvssV3Vector: z.string().nullish(),
    cvssV4Score: z.number().nullish(),
    cvssV4Vector: z.string().nullish(),
    epssScore: z.number().min(0).max(1).nullish(),
    epssPercentile: z.number().min(0).max(1).nullish(),
    cwes: z.array(z.looseObject({ cweId: z.number().int() })).nullish(),
    aliases: z.array(z.record(z.string(), z.string())).nullish(),
  }),
  analysis: z.looseObject({ state: z.string().nullish(), isSuppressed: z.boolean().optional() }).optional(),
  attribution: z.looseObject({ attributedOn: instant.nullish(), referenceUrl: z.string().nullish() }).optional(),
  matrix: z.string().optional(),
});

export type FindingDto = z.infer<typeof findingSchema>;

/** `GET /api/v1/vulnerability/project/{uuid}`: the fields findings lack (fixed and vulnerable versions). */
export const vulnerabilitySchema = z.looseObject({
  uuid: z.string(),
  patchedVersions: z.string().nullish(),
  vulnerableVersions: z.string().nullish(),
});

/** `GET /api/v1/violation/project/{uuid}`. */
export const violationSchema = z.looseObject({
  type: z.string(),
  policyCondition: z.looseObject({
    subject: z.string(),
    operator: z.string(),
    value: z.string(),
    policy: z.looseObject({ uuid: z.string(), name: z.string(), violationState: z.string().optional() }),
  }),
});

export type ViolationDto = z.infer<typeof violationSchema>;

/** The analysis states, justifications and responses `PUT /api/v1/analysis` takes (`AnalysisState.java` …). */
export const analysisStates = ['EXPLOITABLE', 'IN_TRIAGE', 'FALSE_POSITIVE', 'NOT_AFFECTED', 'RESOLVED', 'NOT_SET'] as const;
