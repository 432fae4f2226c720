import { actionById } from '../actions/actions';
import { bindingCaps, bindingText, IS_MAC } from '../actions/keys';

export function Kbd({ binding }: { binding: string }) {
  return (
    <span className="kbd-group">
      {bindingCaps(binding, IS_MAC).map((cap, i) => (
        <kbd key={i} className="kbd">
          {cap}
        </kbd>
      ))}
    </span>
  );
}

/** The first shortcut of an action, as key caps, read from the actions table. */
export function ActionKbd({ id }: { id: string }) {
  const binding = actionById(id)?.keys[0];
  return binding ? <Kbd binding={binding} /> : null;
}

/** "Next image (D)" for a title attribute. */
export function actionTitle(id: string, label?: string): string {
  const action = actionById(id);
  const text = label ?? action?.label ?? id;
  const binding = action?.keys[0];
  return binding ? `${text} (${bindingText(binding, IS_MAC)})` : text;
}
