/** Where the metadata proxies are (topology) and how the kernels under them queue connections. */
import * as z from '../zod.js';
import { parseCidr } from '../cidr.js';
import { plausible } from '../plausible.js';
import { MAX_INSTANCES, nonNegInt, period, posInt, seconds } from './fields.js';

const Cidr = z.string().superRefine((s, ctx) => {
  const r = parseCidr(s);
  if (typeof r === 'string') ctx.addIssue({ code: 'custom', message: r });
});

export const Network = z
  .strictObject({
    name: z.string().min(1).describe('Network name (unique); shown in reports.'),
    cidr: Cidr.describe(
      'IPv4 subnet, e.g. 10.0.0.0/22. Usable addresses = size - network - broadcast - gateway - DHCP ports.',
    ),
    instances: z
      .number()
      .int()
      .min(0)
      .max(MAX_INSTANCES)
      .describe('Instances on this network. More than the subnet can address is an error.'),
    router: z
      .string()
      .optional()
      .describe('Router this network is attached to (router and DVR modes). Default: the first router.'),
  })
  .describe('An L2 network with one subnet.');

export const Router = z.strictObject({
  name: z.string().min(1).describe('Router name (unique).'),
  l3Agent: nonNegInt(
    'Index of the L3 agent host to place it on. Default: LeastRoutersScheduler (fewest routers first).',
  ).optional(),
});

export const Topology = z
  .strictObject({
    metadataPath: z
      .enum(['router', 'isolated', 'dvr'])
      .default('router')
      .describe(
        'router: one proxy per router in qrouter-<id> on its L3 agent host. isolated: enable_isolated_metadata/force_metadata, one proxy per network per DHCP agent in qdhcp-<id>. dvr: a router proxy on every compute host that has instances of the router.',
      ),
    networks: z.array(Network).min(1).describe('The networks and their instances.'),
    routers: z
      .array(Router)
      .default([{ name: 'router1' }])
      .describe('Routers (router and DVR modes).'),
    l3Agents: posInt('Network nodes running an L3 agent (and a metadata agent each).').default(1),
    dhcpAgents: posInt('Hosts running a DHCP agent (and a metadata agent each).').default(1),
    dhcpAgentsPerNetwork: posInt(
      'dhcp_agents_per_network: DHCP agents serving each network (each takes a port).',
    ).default(1),
    computeHosts: posInt(
      'Compute hosts; instances are spread over them round-robin (DVR places a proxy on each).',
    ).default(20),
  })
  .describe('What serves 169.254.169.254 for which instance.');

export const Kernel = z
  .strictObject({
    version: z
      .string()
      .regex(/^\d{1,3}\.\d{1,3}(\.\d{1,5})?([-+~][A-Za-z0-9._+~-]{1,64})?$/)
      .default('4.15')
      .describe(
        'Linux kernel version, e.g. 4.15, 5.4.0 or 5.15.0-91-generic; sets the somaxconn default (128 before 5.4, 4096 since).',
      ),
    namespaceSomaxconn: posInt(
      'net.core.somaxconn inside the router/DHCP namespaces. A new namespace gets the kernel default, whatever the host is tuned to. Default from version.',
    ).optional(),
    hostSomaxconn: posInt(
      'net.core.somaxconn on the host (caps the metadata agent and Nova backlogs). Default from version.',
    ).optional(),
    synRetries: nonNegInt(
      'tcp_syn_retries of the instances: exponential SYN retransmissions before connect() fails.',
    ).default(6),
    synLinearTimeouts: nonNegInt(
      "tcp_syn_linear_timeouts of the instances' kernels: retransmissions at the initial RTO before the doubling starts, on top of synRetries. 0 (the default, kernels before 6.5) gives 1, 3, 7, 15, 31, 63 s and failure at 127 s; Linux 6.5+ defaults to 4: 1, 2, 3, 4, 5, 7, 11, 19, 35, 67 s and failure at 131 s.",
    )
      .max(10)
      .default(0),
    initialRto: period('Initial SYN retransmission timeout; doubles per retry once the linear ones are used.').default(
      1,
    ),
    synackRetries: nonNegInt(
      "tcp_synack_retries of the proxies' and Nova's namespaces: SYN-ACK resends (1, 2, 4, 8, 16 s apart) for a handshake whose last ACK found the accept queue full (tcp_abort_on_overflow 0); reset 63 s after the SYN with 5.",
    )
      .max(10)
      .default(5),
    handshakeRtt: seconds(
      '[unconfirmed] Round trip of the TCP handshake between an instance and its proxy (or the agent and Nova). SYNs within one round trip of each other all pass the accept-queue check, so some of their ACKs can find the queue full (0 = only the SYN-drop path).',
    )
      .default(0.0005)
      .meta(plausible(0.0001, 0.005, 'log', 'a Linux-bridge hop on one host to a loaded VXLAN path: 0.1-5 ms')),
    rtoMin: seconds(
      "tcp_rto_min of the instances' kernels (TCP_RTO_MIN, 200 ms): a client whose handshake's last ACK found the accept queue full believes it is connected and retransmits its request after handshakeRtt + rtoMin, doubling; each retransmission completes the handshake if the queue has room then (as the proxy's SYN-ACK resends do). 0: no data retransmissions modelled.",
    ).default(0.2),
    synCookies: nonNegInt(
      "tcp_syncookies of the proxies' and Nova's namespaces. 1 (Linux's default): a SYN that finds the SYN queue (handshakes in flight plus those whose ACK found the accept queue full) over min(backlog, somaxconn) is answered with a cookie and no state: no SYN-ACK resends, only the client's data retransmissions complete it. 0: such SYNs are dropped. 2: every SYN gets a cookie.",
    )
      .max(2)
      .default(1),
    timerHz: nonNegInt(
      "CONFIG_HZ of the proxies' (and Nova's) kernel: their SYN-ACK resends fire on its timer wheel, whose buckets at 1-16 s are 8-64 jiffies wide (32-256 ms at 250 Hz), so resends armed close together fire together. 0 (the default): exact timer times.",
    )
      .max(10000)
      .default(0),
    clientTimerHz: nonNegInt(
      "CONFIG_HZ of the instances' kernels: their SYN and data retransmissions fire on its timer wheel, so SYNs dropped close together are retransmitted in one burst. 0 (the default): exact timer times.",
    )
      .max(10000)
      .default(0),
  })
  .describe('Kernel listen-queue and TCP behaviour.');

export type NetworkSpec = z.output<typeof Network>;
export type TopologyCfg = z.output<typeof Topology>;
export type KernelCfg = z.output<typeof Kernel>;
