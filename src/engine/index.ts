export { Calendar, Priority, type EventHandle, type Handler } from './calendar.js';
export { StreamFactory, type RandomStream } from './random.js';
export { compile, dist, DistributionError, type DistSpec, type Sampler } from './distributions.js';
export { Resource, Grant, Ticket, type GrantCallback, type ResourceOptions } from './resource.js';
export { Process, Signal, TIMEOUT, type Command, type ProcessBody, type Timeout } from './process.js';
export { Simulation } from './simulation.js';
