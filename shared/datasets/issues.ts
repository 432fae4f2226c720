// Problems found in a label file, one per record, so a user can fix the file (or skip those records) knowing
// exactly where each one is.

export type IssueSeverity = 'error' | 'warning';

/**
 * error: the record is wrong and cannot be imported as it is (a polygon with 2 points, an RLE of another size).
 * warning: the record was changed or left out for a reason the user should know (a box clipped to the image,
 * an open polyline the studio cannot hold).
 */
export interface RecordIssue {
  severity: IssueSeverity;
  /** Where in the input: "labels.json: annotations[4] (id 127096)". */
  where: string;
  message: string;
}

/** All the counts, and the first issues in full: a broken 100,000-record file must not make a 100 MB report. */
export interface IssueReport {
  errors: number;
  warnings: number;
  items: RecordIssue[];
}

export const MAX_LISTED_ISSUES = 500;

export class IssueList {
  private readonly report: IssueReport = { errors: 0, warnings: 0, items: [] };
  private dropped = 0;

  /**
   * With `leaveOut`, a record with an error is left out and the rest goes on: each such error is listed as a
   * warning saying so, and counted in `leftOut` (an import that is not strict).
   */
  constructor(private readonly options: { leaveOut?: boolean } = {}) {}

  error(where: string, message: string): void {
    if (!this.options.leaveOut) return this.add('error', where, message);
    this.dropped++;
    this.add('warning', where, `${message}${/[.?!]$/.test(message) ? '' : '.'} It was left out.`);
  }

  /** Records left out for an error (with `leaveOut`). */
  get leftOut(): number {
    return this.dropped;
  }

  warning(where: string, message: string): void {
    this.add('warning', where, message);
  }

  get errors(): number {
    return this.report.errors;
  }

  toReport(): IssueReport {
    return { ...this.report, items: [...this.report.items] };
  }

  private add(severity: IssueSeverity, where: string, message: string): void {
    if (severity === 'error') this.report.errors++;
    else this.report.warnings++;
    if (this.report.items.length < MAX_LISTED_ISSUES) this.report.items.push({ severity, where, message });
  }
}
