import { readFileSync } from 'node:fs';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import addDraft2019Formats from 'ajv-formats-draft2019';
import { fixturePath } from './fixtures';

/**
 * Validates a CycloneDX 1.6 JSON BOM with the schema (and the JSON validator) of `@cyclonedx/cyclonedx-library`;
 * undefined when valid, else the validator's errors.
 */
export async function cycloneDxErrors(bom: unknown): Promise<unknown> {
  const validator = new Validation.JsonStrictValidator(Spec.Version.v1dot6);
  return (await validator.validate(JSON.stringify(bom))) ?? undefined;
}

let openVexValidator: ((document: unknown) => boolean) & { errors?: unknown } | undefined;

/** Validates an OpenVEX document against the 0.2.0 JSON schema shipped in test-fixtures/schemas. */
export function openVexErrors(document: unknown): unknown {
  if (!openVexValidator) {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    addDraft2019Formats(ajv);
    openVexValidator = ajv.compile(JSON.parse(readFileSync(fixturePath('schemas', 'openvex_json_schema-0.2.0.json'), 'utf8')) as object);
  }
  return openVexValidator(document) ? undefined : openVexValidator.errors;
}
