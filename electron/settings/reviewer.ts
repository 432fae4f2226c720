// Who a review change is recorded as: the name set in Settings, else the operating system's user name.
import { userInfo } from 'node:os';
import type { AppSettings } from '../../shared/domain';

export function reviewerName(settings: Pick<AppSettings, 'reviewerName'>): string {
  const set = settings.reviewerName.trim();
  if (set) return set;
  try {
    return userInfo().username || 'unknown';
  } catch {
    // No passwd entry for this uid (some containers): still an audit row, with no name to give.
    return 'unknown';
  }
}
