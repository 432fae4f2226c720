import { ACTION_GROUPS, ACTIONS } from '../actions/actions';
import { toggleHelp } from '../state/commands';
import { Kbd } from './Kbd';
import { Modal } from './Modal';

const WHERE: Record<string, string> = {
  home: 'Home',
  project: 'Library',
  image: 'Image',
  settings: 'Settings',
  review: 'Review',
  jobs: 'Jobs',
  eval: 'Evaluation',
};

const MOUSE: readonly [string, string][] = [
  ['Zoom to the cursor', 'Wheel'],
  ['Pan', 'Space + drag, or middle button'],
  ['Negative prompt point', 'Right-click or Alt + click'],
  ['Prompt box', 'Drag with the point tool'],
  ['Insert a polygon vertex', 'Drag an edge midpoint'],
  ['Delete a polygon vertex', 'Alt + click the vertex'],
];

/** A run of keys such as 1..9 is shown as its ends. */
const shownKeys = (keys: readonly string[]) => (keys.length > 3 ? [keys[0]!, keys.at(-1)!] : keys);

/** Generated from the actions table: whatever has a shortcut is listed, nothing else. */
export function HelpOverlay() {
  return (
    <Modal title="Keyboard shortcuts" onClose={() => toggleHelp(false)} width={860} testId="help-overlay">
      <div className="help-groups">
        {ACTION_GROUPS.map((group) => {
          const actions = ACTIONS.filter((a) => a.group === group && a.keys.length > 0);
          if (actions.length === 0) return null;
          return (
            <section key={group} className="help-group">
              <h3>{group}</h3>
              <ul>
                {actions.map((a) => (
                  <li key={a.id} className="help-row" data-action={a.id}>
                    <span className="help-label">
                      {a.label}
                      {a.scope !== 'any' && a.group === 'Status' && (
                        <span className="help-where"> · {a.scope.map((s) => WHERE[s]).join(', ')}</span>
                      )}
                    </span>
                    <span className="help-keys">
                      {shownKeys(a.keys).map((k, i) => (
                        <span key={k} className="help-key">
                          {i > 0 && (
                            <span className="help-or">
                              {k === a.keys.at(-1) && a.keys.length > 3 ? 'to' : 'or'}
                            </span>
                          )}
                          <Kbd binding={k} />
                        </span>
                      ))}
                    </span>
                  </li>
                ))}
              </ul>
            </section>
          );
        })}
        <section className="help-group">
          <h3>Canvas mouse</h3>
          <ul>
            {MOUSE.map(([what, how]) => (
              <li key={what} className="help-row">
                <span className="help-label">{what}</span>
                <span className="help-keys muted small">{how}</span>
              </li>
            ))}
          </ul>
        </section>
      </div>
      <p className="help-foot">
        Status shortcuts apply to the open image, or to the selected images in the library. Shortcuts are off
        while you type in a field. The last tool and label are remembered.
      </p>
    </Modal>
  );
}
