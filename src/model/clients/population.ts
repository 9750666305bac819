/**
 * A client population: the instances it runs on and the spawner of its kind. Each client module
 * exports one `spawnPopulation` with this signature and the map below names it for its kind,
 * so a new client kind is one module and one entry here; the simulation never branches on kind.
 */
import type { ClientSpec } from '../../scenario/schema.js';
import type { Instance } from '../topology.js';
import { spawnPopulation as chef } from './chef.js';
import { spawnPopulation as cloudInit } from './cloud-init.js';
import type { ClientContext } from './http-client.js';
import { spawnPopulation as periodic } from './periodic.js';
import { spawnPopulation as replay } from './replay.js';

/** What a spawner gets besides its spec. */
export interface Population {
  ctx: ClientContext;
  /** The population's name: the prefix of its random streams (`<name>/i<index>/...`). */
  name: string;
  /** Its instances, in instance order: each spawns its process in this order. */
  instances: Instance[];
  /** Absolute simulated times the measurement window opens and closes. */
  warmup: number;
  end: number;
}

/** Spawns one process per instance of the population (in instance order). */
export type SpawnPopulation<S extends ClientSpec> = (pop: Population, spec: S) => void;

type Spawners = { [K in ClientSpec['kind']]: SpawnPopulation<Extract<ClientSpec, { kind: K }>> };

const SPAWNERS: Spawners = { chef, 'cloud-init': cloudInit, periodic, replay };

/** Spawns `spec`'s population with its kind's spawner. */
export function spawnPopulation(pop: Population, spec: ClientSpec): void {
  // The map's type ties each kind to its spec; indexing by a union kind loses that link.
  (SPAWNERS[spec.kind] as SpawnPopulation<ClientSpec>)(pop, spec);
}
