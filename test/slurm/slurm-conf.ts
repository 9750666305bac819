/**
 * slurm.conf for a one-node test cluster (Slurm 22.05 option names; `man slurm.conf`).
 *
 * Every path is under the cluster's own folder and both ports are chosen free, so a test
 * cluster never touches /etc/slurm, /var/spool/slurm or a system slurmctld on 6817.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SlurmConfOptions {
  dir: string;
  /** This host's short name: slurmctld runs only where SlurmctldHost names it. */
  host: string;
  ctldPort: number;
  dPort: number;
  mungeSocket: string;
  node: string;
  cpus: number;
}

export function writeSlurmConf(file: string, o: SlurmConfOptions): void {
  const d = (p: string) => join(o.dir, p);
  const lines = [
    'ClusterName=nmsimtest',
    `SlurmctldHost=${o.host}(127.0.0.1)`,
    `SlurmctldPort=${o.ctldPort}`,
    `SlurmdPort=${o.dPort}`,
    'SlurmUser=root',
    'SlurmdUser=root',
    'AuthType=auth/munge',
    'CredType=cred/munge',
    `AuthInfo=socket=${o.mungeSocket}`,
    `StateSaveLocation=${d('ctld')}`,
    `SlurmdSpoolDir=${d('spool')}`,
    `SlurmctldPidFile=${d('run/slurmctld.pid')}`,
    `SlurmdPidFile=${d('run/slurmd.pid')}`,
    `SlurmctldLogFile=${d('slurmctld.log')}`,
    `SlurmdLogFile=${d('slurmd.log')}`,
    // No cgroups: processes tracked through /proc, no CPU binding.
    'ProctrackType=proctrack/linuxproc',
    'TaskPlugin=task/none',
    'SelectType=select/cons_tres',
    'SelectTypeParameters=CR_CPU',
    'SchedulerType=sched/backfill',
    'JobAcctGatherType=jobacct_gather/none',
    'AccountingStorageType=accounting_storage/none',
    'JobCompType=jobcomp/none',
    'MpiDefault=none',
    'MailProg=/bin/true',
    'ReturnToService=2',
    // Finished jobs stay visible to `scontrol show job` for 10 minutes.
    'MinJobAge=600',
    `NodeName=${o.node} NodeHostname=${o.host} NodeAddr=127.0.0.1 CPUs=${o.cpus} State=UNKNOWN`,
    `PartitionName=nmsim Nodes=${o.node} Default=YES MaxTime=INFINITE State=UP`,
  ];
  writeFileSync(file, lines.join('\n') + '\n');
}
