// Whether a process id names a live process on this machine: the temp files and folders a process writes carry
// its pid, so the next start can tell a killed writer's leftovers from a live writer's work in progress.
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // someone else's process: alive
  }
}
