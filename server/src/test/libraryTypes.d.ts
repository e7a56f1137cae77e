// Type declarations for test-only libraries that ship none.
//
// ajv-formats-draft2019 adds the draft 2019 formats (iri, iri-reference, idn-*) that the OpenVEX schema uses.
declare module 'ajv-formats-draft2019' {
  import type Ajv from 'ajv';
  function addDraft2019Formats<T extends Ajv>(ajv: T, options?: { formats?: string[] }): T;
  export = addDraft2019Formats;
}
