// Cuts the operations the adapters use, and every component they reference, out of a platform's published
// OpenAPI description, so the subset can ship with the tests (README.md says where each description came from):
//   node test-fixtures/platforms/extractOpenApi.mjs FULL.json OUT.json 'get /path' 'patch /path/{id}' ...
// Examples and vendor extensions (x-*) are dropped; everything else is kept as published.
import { readFileSync, writeFileSync } from 'node:fs';

const [input, output, ...operations] = process.argv.slice(2);
const full = JSON.parse(readFileSync(input, 'utf8'));
const wanted = operations.map((operation) => {
  const [method, path] = operation.split(' ');
  return { method: method.toLowerCase(), path };
});

const strip = (value) => {
  if (Array.isArray(value)) {
    return value.map(strip);
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'examples' && key !== 'example' && !key.startsWith('x-')).map(([key, item]) => [key, strip(item)]));
  }
  return value;
};

const paths = {};
for (const { method, path } of wanted) {
  const item = full.paths[path];
  if (!item?.[method]) {
    throw new Error(`${method.toUpperCase()} ${path} is not in ${input}`);
  }
  paths[path] = { ...(paths[path] ?? {}), ...(item.parameters ? { parameters: item.parameters } : {}), [method]: item[method] };
}

const components = {};
const pending = [strip(paths)];
const seen = new Set();
while (pending.length > 0) {
  const value = pending.pop();
  if (Array.isArray(value)) {
    pending.push(...value);
  } else if (value && typeof value === 'object') {
    const ref = value.$ref;
    if (typeof ref === 'string' && ref.startsWith('#/components/') && !seen.has(ref)) {
      seen.add(ref);
      const [, , section, name] = ref.split('/');
      const target = strip(full.components[section][name]);
      (components[section] ??= {})[name] = target;
      pending.push(target);
    }
    pending.push(...Object.values(value));
  }
}

const subset = {
  openapi: full.openapi,
  info: { title: `${full.info.title} (subset used by the ASPM adapters)`, version: full.info.version },
  ...(full.servers ? { servers: full.servers } : {}),
  paths: strip(paths),
  components: { ...components, ...(full.components.securitySchemes ? { securitySchemes: full.components.securitySchemes } : {}) },
};
writeFileSync(output, `${JSON.stringify(subset, null, 1)}\n`);
console.log(`${output}: ${Object.keys(paths).length} paths, ${seen.size} components`);
