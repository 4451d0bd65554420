import { CONNECTION_POLICIES, connectionPolicy } from './connection-policy';

export interface ConnectionPolicySwitchProps {
  /** The lab's `metricsKeepAlive` setting. */
  keepAlive: boolean;
  disabled: boolean;
  onChange: (keepAlive: boolean) => void;
}

/** The direct route's connection policy: two named states, the current one pressed. */
export function ConnectionPolicySwitch({ keepAlive, disabled, onChange }: ConnectionPolicySwitchProps) {
  const current = connectionPolicy(keepAlive);
  return (
    <div
      className="field"
      role="group"
      aria-label="direct route connection policy"
      data-testid="control-connection-policy"
      data-policy={current.policy}
    >
      <span className="field-label">direct</span>
      <span className="segmented">
        {CONNECTION_POLICIES.map((p) => {
          const on = p.policy === current.policy;
          return (
            <button
              key={p.policy}
              type="button"
              className={`segment ${on ? 'segment-on' : ''}`}
              aria-pressed={on}
              data-testid={`control-policy-${p.policy}`}
              disabled={disabled}
              onClick={() => {
                if (!on) onChange(p.keepAlive);
              }}
            >
              {p.name}
            </button>
          );
        })}
      </span>
    </div>
  );
}

/** One line: which policy the direct route is on and what it does to the numbers. */
export function ConnectionPolicyNote({ keepAlive }: { keepAlive: boolean }) {
  const { policy, name, effect } = connectionPolicy(keepAlive);
  return (
    <p
      className="policy-note"
      data-testid="policy-note"
      data-policy={policy}
      role="status"
      title="the direct route's connection policy"
    >
      <strong>{name}:</strong> {effect}
    </p>
  );
}
