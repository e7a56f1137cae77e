import type { PackageRef } from './finding';

export type DataClass = 'pii' | 'payment' | 'health' | 'credentials' | 'internal';

export type EnvironmentKind = 'production' | 'staging' | 'development' | 'test' | 'other';

/** What runtime and cloud data say about a service. Absent fields mean "no evidence", not "no". */
export interface Exposure {
  observedAt?: string;
  isInternetFacing?: boolean;
  /** Who uses the service: people outside the organization (customers, partners) or only its own staff. */
  audience?: 'external' | 'internal';
  environments: { name: string; kind: EnvironmentKind }[];
  dataClasses: DataClass[];
  endpoints: { method: string; path: string; exposure?: string; isAuthenticated?: boolean }[];
  /** Packages observed loaded at runtime; `undefined` means no runtime evidence at all. */
  loadedPackages?: PackageRef[];
}

export const noExposure: Exposure = { environments: [], dataClasses: [], endpoints: [] };
