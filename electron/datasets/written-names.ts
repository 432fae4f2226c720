// The names an export writes labels under: its format's convention (shared/datasets/class-names), counted, so
// the manifest and the report say every label written under another name than the project's.
import type { ClassNames } from '../../shared/datasets/class-names';
import type { IssueList } from '../../shared/datasets/issues';
import type { DatasetObject } from '../../shared/datasets/records';

export class WrittenNames {
  private readonly renamed = new Map<string, { written: string; annotations: number }>();

  constructor(private readonly classNames: ClassNames | undefined) {}

  /** The objects with their categories as the format writes them. */
  apply(objects: DatasetObject[]): DatasetObject[] {
    if (!this.classNames) return objects;
    return objects.map((o) => {
      const written = this.classNames!.spell(o.category);
      if (written === o.category) return o;
      const entry = this.renamed.get(o.category) ?? { written, annotations: 0 };
      entry.annotations++;
      this.renamed.set(o.category, entry);
      return { ...o, category: written };
    });
  }

  /** Project label -> the name written, for each label written otherwise. */
  mapping(): Record<string, string> {
    return Object.fromEntries([...this.renamed].map(([label, { written }]) => [label, written]));
  }

  /** One warning per renamed label, where = the project's name. */
  report(issues: IssueList): void {
    for (const [label, { written, annotations }] of this.renamed)
      issues.warning(
        label,
        `Written as "${written}" (${this.classNames!.convention}), ${annotations} annotation${annotations === 1 ? '' : 's'}.`,
      );
  }
}
