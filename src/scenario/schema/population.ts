/** The fields every client population has, whatever its kind. */
import * as z from '../zod.js';
import { MAX_INSTANCES } from './fields.js';

const InstanceSelector = z
  .union([z.literal('all'), z.number().int().min(0).max(MAX_INSTANCES), z.string().regex(/^\d+(\.\d+)?%$/)])
  .default('all')
  .describe('Which instances run this client: "all", a count, or a percentage like "50%".');

/** Fields every client population has: which instances run it, and its name. */
export const population = {
  name: z.string().optional().describe('Population name shown in reports (default: the kind and its position).'),
  instances: InstanceSelector,
  networks: z.array(z.string()).optional().describe('Only instances on these networks (default: all networks).'),
};
