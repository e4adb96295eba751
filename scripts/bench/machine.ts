import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type } from 'node:os';

/** The operating system, from /etc/os-release when there is one. */
function operatingSystem(): string {
  const kernel = `${type()} ${release()} ${process.arch}`;
  if (!existsSync('/etc/os-release')) return kernel;
  const pretty = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'));
  return pretty === null ? kernel : `${pretty[1]} (${kernel})`;
}

/** CPU model and count, memory, Node and OS: what absolute numbers depend on. */
export function describeMachine(): string {
  const processors = cpus();
  const models = [...new Set(processors.map((cpu) => cpu.model.trim()))].join(', ');
  const memory = totalmem() / 1024 ** 3;
  return [
    `CPU: ${models} × ${processors.length}`,
    `memory: ${memory.toFixed(1)} GiB`,
    `Node ${process.version}`,
    `OS: ${operatingSystem()}`,
  ].join('; ');
}

/** The 1, 5 and 15 minute load averages, e.g. `0.52 0.80 0.91`. */
export function loadAverage(): string {
  return loadavg()
    .map((load) => load.toFixed(2))
    .join(' ');
}
