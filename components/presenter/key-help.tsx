import { KEY_HELP } from './keymap';

/** The `?` overlay: every key and what it does. */
export function KeyHelp({ onClose }: { onClose: () => void }) {
  return (
    <div className="key-help-backdrop" onClick={onClose}>
      <section
        className="key-help"
        role="dialog"
        aria-modal="true"
        aria-label="Keys"
        data-testid="key-help"
        onClick={(e) => e.stopPropagation()}
      >
        <h2>Keys</h2>
        <table>
          <tbody>
            {KEY_HELP.map((h) => (
              <tr key={h.what}>
                <th scope="row">
                  {h.keys.map((k) => (
                    <kbd key={k.key} className="key">
                      {k.label}
                    </kbd>
                  ))}
                </th>
                <td>{h.what}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" className="tool" onClick={onClose} data-testid="key-help-close">
          Close <kbd className="key">Esc</kbd>
        </button>
      </section>
    </div>
  );
}
