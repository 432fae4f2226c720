// "Replace an existing folder" asks first: the studio checks the target (only an earlier export of its own may
// be replaced) and says what replacing it removes; a folder that may not be replaced is refused with why.
import { useState, type ReactNode } from 'react';
import type { ExportTargetCheck } from '../../../shared/api/datasets';
import { api } from '../api';
import { ConfirmDialog } from '../components/Modal';
import { plural } from '../../../shared/counts';
import { formatBytes } from '../lib/format';
import { attempt } from '../state/app';

/** What the confirm says replacing the target removes. */
export const removalMessage = (target: string, check: ExportTargetCheck) =>
  `${target} holds an earlier export: ${plural(check.files, 'file')} (${formatBytes(check.bytes)}). ` +
  'Replacing it removes them once the new export is written.';

/**
 * `confirmThen(target, replace, run)` runs the export at once when nothing would be replaced, after the user
 * confirms when an earlier export would be, and not at all (`refused` tells why) when the target may not be
 * replaced; `dialog` is the confirm to render.
 */
export function useReplaceConfirm(project: string, refused: (message: string) => void) {
  const [pending, setPending] = useState<{ message: string; run: () => void } | null>(null);
  const confirmThen = async (target: string, replace: boolean, run: () => void) => {
    if (!replace) return run();
    const check = await attempt(() => api.datasets.checkTarget({ project, target }));
    if (!check) return;
    if (!check.exists) return run();
    if (!check.replaceable)
      return refused(`${target} ${check.reason}; only a folder this studio exported is replaced.`);
    setPending({ message: removalMessage(target, check), run });
  };
  const dialog: ReactNode = pending && (
    <ConfirmDialog
      title="Replace the earlier export?"
      message={pending.message}
      confirmLabel="Replace"
      onConfirm={() => {
        setPending(null);
        pending.run();
      }}
      onCancel={() => setPending(null)}
    />
  );
  return { confirmThen, dialog };
}
