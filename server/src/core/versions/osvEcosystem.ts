/** OSV ecosystem names by purl type. OSV's spelling is case-sensitive (`PyPI`, `Go`); purl types are lower-case. */
const osvEcosystemByPurlType: Readonly<Record<string, string>> = {
  npm: 'npm',
  pypi: 'PyPI',
  golang: 'Go',
  maven: 'Maven',
  cargo: 'crates.io',
  gem: 'RubyGems',
  nuget: 'NuGet',
  composer: 'Packagist',
  pub: 'Pub',
  hex: 'Hex',
};

const purlTypeByOsvKey: ReadonlyMap<string, string> = new Map(
  Object.entries(osvEcosystemByPurlType).map(([purlType, ecosystem]) => [ecosystem.toLowerCase(), purlType]),
);

/** The OSV ecosystem of a purl type (`golang` → `Go`), or undefined for types OSV has no ecosystem for here. */
export function osvEcosystemOfPurlType(purlType: string): string | undefined {
  return osvEcosystemByPurlType[purlType.toLowerCase()];
}

/** The purl type of an OSV ecosystem (`PyPI` → `pypi`); an OSV suffix such as `:https://repo` is ignored. */
export function purlTypeOfOsvEcosystem(ecosystem: string): string | undefined {
  return purlTypeByOsvKey.get(baseEcosystem(ecosystem).toLowerCase());
}

/**
 * The OSV spelling of an ecosystem given either as OSV spells it (any case, with or without a `:suffix`) or as a
 * purl type: `pypi`, `PyPI` and `PyPI:https://pypi.org` all give `PyPI`. Undefined when unknown.
 */
export function osvEcosystemOf(ecosystem: string): string | undefined {
  const base = baseEcosystem(ecosystem).toLowerCase();
  const purlType = purlTypeByOsvKey.get(base) ?? (base in osvEcosystemByPurlType ? base : undefined);
  return purlType === undefined ? undefined : osvEcosystemByPurlType[purlType];
}

/** OSV ecosystems may carry a suffix after `:` (`Debian:11`, `Maven:https://repo.example`); it never changes ordering. */
function baseEcosystem(ecosystem: string): string {
  const colon = ecosystem.indexOf(':');
  return (colon === -1 ? ecosystem : ecosystem.slice(0, colon)).trim();
}
