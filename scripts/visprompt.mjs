#!/usr/bin/env node
// The `visprompt` command (package.json "bin"): runs electron/cli/main.ts through tsx in this process, so
// signals reach the CLI itself (Ctrl-C leaves a job 'interrupted') and no build step is needed.
import { register } from 'tsx/esm/api';

register();
await import('../electron/cli/main.ts');
