// Zod compiles fast parsers with `new Function`, which our CSP (rightly) forbids; its probe for that is reported
// as a CSP violation. Jitless mode skips both. Imported first by main.tsx, before any schema is built.
import { z } from 'zod';

z.config({ jitless: true });
