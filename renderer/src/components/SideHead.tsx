// A side-bar section's heading with its + button (labels, sequences).
import { Icon } from './Icon';

export function SideHead({
  title,
  addTitle,
  addLabel,
  testId,
  disabled,
  onAdd,
}: {
  title: string;
  /** The + button's tooltip and accessible name. */
  addTitle: string;
  addLabel: string;
  testId: string;
  disabled: boolean;
  onAdd: () => void;
}) {
  return (
    <div className="side-head">
      <h3 className="side-title">{title}</h3>
      <button
        type="button"
        className="icon-btn small"
        onClick={onAdd}
        disabled={disabled}
        title={addTitle}
        aria-label={addLabel}
        data-testid={testId}
      >
        <Icon name="plus" size={14} />
      </button>
    </div>
  );
}
