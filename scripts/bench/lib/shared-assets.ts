import { hasSharedAssets } from '../../../test/helpers/shared-assets';

/** A benchmark on the real models and data prints a 'skipped' result and stops when ../shared is not there. */
export function exitUnlessSharedAssets(): void {
  if (hasSharedAssets) return;
  console.log(JSON.stringify({ skipped: 'no ../shared models and data (set VISPROMPT_SHARED)' }));
  process.exit(0);
}
