/** What a process that owns child processes or servers needs: lifecycle, guards that outlive a crash, probes, free ports. */
export { GRACEFUL_STOP_TIMEOUT_MS, ProcessLifecycle, type LifecycleLogger } from './process.lifecycle';
export { guardProcesses, stopGuardedProcesses, STOP_GRACE_MS, type GuardedProcesses, type ProcessGuard } from './process.watchdog';
export { findProcessesByArgument, isProcessAlive, isProcessGroupAlive, waitForProcessExit } from './process.probe';
export { findFreePort, findFreePorts, isPortFree } from './free-port.finder';
